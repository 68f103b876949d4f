/**
 * The soak's promises, each a function that lists what breaks it (an empty list: the promise held), so that the
 * test shows every problem at once rather than the first.
 */
import {
  deliveriesOf,
  deliveriesTree,
  memoryTree,
  openCheckpoint,
  verifyConsistency,
  type DeliveryRecord,
  type MerkleLog,
  type NoteVerifier,
  type PublishedCheckpoint,
  type StoredEvent,
  type VerifiedCheckpoint,
} from '@redress/core';
import type { Acknowledged } from './soakSetup';

/** 1. Every acknowledged command's events are in the store: some event of its complaint carries its commandId. */
export const lostCommands = (acknowledged: readonly Acknowledged[], events: readonly StoredEvent[]): string[] => {
  const stored = new Set(events.map((e) => `${e.streamId} ${e.commandId ?? ''}`));
  return acknowledged
    .filter((a) => !stored.has(`${a.complaintId} ${a.commandId}`))
    .map((a) => `${a.type} ${a.commandId} on ${a.complaintId} was acknowledged but none of its events is stored`);
};

/** 2. No deadline is warned of, or breached, twice on one complaint. */
export const repeatedDeadlineEvents = (events: readonly StoredEvent[]): string[] => {
  const seen = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'DeadlineWarned' && e.type !== 'DeadlineBreached') continue;
    const key = `${e.type} of ${e.data.deadline} on ${e.streamId}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key}: ${n} times`);
};

/**
 * 3. The checkpoints signed form one line: each signed by the log's key, each the root of the first `size`
 * events of `readAll`, each consistent with the one before (by the store's proof), and the delivery records
 * each covers a prefix of the store's records, never fewer than the one before covered.
 */
export const checkpointLineProblems = async (options: {
  readonly notes: readonly PublishedCheckpoint[];
  readonly events: readonly StoredEvent[];
  readonly records: readonly DeliveryRecord[];
  readonly merkle: MerkleLog;
  readonly verifier: NoteVerifier;
}): Promise<string[]> => {
  const { notes, events, merkle, verifier } = options;
  const problems: string[] = [];
  const tree = memoryTree();
  for (const e of events) tree.append(e.hash, e.position);
  const records = deliveriesTree(options.records);
  let before: VerifiedCheckpoint | undefined;
  for (const held of [...notes].sort((a, b) => a.size - b.size)) {
    let c: VerifiedCheckpoint;
    try {
      c = openCheckpoint(held.note, verifier);
    } catch (e) {
      problems.push(`checkpoint ${held.size}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (c.size !== held.size || c.rootHash !== held.rootHash)
      problems.push(`checkpoint ${held.size}: its note signs size ${c.size}, root ${c.rootHash}, not the row's`);
    if (c.size > events.length) problems.push(`checkpoint ${c.size}: the store's readAll has ${events.length} events`);
    else if ((await tree.log.root(c.size)) !== c.rootHash)
      problems.push(`checkpoint ${c.size}: its root is not the root of the first ${c.size} events of readAll`);
    const covered = deliveriesOf(c.extensions);
    if (covered === undefined) problems.push(`checkpoint ${c.size}: no deliveries line`);
    else if (covered.size > records.size || records.root(covered.size) !== covered.rootHash)
      problems.push(`checkpoint ${c.size}: its deliveries line is not a prefix of the store's delivery records`);
    if (before !== undefined) {
      const proof = await merkle.consistencyProof(before.size, c.size);
      const claim = { oldSize: before.size, oldRoot: before.rootHash, newSize: c.size, newRoot: c.rootHash, proof };
      if (!verifyConsistency(claim))
        problems.push(`checkpoint ${c.size} is not consistent with checkpoint ${before.size} before it`);
      const earlier = deliveriesOf(before.extensions);
      if (earlier !== undefined && covered !== undefined && covered.size < earlier.size)
        problems.push(
          `checkpoint ${c.size} covers ${covered.size} delivery records, fewer than the ${earlier.size} checkpoint ${before.size} covered`,
        );
    }
    before = c;
  }
  return problems;
};

/** 4. Every outbox message was delivered, and the receiver got each at least once. */
export const undelivered = (
  rows: readonly { readonly id: string; readonly status: string }[],
  received: ReadonlySet<string>,
): string[] => [
  ...rows.filter((r) => r.status !== 'delivered').map((r) => `outbox message ${r.id} is ${r.status}`),
  ...rows.filter((r) => !received.has(r.id)).map((r) => `outbox message ${r.id} never reached the receiver`),
];

/** 5. The stream, read from the start, is the store's readAll: the same event ids, in the same order, each once. */
export const streamDifferences = (streamIds: readonly string[], storeIds: readonly string[]): string[] => {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const id of streamIds) {
    if (seen.has(id)) problems.push(`event ${id} is in the stream more than once`);
    seen.add(id);
  }
  const stored = new Set(storeIds);
  for (const id of storeIds) if (!seen.has(id)) problems.push(`event ${id} of the store is not in the stream`);
  for (const id of seen) if (!stored.has(id)) problems.push(`event ${id} of the stream is not in the store`);
  if (problems.length === 0 && streamIds.some((id, i) => id !== storeIds[i]))
    problems.push('the stream holds the store’s events in another order');
  return problems;
};
