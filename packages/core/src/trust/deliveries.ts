import type { Checkpoint } from '../checkpoint/checkpoint';
import { deliveriesOf, deliveriesTree } from '../checkpointer/deliveryEvidence';
import type { DeliveryRecord, Outbox } from '../store/eventStore';
import { finding, type FindingList } from './findings';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Check the outbox's settled rows against the delivery records, and the
 * records against the trusted checkpoint's `deliveries` line: the records it
 * covers must still give its root, and every row marked delivered or dead
 * needs a record saying so (a status set by hand in the database has none),
 * as every record of a delivery needs its row still marked so. Mismatches are
 * `delivery` findings naming the outbox message, its event and complaint;
 * what no checkpoint covers yet is a note. Returns the notes.
 *
 * @example
 * notes.push(...(await checkDeliveries(store.outbox, trusted, found)));
 */
export const checkDeliveries = async (
  outbox: Pick<Outbox, 'list' | 'deliveries'> | undefined,
  checkpoint: Checkpoint,
  found: FindingList,
): Promise<string[]> => {
  if (outbox?.deliveries === undefined)
    return ['The store offers no delivery records: outbox statuses were not checked'];
  const notes: string[] = [];
  const records = await outbox.deliveries();
  const covered = deliveriesOf(checkpoint.extensions);
  if (covered === undefined)
    notes.push(
      'The trusted checkpoint covers no delivery records (it was signed without them): outbox statuses were checked against the records the store holds, which no checkpoint proves',
    );
  else {
    const tree = deliveriesTree(records);
    if (tree.size < covered.size || tree.root(covered.size) !== covered.rootHash)
      found.add(
        finding(
          'delivery',
          undefined,
          tree.size < covered.size
            ? `The store holds ${plural(tree.size, 'delivery record')}, fewer than the ${covered.size} the trusted checkpoint covers: records were deleted`
            : `The store's first ${plural(covered.size, 'delivery record')} do not give the root the trusted checkpoint signed for them: records were changed`,
        ),
      );
  }
  const settled = new Map<string, DeliveryRecord>();
  for (const r of records) settled.set(r.outboxId, r);
  let uncovered = 0;
  const rows = await outbox.list();
  const marked = new Set<string>();
  for (const row of rows) {
    if (row.status !== 'delivered' && row.status !== 'dead') continue;
    marked.add(row.id);
    const record = settled.get(row.id);
    if (record === undefined || record.outcome !== row.status) {
      found.add({
        ...finding(
          'delivery',
          undefined,
          `Outbox message ${row.id} (for event ${row.eventId} of ${row.streamId}, channel ${row.channel}) is marked ${row.status}, but no delivery record says so${record === undefined ? '' : ` (its record says ${record.outcome})`}: its status was set in the database, not by a delivery`,
        ),
        streamId: row.streamId,
      });
    } else if (covered !== undefined && record.seq > covered.size) uncovered++;
  }
  for (const r of settled.values()) {
    if (r.outcome !== 'delivered' || marked.has(r.outboxId)) continue;
    const row = rows.find((o) => o.id === r.outboxId);
    found.add({
      ...finding(
        'delivery',
        undefined,
        `Outbox message ${r.outboxId} (for event ${r.eventId} of ${r.streamId}) was delivered at ${r.at}, but its row ${row === undefined ? 'is gone' : `is marked ${row.status}`}: the outbox was changed in the database`,
      ),
      streamId: r.streamId,
    });
  }
  if (uncovered > 0)
    notes.push(
      `${plural(uncovered, 'delivery')} settled after the trusted checkpoint: checked against the store's records, which a later checkpoint covers`,
    );
  return notes;
};
