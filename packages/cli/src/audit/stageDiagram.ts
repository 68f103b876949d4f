import type { Stage } from '@redress/core';
import type { StageSpan } from './timeline';
import { humanDuration } from './timeline';
import { htmlText as esc } from '../text/visibleText';

const W = 118;
const H = 46;
const GAP = 34;
const MAIN: readonly Stage[] = ['received', 'judged', 'investigated', 'proposal', 'implemented', 'reviewed'];
const POS: Readonly<Record<Stage, { x: number; y: number }>> = {
  ...(Object.fromEntries(MAIN.map((s, i) => [s, { x: 10 + i * (W + GAP), y: 30 }])) as Record<
    Stage,
    { x: number; y: number }
  >),
  rejected: { x: 10 + 1 * (W + GAP), y: 140 },
  withdrawn: { x: 10 + 3 * (W + GAP), y: 140 },
};
const EDGES: readonly (readonly [Stage, Stage, string?])[] = [
  ['received', 'judged'],
  ['judged', 'investigated'],
  ['investigated', 'proposal'],
  ['proposal', 'implemented'],
  ['implemented', 'reviewed'],
  ['received', 'rejected'],
  ['implemented', 'proposal', 'refused'],
];

const edge = ([from, to, label]: readonly [Stage, Stage, string?]): string => {
  const a = POS[from];
  const b = POS[to];
  if (label === 'refused') {
    const x1 = a.x + W / 2;
    const x2 = b.x + W / 2;
    return `<path d="M${x1},${a.y} C${x1},${a.y - 26} ${x2},${b.y - 26} ${x2},${b.y}" class="edge" marker-end="url(#arrow)"/><text x="${(x1 + x2) / 2}" y="${a.y - 20}" class="edge-label">customer refused</text>`;
  }
  if (b.y > a.y)
    return `<line x1="${a.x + W / 2}" y1="${a.y + H}" x2="${b.x + W / 2}" y2="${b.y}" class="edge" marker-end="url(#arrow)"/>`;
  return `<line x1="${a.x + W}" y1="${a.y + H / 2}" x2="${b.x}" y2="${b.y + H / 2}" class="edge" marker-end="url(#arrow)"/>`;
};

/**
 * The lifecycle as an inline SVG: every stage a box, the ones this complaint went
 * through filled and labelled with the time spent there, the current one outlined.
 *
 * @example
 * const svg = stageDiagram(audit.stages, audit.stage);
 */
export const stageDiagram = (spans: readonly StageSpan[], current: Stage): string => {
  const time = new Map<Stage, number | null>();
  for (const s of spans) {
    if (s.final) {
      time.set(s.stage, null);
      continue;
    }
    const before = time.get(s.stage);
    time.set(s.stage, s.ms === null || before === null ? null : (before ?? 0) + s.ms);
  }
  const boxes = (Object.keys(POS) as Stage[]).map((stage) => {
    const { x, y } = POS[stage];
    const visited = time.has(stage);
    const cls = ['stage', visited ? 'visited' : '', stage === current ? 'current' : ''].filter(Boolean).join(' ');
    const spent = visited
      ? `<text x="${x + W / 2}" y="${y + H + 16}" class="spent">${esc(stage === current && time.get(stage) === null ? (spans.at(-1)?.final ? 'final' : 'now') : humanDuration(time.get(stage) ?? null))}</text>`
      : '';
    return `<g class="${cls}" data-stage="${esc(stage)}"><rect x="${x}" y="${y}" width="${W}" height="${H}" rx="8"/><text x="${x + W / 2}" y="${y + H / 2 + 5}" class="label">${esc(stage)}</text>${spent}</g>`;
  });
  const withdrawnFrom = POS.withdrawn;
  const withdrawEdge = `<line x1="${POS.investigated.x + W / 2}" y1="${POS.investigated.y + H}" x2="${withdrawnFrom.x + W / 2}" y2="${withdrawnFrom.y}" class="edge dashed" marker-end="url(#arrow)"/><text x="${withdrawnFrom.x + W + 8}" y="${withdrawnFrom.y + 28}" class="edge-label" style="text-anchor:start">from any open stage</text>`;
  const width = 20 + MAIN.length * (W + GAP);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} 210" width="${width}" height="210" role="img" aria-label="Stage diagram, current stage ${esc(current)}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#64748b"/></marker></defs>',
    ...EDGES.map(edge),
    withdrawEdge,
    ...boxes,
    '</svg>',
  ].join('');
};
