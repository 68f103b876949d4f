import type { Audit } from './timeline';
import { humanDuration } from './timeline';
import { visibleText } from '../text/visibleText';
import { REVEALED_NOTICE } from '../privacy/personalFields';

const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s.padEnd(n));

/**
 * The audit as plain text for a terminal. Text from the log (notes, names,
 * reasons) is shown with its control characters escaped: a note cannot add a
 * row to the timeline or send escape sequences to the auditor's terminal.
 *
 * @example
 * console.log(renderText(audit));
 */
export const renderText = (a: Audit): string => {
  const lines = [
    ...(a.personalData === 'revealed' ? [REVEALED_NOTICE, ''] : []),
    `Complaint ${a.complaintId}: stage ${a.stage} (${a.status}), ${a.version} events, last hash ${a.lastHash}`,
    '',
    'Timeline',
  ];
  for (const r of a.timeline)
    lines.push(
      `  ${pad(`v${r.version}`, 5)}${pad(r.at, 26)}${pad(`${r.actor} (${r.role})`, 28)}${r.what}  → ${r.stage}`,
    );
  lines.push('', 'Time in each stage');
  for (const s of a.stages)
    lines.push(
      `  ${pad(s.stage, 14)}${pad(s.final ? 'final stage' : humanDuration(s.ms), 10)}${s.from}${s.final ? '' : ` → ${s.to ?? 'now'}`}`,
    );
  lines.push('', 'Deadlines');
  if (a.deadlines.length === 0) lines.push('  none set');
  for (const d of a.deadlines)
    lines.push(`  ${pad(d.kind, 14)}due ${d.dueAt}  ${d.outcome}${d.metAt === null ? '' : ` at ${d.metAt}`}`);
  lines.push('', 'Notifications');
  if (a.notifications === null) lines.push('  not known (this source keeps no outbox)');
  else if (a.notifications.length === 0) lines.push('  none');
  else for (const n of a.notifications) lines.push(`  ${pad(n.at, 26)}${n.summary}`);
  return lines.map(visibleText).join('\n');
};
