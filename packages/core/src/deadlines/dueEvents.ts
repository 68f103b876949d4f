import type { Complaint } from '../domain/complaint';
import type { DomainEvent } from '../domain/events';
import { DEADLINE_KINDS } from '../domain/events';
import { isOpenStage } from '../domain/stages';

/** A deadline event `tick` owes a complaint, with the moment it became due. */
export interface DueEvent {
  readonly at: number;
  readonly event: DomainEvent;
}

/**
 * What a tick at `now` must record for this complaint: warnings whose moment has
 * come, breaches of deadlines now past (due + 1 ms, so meeting it at the due
 * instant is in time), and escalations the clocks ask for, in time order.
 * Pure: the same complaint and `now` give the same events.
 *
 * @example
 * dueEvents(complaint, Date.parse('2026-01-20T00:00:00Z'));
 * // → [{ at, event: { type: 'DeadlineBreached', data: { deadline: 'decide', dueAt } } }]
 */
export const dueEvents = (c: Complaint, now: number): DueEvent[] => {
  if (c.pausedAt !== undefined || c.deadlines === undefined) return [];
  const out: DueEvent[] = [];
  for (const kind of DEADLINE_KINDS) {
    const clock = c.deadlines[kind];
    if (clock === undefined || clock.status !== 'running') continue;
    const warnAt = Date.parse(clock.warnAt);
    const breachAt = Date.parse(clock.dueAt) + 1;
    const data = { deadline: kind, dueAt: clock.dueAt };
    if (!clock.warned && !clock.breached && warnAt <= now)
      out.push({ at: warnAt, event: { type: 'DeadlineWarned', data } });
    if (!clock.breached && breachAt <= now) {
      out.push({ at: breachAt, event: { type: 'DeadlineBreached', data } });
      if (clock.escalate && isOpenStage(c.stage)) {
        out.push({
          at: breachAt,
          event: {
            type: 'ComplaintEscalated',
            data: { reason: `The ${kind} deadline passed: it was due ${clock.dueAt}` },
          },
        });
      }
    }
  }
  // Stable: events of one moment keep the order of the deadline kinds.
  return out.sort((a, b) => a.at - b.at);
};

/**
 * The next moment a tick has something to record for this complaint (epoch ms),
 * or `undefined`: nothing running, or paused.
 *
 * @example
 * nextDueMoment(complaint); // Date.parse(complaint.deadlines.decide.warnAt)
 */
export const nextDueMoment = (c: Complaint): number | undefined => {
  if (c.pausedAt !== undefined || c.deadlines === undefined) return undefined;
  let next: number | undefined;
  for (const clock of Object.values(c.deadlines)) {
    if (clock.status !== 'running' || clock.breached) continue;
    const at = clock.warned ? Date.parse(clock.dueAt) + 1 : Date.parse(clock.warnAt);
    if (next === undefined || at < next) next = at;
  }
  return next;
};
