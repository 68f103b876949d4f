/**
 * An erasure begun and not yet finished, as the subject index keeps it: what
 * the `PersonalDataErased` events say, and who asked. No personal data (the
 * reason is stored in clear in the log as well).
 *
 * @example
 * const erasure: PendingErasure = { subjectId: 'S-8f3a', basis: 'request', reason: 'ticket 1042', actor: { id: 'dpo-1', role: 'privacy-officer' } };
 */
export interface PendingErasure {
  readonly subjectId: string;
  readonly basis: 'request' | 'retention';
  readonly reason: string;
  readonly actor: { readonly id: string; readonly role: string; readonly department?: string | undefined };
  /** The moment the events are recorded at (a retention rule's tick); the clock's when absent. */
  readonly at?: string | undefined;
}

/**
 * One complaint of one data subject, as the subject index links them.
 *
 * @example
 * const link: SubjectLink = { subjectId: 'S-8f3a', complaintId: 'C-17' };
 */
export interface SubjectLink {
  readonly subjectId: string;
  readonly complaintId: string;
}

/**
 * The subject index a key store may keep beside the keys (`KeyStore.index`):
 * which complaints each data subject has, recorded at intake, and the
 * erasures begun, so that erasing a subject and finishing an erasure a crash
 * cut short cost as much as the subject's complaints, not a scan of the log.
 * Optional: without it the engine scans the log.
 *
 * The rules:
 * - `link` records, in one write, that each complaint is its subject's; a
 *   link made before is kept as it was. `complaintsOf` gives a subject's
 *   complaints in the order they were first linked.
 * - `beginErasure` records an erasure (the last one given per subject wins);
 *   `pendingErasures` lists those whose subject is not yet destroyed.
 *   `destroy` of the key store ends the subject's pending erasure in the same write.
 * - `complete` says whether the engine has filled the index from the log once
 *   (complaints written before the index existed); `markComplete` records it.
 *
 * @example
 * await store.index?.link([{ subjectId: 'S-8f3a', complaintId: 'C-17' }]);
 * await store.index?.complaintsOf('S-8f3a'); // ['C-17']
 */
export interface SubjectIndex {
  link(links: readonly SubjectLink[]): Promise<void>;
  complaintsOf(subjectId: string): Promise<readonly string[]>;
  beginErasure(erasure: PendingErasure): Promise<void>;
  pendingErasures(): Promise<readonly PendingErasure[]>;
  complete(): Promise<boolean>;
  markComplete(): Promise<void>;
}

/**
 * A pending erasure read back from storage (JSON), or `undefined` when it is
 * not one: a store hands the engine nothing it did not check.
 *
 * @example
 * const erasure = pendingErasureFrom(JSON.parse(row.erasure));
 */
export const pendingErasureFrom = (value: unknown): PendingErasure | undefined => {
  const v = value as Partial<PendingErasure> | null;
  if (typeof v !== 'object' || v === null) return undefined;
  if (typeof v.subjectId !== 'string' || typeof v.reason !== 'string') return undefined;
  if (v.basis !== 'request' && v.basis !== 'retention') return undefined;
  const actor = v.actor as Partial<PendingErasure['actor']> | undefined;
  if (typeof actor?.id !== 'string' || typeof actor.role !== 'string') return undefined;
  return {
    subjectId: v.subjectId,
    basis: v.basis,
    reason: v.reason,
    actor: {
      id: actor.id,
      role: actor.role,
      ...(typeof actor.department === 'string' ? { department: actor.department } : {}),
    },
    ...(typeof v.at === 'string' ? { at: v.at } : {}),
  };
};
