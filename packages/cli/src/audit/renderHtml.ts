import { REVEALED_NOTICE } from '../privacy/personalFields';
import type { Audit } from './timeline';
import { humanDuration } from './timeline';
import { stageDiagram } from './stageDiagram';
import { htmlText } from '../text/visibleText';

// Every value goes through here, wherever it is put and whatever its type says it holds.
const esc = (value: string | number) => htmlText(String(value));

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#0f172a;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:2rem 0 .5rem}
.meta{color:#475569}.hash{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e2e8f0;vertical-align:top}
th{background:#f8fafc;font-weight:600}td.num{text-align:right}
.missed{color:#b91c1c;font-weight:600}.met{color:#15803d}
.warning{background:#fef2f2;border:2px solid #b91c1c;color:#7f1d1d;padding:.6rem .8rem}
svg .stage rect{fill:#f1f5f9;stroke:#cbd5e1;stroke-width:1.5}svg .stage.visited rect{fill:#dbeafe;stroke:#3b82f6}
svg .stage.current rect{stroke:#1d4ed8;stroke-width:3.5}svg .label{font:600 13px system-ui,sans-serif;text-anchor:middle;fill:#0f172a}
svg .spent{font:12px system-ui,sans-serif;text-anchor:middle;fill:#475569}svg .edge{stroke:#64748b;stroke-width:1.5;fill:none}
svg .dashed{stroke-dasharray:4 3}svg .edge-label{font:11px system-ui,sans-serif;fill:#64748b;text-anchor:middle}
`;

const table = (id: string, head: readonly string[], rows: readonly (readonly string[])[], empty: string) =>
  rows.length === 0
    ? `<p id="${id}" class="empty">${esc(empty)}</p>`
    : `<table id="${id}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;

/**
 * An inclusion proof to embed in the page: the proof file's text, the name to
 * save it under, and the one line that checks it.
 *
 * @example
 * const proof: EmbeddedProof = { json, fileName: 'C-17.proof.json', checkLine: checkLine('C-17.proof.json', vkey), events: 13, origin, size: 42 };
 */
export interface EmbeddedProof {
  readonly json: string;
  readonly fileName: string;
  readonly checkLine: string;
  readonly events: number;
  readonly origin: string;
  readonly size: number;
}

/** The proof's section: what it proves, how to check it in one line, a link to save it (a data: URL, no script) and the proof itself. */
const proofSection = (p: EmbeddedProof): string => `<h2>Proof</h2>
<p id="proof-summary">This report carries the proof that its ${esc(p.events)} events are in the log's Merkle tree as the signed checkpoint of ${esc(p.origin)} at ${esc(p.size)} events has it. Check it without the log: save <a id="proof-download" download="${esc(p.fileName)}" href="data:application/json;base64,${Buffer.from(p.json).toString('base64')}">the proof</a> and run <code id="proof-check">${esc(p.checkLine)}</code></p>
<details><summary>The proof (JSON)</summary><pre id="inclusion-proof" class="hash">${esc(p.json)}</pre></details>`;

/**
 * The audit as one self-contained HTML page: inline CSS, the stage diagram as
 * inline SVG, the timeline, time per stage, deadlines and notifications. No
 * scripts, no external resources: it can be mailed or archived as is. With a
 * proof, it ends with the proof and the line that checks it without the log.
 *
 * @example
 * writeFileSync('C-17.html', renderHtml(audit, new Date()));
 */
export const renderHtml = (a: Audit, generatedAt: Date, proof?: EmbeddedProof): string => {
  const timeline = table(
    'timeline',
    ['#', 'When', 'Who', 'Role', 'What', 'Stage after'],
    a.timeline.map((r) => [
      esc(r.version),
      esc(r.at),
      `<span class="actor">${esc(r.actor)}</span>`,
      esc(r.role),
      esc(r.what),
      esc(r.stage),
    ]),
    'No events.',
  );
  const stages = table(
    'stages',
    ['Stage', 'From', 'To', 'Time spent'],
    a.stages.map((s) => [
      esc(s.stage),
      esc(s.from),
      esc(s.to ?? '—'),
      esc(s.final ? 'final stage' : humanDuration(s.ms)),
    ]),
    'No stages.',
  );
  const deadlines = table(
    'deadlines',
    ['Deadline', 'Due', 'Outcome', 'Met at'],
    a.deadlines.map((d) => [
      esc(d.kind),
      esc(d.dueAt),
      `<span class="${esc(d.outcome)}">${esc(d.outcome)}</span>`,
      esc(d.metAt ?? '—'),
    ]),
    'No deadlines were set for this complaint.',
  );
  const notifications =
    a.notifications === null
      ? '<p id="notifications" class="empty">This source keeps no outbox (an export), so notifications are not known.</p>'
      : table(
          'notifications',
          ['When', 'Channel', 'Recipient', 'State', 'Attempts'],
          a.notifications.map((n) => [
            esc(n.at),
            esc(n.channel),
            esc(n.recipient ?? '—'),
            esc(n.state),
            esc(n.attempts),
          ]),
          'No notifications were sent.',
        );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Audit of complaint ${esc(a.complaintId)}</title><style>${STYLE}</style></head>
<body>
${a.personalData === 'revealed' ? `<p id="personal-data" class="warning"><strong>${esc(REVEALED_NOTICE)}</strong></p>\n` : ''}<h1>Audit of complaint ${esc(a.complaintId)}</h1>
<p class="meta">Stage <strong id="current-stage">${esc(a.stage)}</strong> (${esc(a.status)}), ${esc(a.version)} events, verified hash chain ending <span class="hash">${esc(a.lastHash)}</span>. Generated ${esc(generatedAt.toISOString())}.</p>
<h2>Stages</h2>
<figure id="stage-diagram">${stageDiagram(a.stages, a.stage)}</figure>
${stages}
<h2>Timeline</h2>
${timeline}
<h2>Deadlines</h2>
${deadlines}
<h2>Notifications</h2>
${notifications}
${proof === undefined ? '' : proofSection(proof)}
</body></html>
`;
};
