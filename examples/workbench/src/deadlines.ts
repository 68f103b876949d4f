import type { Complaint, DeadlineClock } from '@redress/core';

/** Where a complaint stands against its running clocks, as `redress list` reads them from the fold. */
export interface DeadlineView {
  /** `breached` or `warned` once `tick` recorded it; `due` while a clock runs; `none` when none does. */
  readonly state: 'breached' | 'warned' | 'due' | 'none';
  /** The running clock due first. */
  readonly next: DeadlineClock | undefined;
  /** Milliseconds from now to its due time (negative when past). */
  readonly leftMs: number | undefined;
}

/** The deadline state of a complaint at `now`: the worst of its running clocks, and the first one due. */
export const deadlineView = (complaint: Complaint, now: number): DeadlineView => {
  const running = Object.values(complaint.deadlines ?? {}).filter(
    (c): c is DeadlineClock => c !== undefined && c.status === 'running',
  );
  const next = [...running].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  const state = running.some((c) => c.breached)
    ? 'breached'
    : running.some((c) => c.warned)
      ? 'warned'
      : next === undefined
        ? 'none'
        : 'due';
  return { state, next, leftMs: next === undefined ? undefined : Date.parse(next.dueAt) - now };
};

/** A span of time as a person reads it: `2 d 3 h`, `3 h 20 min`, `12 min`. */
export const span = (ms: number, zh: boolean): string => {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const min = minutes % 60;
  const [D, H, M] = zh ? ['天', '小时', '分钟'] : [' d', ' h', ' min'];
  if (d > 0) return `${d}${D} ${h}${H}`;
  if (h > 0) return `${h}${H} ${min}${M}`;
  return `${min}${M}`;
};
