import { verifyCosignature } from '../checkpoint/cosignature';
import type { NoteVerifier } from '../checkpoint/noteKeys';
import { parseSignedNote } from '../checkpoint/signedNote';
import { shownText } from '../checkpoint/shownText';
import { RedressError } from '../errors/redressError';
import { formatAddCheckpoint } from '../witness/addCheckpointBody';
import type { CheckpointSink } from './sink';

/** What `witnessSink` takes: the witness's URL and, to check its cosignatures, its public key. */
export interface WitnessSinkOptions {
  /** The witness's base URL: the request goes to `<url>/add-checkpoint`. */
  readonly url: string;
  /** The witness's cosignature key (`cosignatureVerifier(vkey)`): a cosignature it returns must verify with it. */
  readonly witness?: NoteVerifier;
  readonly name?: string;
  /** Give up on a request after this long; default 10,000 ms. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

const said = (text: string) => shownText(text.trim().slice(0, 300));

/**
 * A witness as a sink: posts each checkpoint to its C2SP tlog-witness
 * `add-checkpoint` endpoint with a consistency proof from the size the
 * witness last cosigned (learnt from its `409` answer the first time), and
 * keeps the cosignature it returns: the note handed to the sinks after it
 * carries it. A witness already past this checkpoint (another signer of the
 * log reached it first) is not an error. A refusal is: `TAMPERED` for a
 * proof the witness rejects (422: the log's history is not the one it saw),
 * `VALIDATION` for a witness that does not know the log or its key (403, 404)
 * or a request it cannot read (400), `STORE_UNAVAILABLE` when it cannot be
 * reached.
 *
 * @example
 * const sink = witnessSink({ url: 'https://witness.example.org', witness: cosignatureVerifier(witnessVkey) });
 */
export const witnessSink = (options: WitnessSinkOptions): CheckpointSink => {
  const base = options.url.replace(/\/+$/, '');
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let witnessed = 0;
  const post = async (body: string) => {
    try {
      const response = await send(`${base}/add-checkpoint`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
    } catch (error) {
      throw new RedressError(
        'STORE_UNAVAILABLE',
        `The witness at ${base} cannot be reached (${(error as Error).message}); the checkpoint is kept by the other sinks, and the next one goes to the witness with a proof from what it last saw`,
        { label: base },
        { cause: error },
      );
    }
  };
  return {
    name: options.name ?? `witness ${base}`,
    async publish(checkpoint, context) {
      for (let attempt = 0; attempt < 3; attempt++) {
        if (witnessed > checkpoint.size) return undefined;
        const proof =
          witnessed === 0 || witnessed === checkpoint.size
            ? []
            : await context.consistencyProof(witnessed, checkpoint.size);
        const answer = await post(formatAddCheckpoint({ oldSize: witnessed, proof, checkpoint: checkpoint.note }));
        if (answer.status === 409 && answer.type.startsWith('text/x.tlog.size')) {
          const size = Number(answer.text.trim());
          if (!Number.isSafeInteger(size) || size < 0) break;
          if (size === witnessed)
            throw new RedressError(
              'TAMPERED',
              `The witness at ${base} cosigned another tree of ${size} events of ${shownText(checkpoint.origin)}: the log forked`,
              { origin: checkpoint.origin, size },
            );
          witnessed = size;
          continue;
        }
        if (answer.status === 200) {
          const note = checkpoint.note + (answer.text.endsWith('\n') ? answer.text : `${answer.text}\n`);
          parseSignedNote(note);
          if (options.witness !== undefined) verifyCosignature(note, options.witness);
          witnessed = checkpoint.size;
          return note;
        }
        if (answer.status === 422)
          throw new RedressError(
            'TAMPERED',
            `The witness at ${base} refused the checkpoint of ${checkpoint.size} events: ${said(answer.text)}`,
            { origin: checkpoint.origin, size: checkpoint.size },
          );
        throw new RedressError(
          'VALIDATION',
          `The witness at ${base} refused the checkpoint (HTTP ${answer.status}): ${said(answer.text)}`,
          { option: 'url' },
        );
      }
      throw new RedressError('CONFLICT', `The witness at ${base} kept answering with another size; try again later`);
    },
  };
};
