import { GENESIS_HASH, hashEvent } from '../audit/hashChain';
import { openCheckpoint, type VerifiedCheckpoint } from '../checkpoint/checkpoint';
import { verifyCosignature } from '../checkpoint/cosignature';
import type { NoteVerifier } from '../checkpoint/noteKeys';
import type { RecordedEvent } from '../domain/envelope';
import { RedressError, isRedressError } from '../errors/redressError';
import { verifyInclusion } from '../merkle/verifyProofs';
import type { MerkleHash } from '../merkle/treeHash';
import { isRecord } from '../store/optionChecks';
import { PROOF_FORMAT } from './inclusionProof';

/**
 * What `checkProof` says of one event of a proof: whether its hash is in the
 * checkpoint's tree, and whether its content was hashed again and gives that
 * hash (`checked`), could not be (`withheld`: personal data was taken out) or
 * gives another (`changed`).
 *
 * @example
 * const e: CheckedEvent = { version: 1, type: 'ComplaintReceived', leafIndex: 0, included: true, content: 'withheld' };
 */
export interface CheckedEvent {
  readonly version: number | undefined;
  readonly type: string | undefined;
  readonly leafIndex: number | undefined;
  readonly included: boolean;
  readonly content: 'checked' | 'withheld' | 'changed';
}

/**
 * The outcome of `checkProof`: `ok` when the checkpoint is signed by the log's
 * key (and cosigned by every witness asked for), every event is in its tree,
 * no content gives another hash and the events link up as a chain.
 *
 * @example
 * const check: ProofCheck = checkProof(JSON.parse(text), { verifier });
 * if (!check.ok) console.log(check.failures.join('\n'));
 */
export interface ProofCheck {
  readonly ok: boolean;
  readonly complaintId: string;
  readonly checkpoint: { readonly origin: string; readonly size: number; readonly rootHash: MerkleHash } | undefined;
  readonly cosignatures: readonly { readonly witness: string; readonly timestamp: number }[];
  readonly events: readonly CheckedEvent[];
  readonly notCovered: number;
  readonly failures: readonly string[];
}

const MAX_EVENTS = 100_000;

const notAProof = (why: string) =>
  new RedressError(
    'VALIDATION',
    `This is not an inclusion proof of Redress: ${why}; give a file written by \`redress prove\``,
  );

/** A proof's members, checked for shape only: anything else is not a proof. */
const shapeOf = (proof: unknown) => {
  if (!isRecord(proof) || proof.format !== PROOF_FORMAT) throw notAProof(`its "format" is not "${PROOF_FORMAT}"`);
  const { complaintId, checkpoint, events, notCovered } = proof;
  if (typeof complaintId !== 'string' || typeof checkpoint !== 'string')
    throw notAProof('it lacks "complaintId" or "checkpoint" text');
  if (!Array.isArray(events) || events.length > MAX_EVENTS)
    throw notAProof(`its "events" is not a list of at most ${MAX_EVENTS}`);
  return {
    complaintId,
    checkpoint,
    events: events as unknown[],
    notCovered: typeof notCovered === 'number' && Number.isSafeInteger(notCovered) ? notCovered : 0,
  };
};

/** What an entry says, with whatever is missing as undefined. */
const entryOf = (entry: unknown) => {
  const e = isRecord(entry) ? entry : {};
  const event = isRecord(e.event) ? e.event : undefined;
  const withheld = Array.isArray(e.withheld) ? e.withheld : [];
  return {
    leafIndex: typeof e.leafIndex === 'number' ? e.leafIndex : undefined,
    hash: typeof e.hash === 'string' ? e.hash : undefined,
    proof: Array.isArray(e.proof) ? (e.proof as string[]) : undefined,
    event,
    withheld,
    version: typeof event?.version === 'number' ? event.version : undefined,
    type: typeof event?.type === 'string' ? event.type : undefined,
  };
};

/** A checkpoint opened, or the reason it cannot be trusted. */
const opened = (note: string, verifier: NoteVerifier): VerifiedCheckpoint | string => {
  try {
    return openCheckpoint(note, verifier);
  } catch (error) {
    if (isRedressError(error)) return error.message;
    throw error;
  }
};

/**
 * Check an inclusion proof without the log: the checkpoint's signature by the
 * log's key (and the cosignatures of `witnesses`), each event's inclusion proof
 * against the signed root, each event's content against its hash where it is
 * all there, and that the events link up (each `prevHash` the hash of the
 * version before, v1's the genesis hash). What fails is a result, in
 * `failures`; only a file that is no proof at all is a `VALIDATION` error.
 * A proof shows that these events are in the log; not that they are all of
 * the complaint's events (later ones may not be covered by its checkpoint).
 *
 * @example
 * const check = checkProof(JSON.parse(readFileSync('C-17.proof.json', 'utf8')), { verifier: noteVerifier(logVkey) });
 * check.ok; // true
 */
export const checkProof = (
  proof: unknown,
  options: { readonly verifier: NoteVerifier; readonly witnesses?: readonly NoteVerifier[] },
): ProofCheck => {
  const { complaintId, checkpoint: note, events, notCovered } = shapeOf(proof);
  const failures: string[] = [];
  const checkpoint = opened(note, options.verifier);
  if (typeof checkpoint === 'string') {
    return {
      ok: false,
      complaintId,
      checkpoint: undefined,
      cosignatures: [],
      events: [],
      notCovered,
      failures: [checkpoint],
    };
  }
  const cosignatures: { witness: string; timestamp: number }[] = [];
  for (const witness of options.witnesses ?? []) {
    try {
      cosignatures.push({ witness: witness.name, ...verifyCosignature(note, witness) });
    } catch (error) {
      if (!isRedressError(error)) throw error;
      failures.push(error.message);
    }
  }
  const checked: CheckedEvent[] = [];
  let previous: { version: number | undefined; hash: string | undefined } | undefined;
  events.forEach((raw, i) => {
    const e = entryOf(raw);
    const name = `event ${i + 1}${e.version === undefined ? '' : ` (v${e.version})`}`;
    const included =
      e.hash !== undefined &&
      e.leafIndex !== undefined &&
      e.proof !== undefined &&
      verifyInclusion({
        eventHash: e.hash,
        index: e.leafIndex,
        size: checkpoint.size,
        proof: e.proof,
        root: checkpoint.rootHash,
      });
    if (!included) failures.push(`${name} is not in the checkpoint's tree: its hash, leaf index or proof was changed`);
    const content =
      e.event === undefined || e.event.hash !== e.hash
        ? 'changed'
        : e.withheld.length > 0
          ? 'withheld'
          : hashEvent(e.event as unknown as RecordedEvent) === e.hash
            ? 'checked'
            : 'changed';
    if (content === 'changed')
      failures.push(`${name}: its content does not give its hash, so it is not the event proven`);
    if (e.event !== undefined && e.event.streamId !== complaintId)
      failures.push(`${name} is not an event of ${complaintId}`);
    const linksTo =
      previous !== undefined && e.version !== undefined && previous.version === e.version - 1
        ? previous.hash
        : e.version === 1
          ? GENESIS_HASH
          : undefined;
    if (linksTo !== undefined && e.event?.prevHash !== linksTo)
      failures.push(`${name}: its prevHash is not the hash of the version before it`);
    previous = { version: e.version, hash: e.hash };
    checked.push({ version: e.version, type: e.type, leafIndex: e.leafIndex, included, content });
  });
  return {
    ok: failures.length === 0,
    complaintId,
    checkpoint: { origin: checkpoint.origin, size: checkpoint.size, rootHash: checkpoint.rootHash },
    cosignatures,
    events: checked,
    notCovered,
    failures,
  };
};
