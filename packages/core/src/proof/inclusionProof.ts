import { hashEvent } from '../audit/hashChain';
import { openCheckpoint, parseCheckpoint } from '../checkpoint/checkpoint';
import type { NoteVerifier } from '../checkpoint/noteKeys';
import { parseSignedNote } from '../checkpoint/signedNote';
import type { RecordedEvent } from '../domain/envelope';
import { RedressError } from '../errors/redressError';
import { verifyInclusion } from '../merkle/verifyProofs';
import type { MerkleHash } from '../merkle/treeHash';
import type { MerkleLog } from '../store/eventStore';
import { isRecord } from '../store/optionChecks';
import { withheldFields } from './withheldFields';

/**
 * The format name of an inclusion proof file, its first member.
 *
 * @example
 * JSON.parse(readFileSync('C-17.proof.json', 'utf8')).format === PROOF_FORMAT; // true
 */
export const PROOF_FORMAT = 'redress-inclusion-proof/v1';

/**
 * One event of a proof: its leaf in the checkpoint's tree, its hash, the
 * inclusion proof, and the event as stored (without its position) so that a
 * reader sees what is proven and can hash it again; fields in `withheld`
 * (personal data in clear) were taken out, and such an event's content cannot
 * be hashed again: only its hash is proven.
 *
 * @example
 * const entry: ProvenEvent = { leafIndex: 4, hash, proof, event, withheld: [] };
 */
export interface ProvenEvent {
  readonly leafIndex: number;
  readonly hash: MerkleHash;
  readonly proof: readonly MerkleHash[];
  readonly event: Readonly<Record<string, unknown>>;
  readonly withheld: readonly string[];
}

/**
 * A proof that a complaint's events are in the tree of a signed checkpoint:
 * what `redress prove` writes and `redress check-proof` checks without the log.
 *
 * @example
 * writeFileSync('C-17.proof.json', JSON.stringify(await inclusionProof({ complaintId, events, checkpoint, merkle })));
 */
export interface InclusionProof {
  readonly format: typeof PROOF_FORMAT;
  readonly complaintId: string;
  /** The signed checkpoint (with any cosignatures), as a note. */
  readonly checkpoint: string;
  readonly events: readonly ProvenEvent[];
  /** Events of the complaint after the checkpoint: a newer checkpoint proves them. */
  readonly notCovered: number;
}

/**
 * What `inclusionProof` takes: the complaint's stored events (with their
 * positions), the signed checkpoint, the store's tree, and whether personal
 * data in clear may go into the proof (no, by default).
 *
 * @example
 * const options: InclusionProofOptions = { complaintId: 'C-17', events, checkpoint: note, merkle: store.merkle! };
 */
export interface InclusionProofOptions {
  readonly complaintId: string;
  readonly events: readonly unknown[];
  readonly checkpoint: string;
  readonly merkle: MerkleLog;
  /** Check the checkpoint's signature with this key first. */
  readonly verifier?: NoteVerifier;
  readonly personalData?: boolean;
}

const tampered = (message: string, details?: { streamId?: string; version?: number; position?: number }) =>
  new RedressError('TAMPERED', message, details);

/**
 * Prove that a complaint's events are in the checkpoint's tree, from the
 * store's tree. Nothing the store gives is taken on trust: the store's root at
 * the checkpoint's size must be the signed one, each event's content must give
 * its hash, and each inclusion proof is checked before it is written; any of
 * that failing is `TAMPERED` (run `verifyTrusted`). Events after the
 * checkpoint are counted in `notCovered`.
 *
 * @example
 * const proof = await inclusionProof({ complaintId: 'C-17', events: await collect(store.readStream('C-17')), checkpoint: note, merkle: store.merkle! });
 */
export const inclusionProof = async (options: InclusionProofOptions): Promise<InclusionProof> => {
  const { complaintId, merkle } = options;
  const checkpoint =
    options.verifier === undefined
      ? parseCheckpoint(parseSignedNote(options.checkpoint).text)
      : openCheckpoint(options.checkpoint, options.verifier);
  const size = checkpoint.size;
  if ((await merkle.size()) < size || (await merkle.root(size)) !== checkpoint.rootHash) {
    throw tampered(
      `The store's Merkle tree does not have the checkpoint's root at its size ${size}: this store is not the log that checkpoint signed, or it was changed since; run \`redress verify --trusted\` with that checkpoint`,
    );
  }
  const events: ProvenEvent[] = [];
  let notCovered = 0;
  for (const raw of options.events) {
    const stored = isRecord(raw) ? raw : {};
    const { position, ...rest } = stored;
    const place = {
      streamId: complaintId,
      version: typeof rest.version === 'number' ? rest.version : 0,
      ...(typeof position === 'number' ? { position } : {}),
    };
    if (typeof position !== 'number' || typeof rest.hash !== 'string' || rest.streamId !== complaintId)
      throw tampered(
        `An event of ${complaintId} is not an event of it with a position and a hash; run \`redress verify\``,
        place,
      );
    if (hashEvent(rest as unknown as RecordedEvent) !== rest.hash)
      throw tampered(
        `${complaintId} v${place.version}: its content no longer gives its hash; run \`redress verify\``,
        place,
      );
    const leafIndex = await merkle.leafIndex(position);
    if (leafIndex === null || leafIndex >= size) {
      notCovered++;
      continue;
    }
    const proof = await merkle.inclusionProof(leafIndex, size);
    if (!verifyInclusion({ eventHash: rest.hash, index: leafIndex, size, proof, root: checkpoint.rootHash })) {
      throw tampered(
        `${complaintId} v${place.version} is not in the checkpoint's tree where the store's tree puts it: the event was changed since the checkpoint; run \`redress verify --trusted\``,
        place,
      );
    }
    const shown = options.personalData === true ? { event: rest, withheld: [] } : withheldFields(rest);
    events.push({ leafIndex, hash: rest.hash, proof, event: shown.event, withheld: shown.withheld });
  }
  return { format: PROOF_FORMAT, complaintId, checkpoint: options.checkpoint, events, notCovered };
};
