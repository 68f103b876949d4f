import type { Checkpoint } from '../checkpoint/checkpoint';
import type { MerkleHash } from '../merkle/treeHash';

/**
 * A checkpoint the checkpointer signed, as handed to its sinks: the
 * checkpoint and its signed note (with the cosignatures sinks before this one
 * added).
 *
 * @example
 * const signed: SignedCheckpoint = { origin, size: 42, rootHash, extensions: [], note };
 */
export interface SignedCheckpoint extends Checkpoint {
  readonly note: string;
}

/**
 * What a sink may ask of the log while it publishes: a consistency proof
 * between two tree sizes (a witness needs one from the size it last cosigned).
 *
 * @example
 * const proof = await context.consistencyProof(witnessSize, checkpoint.size);
 */
export interface SinkContext {
  consistencyProof(m: number, n: number): Promise<MerkleHash[]>;
}

/**
 * Where signed checkpoints go: a directory, a witness, the store's own
 * table. Trust comes from the copies outside the database. `publish` returns
 * the note as it should travel on (a witness adds its cosignature), or nothing
 * to leave it as it was. A sink with `claim` is asked first, before any sink
 * publishes: it refuses (throws) a checkpoint that conflicts with one it holds,
 * or returns the note to publish — the one it holds for that size already,
 * when another signer got there first.
 *
 * @example
 * const printing: CheckpointSink = { name: 'log', publish: async (c) => void console.log(c.size) };
 */
export interface CheckpointSink {
  readonly name: string;
  claim?(checkpoint: SignedCheckpoint): Promise<string>;
  /** The last checkpoint of `origin` this sink holds, so that a new signer continues from it. */
  latest?(origin: string): Promise<Checkpoint | undefined>;
  publish(checkpoint: SignedCheckpoint, context: SinkContext): Promise<string | undefined>;
  /** After every sink published: the checkpoint as the last one left it, cosignatures included. */
  settle?(checkpoint: SignedCheckpoint): Promise<void>;
}
