import type { MerkleHash } from '../merkle/treeHash';

/**
 * A checkpoint as published: its origin, tree size and root, and the signed
 * note (with whatever cosignatures were added to it).
 *
 * @example
 * const published: PublishedCheckpoint = { origin: 'complaints.example.com/log', size: 42, rootHash, note };
 */
export interface PublishedCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: MerkleHash;
  readonly note: string;
}

/**
 * Where a store keeps the checkpoints signed of its log, one per origin and
 * tree size: the table is the store's own copy, and the arbiter between
 * several app instances signing one log. `claim` is atomic: of two signers
 * claiming one size, the first is kept and the second gets it back, so two
 * different trees of one size can never both be claimed.
 *
 * @example
 * const held = await table.claim({ origin, size, rootHash, note });
 * if (held.rootHash !== rootHash) throw new Error('another signer published another tree of this size');
 */
export interface CheckpointTable {
  /** Keep `entry` unless one of its origin and size is kept already; returns the one kept. */
  claim(entry: PublishedCheckpoint): Promise<PublishedCheckpoint>;
  /** Replace the note of a kept checkpoint by `note`, the same text with more cosignatures. */
  cosigned(origin: string, size: number, note: string): Promise<void>;
  /** The kept checkpoint of `origin` with the largest size, if any. */
  latest(origin: string): Promise<PublishedCheckpoint | undefined>;
  /** Every kept checkpoint of `origin`, by size. */
  list(origin: string): Promise<PublishedCheckpoint[]>;
}

/**
 * A checkpoint table in process memory, as the memory store keeps it.
 *
 * @example
 * const table = memoryCheckpointTable();
 * await table.claim({ origin: 'example.com/log', size: 0, rootHash: EMPTY_ROOT, note });
 */
export const memoryCheckpointTable = (): CheckpointTable => {
  const rows = new Map<string, PublishedCheckpoint>();
  const key = (origin: string, size: number) => `${size} ${origin}`;
  const of = (origin: string) => [...rows.values()].filter((r) => r.origin === origin).sort((a, b) => a.size - b.size);
  return {
    async claim(entry) {
      const held = rows.get(key(entry.origin, entry.size));
      if (held !== undefined) return held;
      const kept = { origin: entry.origin, size: entry.size, rootHash: entry.rootHash, note: entry.note };
      rows.set(key(entry.origin, entry.size), kept);
      return kept;
    },
    async cosigned(origin, size, note) {
      const held = rows.get(key(origin, size));
      if (held !== undefined) rows.set(key(origin, size), { ...held, note });
    },
    latest: async (origin) => of(origin).at(-1),
    list: async (origin) => of(origin),
  };
};
