import { RedressError } from '../errors/redressError';
import { parseCheckpoint, signaturesBy } from './checkpoint';
import { NoteKeyType, type NoteSigner, type NoteVerifier } from './noteKeys';
import { formatSignedNote, parseSignedNote, signatureLine } from './signedNote';
import { shownText } from './shownText';

/** Cosignature timestamps must not exceed 2^63 − 1 (tlog-cosignature); Redress reads them as safe integers. */
const isTimestamp = (t: unknown): t is number => typeof t === 'number' && Number.isSafeInteger(t) && t >= 0;

/**
 * What an Ed25519 cosignature (C2SP tlog-cosignature, `cosignature/v1`) signs:
 * the header line, the time line, then the whole checkpoint text.
 *
 * @example
 * cosignedMessage(checkpoint.text, 1679315147).toString(); // 'cosignature/v1\ntime 1679315147\nexample.com/log\n…'
 */
export const cosignedMessage = (checkpointText: string, timestamp: number): Buffer =>
  Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8');

/**
 * Cosign a checkpoint as a witness: a timestamped Ed25519 cosignature of its
 * text, added to the note (the line alone is what a witness answers with). The
 * witness must first have checked the checkpoint's signature and its
 * consistency with the last one it cosigned; this only signs.
 *
 * @example
 * const { line, note } = cosignCheckpoint(submitted, cosigner(witnessKey), Math.floor(Date.now() / 1000));
 */
export const cosignCheckpoint = (
  note: string | Uint8Array,
  signer: NoteSigner,
  timestamp: number,
): { line: string; note: string } => {
  if (signer.type !== NoteKeyType.cosignatureV1) {
    throw new RedressError(
      'VALIDATION',
      'A cosignature needs a cosigner (its key ID is of type 0x04); make the signer with cosigner(), not noteSigner()',
    );
  }
  if (!isTimestamp(timestamp))
    throw new RedressError(
      'VALIDATION',
      `A cosignature's timestamp must be whole seconds since 1970 (≥ 0), got ${String(timestamp)}`,
    );
  const parsed = parseSignedNote(note);
  parseCheckpoint(parsed.text);
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  const signature = Buffer.concat([time, signer.sign(cosignedMessage(parsed.text, timestamp))]);
  const mine = { name: signer.name, keyId: signer.keyId, signature };
  return {
    line: signatureLine(mine),
    note: formatSignedNote({ text: parsed.text, signatures: [...parsed.signatures, mine] }),
  };
};

/**
 * Check a witness's cosignature on a checkpoint note; returns when the witness
 * signed it. No cosignature of that witness is `VALIDATION`; one that does not
 * verify is `TAMPERED`. A note with several of its cosignatures gives the latest.
 *
 * @example
 * const { timestamp } = verifyCosignature(note, cosignatureVerifier(witnessVkey));
 */
export const verifyCosignature = (note: string | Uint8Array, verifier: NoteVerifier): { timestamp: number } => {
  const parsed = parseSignedNote(note);
  parseCheckpoint(parsed.text);
  const mine = signaturesBy(parsed, verifier);
  if (mine.length === 0) {
    throw new RedressError(
      'VALIDATION',
      `The checkpoint carries no cosignature of witness ${shownText(verifier.name)}; it was not cosigned by that witness`,
      { keyName: verifier.name },
    );
  }
  let latest = -1;
  for (const s of mine) {
    const time = s.signature.length === 72 ? s.signature.readBigUInt64BE(0) : -1n;
    const timestamp = Number(time);
    if (
      time < 0n ||
      !isTimestamp(timestamp) ||
      !verifier.verify(cosignedMessage(parsed.text, timestamp), s.signature.subarray(8))
    ) {
      throw new RedressError(
        'TAMPERED',
        `The cosignature of witness ${shownText(verifier.name)} does not verify: the checkpoint or the cosignature was changed; do not trust it`,
        {
          keyName: verifier.name,
        },
      );
    }
    latest = Math.max(latest, timestamp);
  }
  return { timestamp: latest };
};
