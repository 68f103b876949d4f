import {
  type Complaint,
  type DeadlineClock,
  isRedressError,
  PRIORITIES,
  RedressError,
  STAGES,
  type StoredEvent,
  step,
} from '@redress/core';
import { eventParser } from '@redress/core/store-kit';
import Table from 'cli-table3';
import { defineCommand } from '../cli/command';
import { EXIT } from '../cli/exitCodes';
import { parseIsoDate } from '../cli/optionValues';
import type { Output } from '../cli/output';
import { openEvent } from '../privacy/personalFields';
import type { Source } from '../source/source';
import { visibleText } from '../text/visibleText';

/** Where a complaint stands against its clocks: the worst of its running ones. */
export type DeadlineState = 'breached' | 'warned' | 'due' | 'none';
const DEADLINE_STATES = ['due', 'warned', 'breached'] as const;

/** One line of `redress list`: no personal field, only what routing and deadlines use. */
export interface ListedComplaint {
  readonly id: string;
  readonly stage: string;
  readonly status: 'open' | 'closed';
  readonly department: string | null;
  readonly priority: string | null;
  readonly receivedAt: string;
  readonly deadline: {
    readonly state: DeadlineState;
    /** The running clock due first, with its kind; null when no clock runs. */
    readonly next: { readonly kind: string; readonly dueAt: string } | null;
    /** A running clock's due time has passed at the time of listing (whether or not a tick recorded it). */
    readonly overdue: boolean;
  };
}

/** The filters of `redress list`, as given on the command line. */
export interface ListFilters {
  readonly stage?: string | undefined;
  readonly status?: string | undefined;
  readonly department?: string | undefined;
  readonly priority?: string | undefined;
  readonly deadline?: string | undefined;
  readonly overdue?: boolean | undefined;
  /** When deadlines are judged (a date or date-time); default: now. */
  readonly at?: string | undefined;
}

const oneOf = (flag: string, value: string | undefined, allowed: readonly string[]) => {
  if (value !== undefined && !allowed.includes(value))
    throw new RedressError(
      'VALIDATION',
      `--${flag} must be one of ${allowed.join(', ')}, got "${visibleText(value)}"`,
      {
        option: `--${flag}`,
      },
    );
};

/** Where the complaint stands against its clocks at `now`. */
export const deadlineOf = (complaint: Complaint, now: number): ListedComplaint['deadline'] => {
  const running = Object.values(complaint.deadlines ?? {}).filter(
    (c): c is DeadlineClock => c !== undefined && c.status === 'running',
  );
  const first = [...running].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  const state: DeadlineState = running.some((c) => c.breached)
    ? 'breached'
    : running.some((c) => c.warned)
      ? 'warned'
      : first === undefined
        ? 'none'
        : 'due';
  return {
    state,
    next: first === undefined ? null : { kind: first.kind, dueAt: first.dueAt },
    overdue: running.some((c) => Date.parse(c.dueAt) <= now),
  };
};

const listed = (c: Complaint, now: number): ListedComplaint => ({
  id: c.id,
  stage: c.stage,
  status: c.status,
  department: c.department ?? null,
  priority: c.priority ?? null,
  receivedAt: c.receivedAt,
  deadline: deadlineOf(c, now),
});

const matches = (c: ListedComplaint, f: ListFilters) =>
  (f.stage === undefined || c.stage === f.stage) &&
  (f.status === undefined || c.status === f.status) &&
  (f.department === undefined || c.department === f.department) &&
  (f.priority === undefined || c.priority === f.priority) &&
  (f.deadline === undefined || c.deadline.state === f.deadline) &&
  (f.overdue !== true || c.deadline.overdue || c.deadline.state === 'breached');

/** Fold one stream's stored events (personal fields left hidden: a list shows none). */
const fold = async (
  streamId: string,
  raws: readonly { value: unknown; where: string; corrupt?: string | undefined }[],
) => {
  const parser = eventParser();
  let complaint: Complaint | undefined;
  for (const raw of raws) {
    let event: StoredEvent;
    try {
      if (raw.corrupt !== undefined) throw new RedressError('TAMPERED', raw.corrupt);
      event = parser.parse((await openEvent(raw.value, { reveal: false })).forReplay);
    } catch (error) {
      if (!isRedressError(error)) throw error;
      throw new RedressError('TAMPERED', `${streamId} at ${raw.where}: ${error.message}; run \`redress verify\``, {
        streamId,
      });
    }
    if (event.streamId !== streamId)
      throw new RedressError(
        'TAMPERED',
        `The event at ${raw.where} is stored under ${streamId} but names ${event.streamId}; run \`redress verify\``,
        { streamId },
      );
    const next = step(complaint, event);
    if (next === undefined)
      throw new RedressError(
        'TAMPERED',
        `${streamId} v${event.version} (${event.type}) is not legal after stage "${complaint?.stage ?? 'new'}"; run \`redress verify --complaint ${streamId}\``,
        { streamId, version: event.version },
      );
    complaint = next;
  }
  return complaint;
};

const shownTime = (iso: string) => iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z');

/** The complaints as a table for people: escaped, aligned by display width (Chinese department names included). */
export const renderList = (rows: readonly ListedComplaint[]): string => {
  if (rows.length === 0) return 'No complaint matches.';
  const table = new Table({
    head: ['id', 'stage', 'status', 'department', 'priority', 'received', 'deadline', 'due'],
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const r of rows) {
    const due = r.deadline.next === null ? '—' : `${r.deadline.next.kind} ${shownTime(r.deadline.next.dueAt)}`;
    table.push([
      visibleText(r.id),
      r.stage,
      r.status,
      r.department === null ? '—' : visibleText(r.department),
      r.priority ?? '—',
      shownTime(r.receivedAt),
      `${r.deadline.state}${r.deadline.overdue && r.deadline.state !== 'breached' ? ' (overdue)' : ''}`,
      due,
    ]);
  }
  const lines = table
    .toString()
    .split('\n')
    .map((l) => l.trimEnd());
  return [...lines, `${rows.length} complaint${rows.length === 1 ? '' : 's'}`].join('\n');
};

/**
 * `redress list`: every complaint with its stage, status, department,
 * priority, received time and deadline state, filtered; never a personal field.
 *
 * @example
 * await list(source, { status: 'open', overdue: true }, out);
 */
export const list = async (source: Source, filters: ListFilters, out: Output): Promise<number> => {
  const at = filters.at === undefined ? new Date() : parseIsoDate(filters.at);
  if (at === undefined)
    throw new RedressError(
      'VALIDATION',
      `--at must be a date such as 2026-03-01 or a date-time such as 2026-03-01T14:00:00Z (a real day and time), got "${visibleText(filters.at ?? '')}"`,
      { option: '--at' },
    );
  const now = at.getTime();
  oneOf('stage', filters.stage, STAGES);
  oneOf('status', filters.status, ['open', 'closed']);
  oneOf('priority', filters.priority, PRIORITIES);
  oneOf('deadline', filters.deadline, DEADLINE_STATES);
  const rows: ListedComplaint[] = [];
  for await (const stream of source.streams()) {
    const complaint = await fold(stream.streamId, stream.events);
    if (complaint === undefined) continue;
    const row = listed(complaint, now);
    if (matches(row, filters)) rows.push(row);
  }
  rows.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
  out.result(renderList(rows), { complaints: rows, count: rows.length });
  return EXIT.ok;
};

/** `redress list`: its command line, help and run. */
export const listCommand = defineCommand({
  name: 'list',
  synopsis:
    'list [--stage STAGE] [--status open|closed] [--department D] [--priority P] [--deadline due|warned|breached] [--overdue] [--at TIME]',
  summary: [
    'complaints: id, stage, status, department, priority, received time and',
    'deadline state (due, warned, breached; --overdue: a running clock past its',
    'due time, recorded or not, at TIME: default now), oldest first; no personal data',
  ],
  options: {
    stage: { type: 'string' },
    status: { type: 'string' },
    department: { type: 'string' },
    priority: { type: 'string' },
    deadline: { type: 'string' },
    overdue: { type: 'boolean' },
    at: { type: 'string' },
  },
  store: 'read',
  run: ({ source, values, out }) => list(source, values, out),
});
