import * as crypto from 'node:crypto';
import { canonicalJson } from '../audit/canonicalJson';
import { strictBase64 } from '../checkpoint/signedNote';
import { compactTree, type CompactTree } from '../merkle/compactTree';
import { hashBytes, type MerkleHash } from '../merkle/treeHash';
import type { DeliveryRecord } from '../store/eventStore';

/**
 * The checkpoint extension line that covers the delivery records: `deliveries
 * <size> <base64 root>`, the RFC 6962 root over the first `size` records'
 * entries, in settling order. Signed with the checkpoint, and cosigned with it
 * by a witness, which checks only the event tree's consistency (the records
 * are the checkpointer's to keep append-only).
 *
 * @example
 * deliveriesLine(3, root); // 'deliveries 3 q3Jw…='
 */
export const deliveriesLine = (size: number, rootHash: MerkleHash): string =>
  `deliveries ${size} ${(hashBytes(rootHash) as Buffer).toString('base64')}`;

/**
 * The deliveries a checkpoint covers, from its extension lines; `undefined`
 * when it has none (signed before delivery records, or without them).
 *
 * @example
 * const covered = deliveriesOf(openCheckpoint(note, verifier).extensions);
 */
export const deliveriesOf = (extensions: readonly string[]): { size: number; rootHash: MerkleHash } | undefined => {
  for (const line of extensions) {
    const m = /^deliveries (0|[1-9][0-9]*) (\S+)$/.exec(line);
    const root = m === null ? undefined : strictBase64(m[2] as string);
    if (m !== null && root !== undefined && root.length === 32 && Number.isSafeInteger(Number(m[1])))
      return { size: Number(m[1]), rootHash: root.toString('hex') };
  }
  return undefined;
};

/**
 * What a delivery record's leaf covers: the sha256 of its canonical JSON
 * without `seq` (its place is its leaf index).
 *
 * @example
 * tree.add(deliveryEntry(record));
 */
export const deliveryEntry = ({ seq: _, ...record }: DeliveryRecord): MerkleHash =>
  crypto.createHash('sha256').update(canonicalJson(record)).digest('hex');

/**
 * The tree of delivery records, in the order given (the store's settling order).
 *
 * @example
 * const tree = deliveriesTree(await store.outbox.deliveries!());
 * deliveriesLine(tree.size, tree.root(tree.size));
 */
export const deliveriesTree = (records: readonly DeliveryRecord[]): CompactTree => {
  const tree = compactTree();
  for (const r of records) tree.add(deliveryEntry(r));
  return tree;
};
