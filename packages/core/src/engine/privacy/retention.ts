import type { Actor } from '../../domain/roles';
import { RedressError } from '../../errors/redressError';
import type { EventStore } from '../../store/eventStore';
import { readStore } from '../../store/storeCall';

/**
 * A retention rule: a subject's personal data is erased once every complaint of
 * theirs has been closed for `days` days. Carried out by `engine.tick`, recorded
 * as `PersonalDataErased` with basis `retention`.
 *
 * @example
 * createEngine({ store, privacy: { keys, retention: { days: 5 * 365 } } });
 */
export interface RetentionRule {
  /** Whole days after the last complaint of the subject closed: 1 to 36,500. */
  readonly days: number;
}

/** Who records erasures for a retention rule. */
export const RETENTION_ACTOR: Actor = { id: 'redress-retention', role: 'system' };

/** Events that move a complaint into a closed stage (the lifecycle's only ways there). */
const CLOSING = new Set(['ComplaintRejected', 'ComplaintWithdrawn', 'ComplaintReviewed']);
const DAY_MS = 86_400_000;

/** The rule checked: whole days in range, or `VALIDATION` saying what it must be. */
export const checkRetention = (rule: unknown): RetentionRule | undefined => {
  if (rule === undefined) return undefined;
  const days = (rule as { days?: unknown } | null)?.days;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new RedressError(
      'VALIDATION',
      'createEngine: privacy.retention must be { days } with whole days from 1 to 36,500, e.g. { days: 1825 }',
      { option: 'retention' },
    );
  }
  return { days };
};

/**
 * The subjects a retention rule has come due for at a moment, from the log:
 * read once, then kept up to date from the global order. Deterministic: the same
 * log and the same moment give the same subjects, in the order they were received.
 */
export const retentionDue = (store: EventStore, rule: RetentionRule) => {
  let scanned = 0;
  /** subject → its complaints → when each closed (undefined while open). */
  const subjects = new Map<string, Map<string, string | undefined>>();
  const subjectOf = new Map<string, string>();
  const erased = new Set<string>();

  const catchUp = () =>
    readStore(store.readAll({ after: scanned }), (e) => {
      scanned = e.position;
      if (e.type === 'ComplaintReceived' && e.data.subjectId !== undefined) {
        subjectOf.set(e.streamId, e.data.subjectId);
        const complaints = subjects.get(e.data.subjectId) ?? new Map<string, string | undefined>();
        complaints.set(e.streamId, undefined);
        subjects.set(e.data.subjectId, complaints);
      } else if (e.type === 'PersonalDataErased') erased.add(e.data.subjectId);
      else if (CLOSING.has(e.type)) {
        const subject = subjectOf.get(e.streamId);
        const complaints = subject === undefined ? undefined : subjects.get(subject);
        if (complaints !== undefined && complaints.get(e.streamId) === undefined)
          complaints.set(e.streamId, e.occurredAt);
      }
    });

  return async (now: Date): Promise<{ subjectId: string; complaints: string[] }[]> => {
    await catchUp();
    const due: { subjectId: string; complaints: string[] }[] = [];
    for (const [subjectId, complaints] of subjects) {
      if (erased.has(subjectId)) continue;
      const closed = [...complaints.values()];
      if (closed.some((at) => at === undefined)) continue;
      const last = Math.max(...closed.map((at) => Date.parse(at as string)));
      if (last + rule.days * DAY_MS <= now.getTime()) due.push({ subjectId, complaints: [...complaints.keys()] });
    }
    return due;
  };
};
