import { openCheckpoint } from '../checkpoint/checkpoint';
import { verifyCosignature } from '../checkpoint/cosignature';
import type { NoteVerifier } from '../checkpoint/noteKeys';
import type { MerkleHash } from '../merkle/treeHash';
import type { MerkleLog, Outbox } from '../store/eventStore';
import { checkDeliveries } from './deliveries';
import { againstCheckpoint } from './againstCheckpoint';
import { findingList, type TrustedFinding } from './findings';
import { readLog } from './readLog';
import { checkStoreTree } from './storeTree';

/**
 * What `verifyTrusted` checks: a log (any `EventStore`, or anything that reads
 * its events in global order and may offer its tree), a checkpoint signed by
 * the log's key and kept outside the database, and the keys to trust.
 *
 * @example
 * const options: TrustedVerifyOptions = { store, checkpoint: readFileSync('checkpoint.txt'), verifier: noteVerifier(logVkey) };
 */
export interface TrustedVerifyOptions {
  /**
   * The log. `readAll()` must yield every event as stored (a store opened
   * without upcasters: the hashes cover the stored form), in global order.
   * `merkle`, when given, is used only for proofs that are checked against the
   * checkpoint, to say where the log stops agreeing with it, and is itself
   * compared with the events.
   */
  readonly store: {
    readAll(): AsyncIterable<unknown>;
    readonly merkle?: MerkleLog | undefined;
    /** The outbox, when given, is checked against its delivery records and those against the checkpoint. */
    readonly outbox?: Pick<Outbox, 'list' | 'deliveries'> | undefined;
  };
  /** The trusted checkpoint: a signed note, as the checkpointer or a witness wrote it. */
  readonly checkpoint: string | Uint8Array;
  /** The log's public key. */
  readonly verifier: NoteVerifier;
  /** Witnesses whose cosignature the checkpoint must carry (none by default). */
  readonly witnesses?: readonly NoteVerifier[];
}

/**
 * What `verifyTrusted` found: `ok` when nothing is wrong, the checkpoint it
 * checked against and its cosignatures, the log as read (events, complaints and
 * the root recomputed over every event), how many leaves are proven to be the
 * checkpoint's own, and what is wrong, named (see `TrustedFindingKind`).
 *
 * @example
 * const result: TrustedVerifyResult = await verifyTrusted({ store, checkpoint, verifier });
 * if (!result.ok) for (const f of result.findings) console.log(f.kind, f.message);
 */
export interface TrustedVerifyResult {
  readonly ok: boolean;
  readonly checkpoint: { readonly origin: string; readonly size: number; readonly rootHash: MerkleHash };
  readonly cosignatures: readonly { readonly witness: string; readonly timestamp: number }[];
  readonly events: number;
  readonly complaints: number;
  /** The root of the tree recomputed from every event read. */
  readonly rootHash: MerkleHash;
  /** Leaves proven to be the checkpoint's own: its size when the log extends it. */
  readonly agreedThrough: number;
  readonly findings: readonly TrustedFinding[];
  /** Findings left out of `findings` (at most 20 of a kind are listed). */
  readonly omitted: number;
  /** What was not checked, and why (never damage). */
  readonly notes: readonly string[];
}

/**
 * Prove that a store is an append-only extension of a trusted checkpoint, from
 * the events themselves: every event is read in global order, its hash
 * recomputed from its content and each complaint's chain followed; the RFC 6962
 * tree is rebuilt from those hashes, its root at the checkpoint's size compared
 * with the signed one, and the store's own tree (never trusted: only its proofs
 * that verify against the signed root count) compared with the events and
 * asked to prove the extension. Damage is a result, named: `rewritten` (changed
 * and re-hashed), `deleted`, `reordered`, `edited` and the rest of
 * `TrustedFindingKind`. Only a checkpoint that is not signed by the key (or not
 * cosigned by a witness asked for) throws, as `openCheckpoint` and
 * `verifyCosignature` do, and a store that cannot be reached.
 *
 * Events after the checkpoint are covered by their hashes and chains alone: a
 * newer checkpoint covers them.
 *
 * @example
 * const result = await verifyTrusted({ store, checkpoint: readFileSync('checkpoint.txt'), verifier: noteVerifier(logVkey) });
 * result.ok; // false
 * result.findings[0]; // { kind: 'rewritten', streamId: 'C-2', version: 6, position: 26, message: '…' }
 */
export const verifyTrusted = async (options: TrustedVerifyOptions): Promise<TrustedVerifyResult> => {
  const trusted = openCheckpoint(options.checkpoint, options.verifier);
  const cosignatures = (options.witnesses ?? []).map((w) => ({
    witness: w.name,
    ...verifyCosignature(options.checkpoint, w),
  }));
  const found = findingList();
  const log = await readLog(options.store.readAll(), found);
  const merkle = options.store.merkle;
  const agreedThrough = await againstCheckpoint(log, trusted, merkle, found);
  const notes =
    merkle === undefined ? ['The store offers no Merkle tree of its own: none was compared with the events'] : [];
  if (merkle !== undefined)
    notes.push(...(await checkStoreTree(merkle, log.tree, trusted, agreedThrough === trusted.size, found)));
  if (options.store.outbox !== undefined) notes.push(...(await checkDeliveries(options.store.outbox, trusted, found)));
  const findings = found.list();
  return {
    ok: findings.length === 0,
    checkpoint: { origin: trusted.origin, size: trusted.size, rootHash: trusted.rootHash },
    cosignatures,
    events: log.tree.size,
    complaints: log.streams,
    rootHash: log.tree.root(log.tree.size),
    agreedThrough,
    findings,
    omitted: found.omitted,
    notes,
  };
};
