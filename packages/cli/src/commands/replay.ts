import { isErased, RedressError, type Complaint, type StoredEvent } from '@redress/core';
import { isHidden } from '../privacy/personalFields';
import { EXIT } from '../cli/exitCodes';
import { parseIsoDate, parseWholeNumber } from '../cli/optionValues';
import type { Output } from '../cli/output';
import type { Source } from '../source/source';
import { loadComplaint } from './loadComplaint';
import { visibleText } from '../text/visibleText';
import { defineCommand } from '../cli/command';
import { openLens, REVEAL_OPTIONS, REVEALED_NOTICE, type RevealValues } from '../privacy/revealOptions';

export interface ReplayOptions extends RevealValues {
  readonly at?: string | undefined;
  readonly version?: string | undefined;
}

/** Where to stop: after the event of a version or at a time, or not at all. */
const cutOff = (options: ReplayOptions): { keep: (e: StoredEvent) => boolean; version?: number } => {
  if (options.at !== undefined && options.version !== undefined) {
    throw new RedressError('VALIDATION', 'Give --at or --version, not both');
  }
  if (options.version !== undefined) {
    const n = parseWholeNumber(options.version);
    if (n === undefined || n < 1)
      throw new RedressError('VALIDATION', `--version must be a whole number ≥ 1, got "${options.version}"`);
    return { keep: (e) => e.version <= n, version: n };
  }
  if (options.at !== undefined) {
    const t = parseIsoDate(options.at);
    if (t === undefined) {
      throw new RedressError(
        'VALIDATION',
        `--at must be a date-time such as 2026-03-02T10:00:00Z or a date such as 2026-03-02 (ISO 8601, a real day and time), got "${options.at}"`,
      );
    }
    const limit = t.getTime();
    return { keep: (e) => Date.parse(e.occurredAt) <= limit };
  }
  return { keep: () => true };
};

/** A field of the state as text: a personal one that is hidden or erased says so. */
const field = (value: unknown): string =>
  isHidden(value) ? '(personal data, hidden)' : isErased(value) ? '(erased)' : String(value);

const summary = (c: Complaint): string =>
  [
    `${c.id} at version ${c.version} (${c.updatedAt})`,
    `  stage       ${c.stage} (${c.status})`,
    `  received    ${c.receivedAt} via ${c.channel}, category ${c.category}`,
    `  summary     ${field(c.summary)}`,
    ...(c.department === undefined
      ? []
      : [`  department  ${c.department}${c.priority === undefined ? '' : `, priority ${c.priority}`}`]),
    ...(c.proposals.length === 0
      ? []
      : [
          `  proposals   ${c.proposals.map((p) => `${p.id} ${p.status} (${p.approvals.length}/${p.approvalsRequired} approvals)`).join('; ')}`,
        ]),
    ...(c.customerAccepted === undefined ? [] : [`  customer    ${c.customerAccepted ? 'accepted' : 'refused'}`]),
    ...(c.closedAt === undefined ? [] : [`  closed      ${c.closedAt}`]),
  ]
    // The summary is the complainant's text: shown escaped, it stays on its line.
    .map(visibleText)
    .join('\n');

/**
 * The complaint's state as of a version or a time, by full replay through the
 * lifecycle machine. Its personal fields show as `{ hidden: true }` (text:
 * `(personal data, hidden)`), unless `--reveal` asks for them; then the output
 * says at its top that it holds personal data.
 *
 * @example
 * await replay(source, 'C-1', { version: '3' }, out);
 */
export const replay = async (
  source: Source,
  id: string,
  options: ReplayOptions,
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> => {
  const { keep, version } = cutOff(options);
  const { lens, close } = openLens(options, env, source);
  let loaded: Awaited<ReturnType<typeof loadComplaint>>;
  try {
    loaded = await loadComplaint(source, id, keep, lens);
  } finally {
    await close();
  }
  const { complaint, shownComplaint } = loaded;
  if (version !== undefined && complaint.version < version) {
    throw new RedressError(
      'NOT_FOUND',
      `Complaint ${id} has only ${complaint.version} events; --version ${options.version} is beyond it`,
      { complaintId: id },
    );
  }
  // Personal fields show as { hidden: true }: a replay is pasted into tickets and chats.
  if (lens.reveal)
    out.result(`${REVEALED_NOTICE}\n${summary(shownComplaint)}`, {
      personalData: 'revealed',
      notice: REVEALED_NOTICE,
      ...shownComplaint,
    });
  else out.result(summary(shownComplaint), shownComplaint);
  return EXIT.ok;
};

/** `redress replay`: its command line, help and run. */
export const replayCommand = defineCommand({
  name: 'replay',
  synopsis:
    'replay ID [--at TIME | --version N] [--reveal [--key-store FILE|postgres://…] [--key-schema NAME] [--kek-env NAME] [--kek-id ID]]',
  summary: [
    "the complaint's state then (TIME: 2026-03-02T10:00:00Z, an offset",
    'such as +01:00 instead of Z, or a date alone: midnight UTC); personal',
    'fields hidden unless --reveal (keys as for audit)',
  ],
  argument: 'complaint id',
  options: { at: { type: 'string' }, version: { type: 'string' }, ...REVEAL_OPTIONS },
  store: 'read',
  run: ({ source, argument, values, out, env }) => replay(source, argument, values, out, env),
});
