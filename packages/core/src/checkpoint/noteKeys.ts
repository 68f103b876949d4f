import * as crypto from 'node:crypto';
import { RedressError } from '../errors/redressError';
import { isKeyName, strictBase64 } from './signedNote';
import { shownText } from './shownText';

/**
 * Signature type bytes of C2SP signed-note: Ed25519 note signatures, and timestamped Ed25519 cosignatures.
 *
 * @example
 * noteVerifier(vkey).type === NoteKeyType.ed25519; // true
 */
export const NoteKeyType = { ed25519: 0x01, cosignatureV1: 0x04 } as const;
/**
 * One of `NoteKeyType`'s bytes.
 *
 * @example
 * const type: NoteKeyType = NoteKeyType.cosignatureV1; // 0x04
 */
export type NoteKeyType = (typeof NoteKeyType)[keyof typeof NoteKeyType];

/**
 * A key that signs notes: its name, key ID and signature type, the signing
 * itself, and the verifier key (vkey) to hand to whoever checks its signatures.
 *
 * @example
 * const signer = noteSigner(process.env.REDRESS_LOG_KEY!);
 * console.log(signer.verifierKey); // 'complaints.example.com/log+1a2b3c4d+A…'
 */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly type: NoteKeyType;
  readonly verifierKey: string;
  sign(message: Uint8Array): Buffer;
}

/**
 * A public key that checks signatures of one name and key ID.
 *
 * @example
 * const verifier = noteVerifier('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
 */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly type: NoteKeyType;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** A refused key, saying why. */
export const badKey = (what: string, why: string) => new RedressError('VALIDATION', `${what} is not usable: ${why}`);

/**
 * The key ID of the signed-note spec: the first four bytes, big-endian, of
 * SHA-256(name || 0x0A || type || public key).
 *
 * @example
 * keyIdOf('example.com/foo', NoteKeyType.ed25519, publicKey).toString(16); // '530d903a'
 */
export const keyIdOf = (name: string, type: NoteKeyType, publicKey: Uint8Array): number =>
  crypto
    .createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([type]), publicKey]))
    .digest()
    .readUInt32BE(0);

/** A key ID as the 8 hex digits keys carry. */
export const hex8 = (id: number) => id.toString(16).padStart(8, '0');

/** `<name>+<id>+<rest>`: names hold no `+`, base64 may, so only the first two split. */
export const threeParts = (text: string): [string, string, string] | undefined => {
  const a = text.indexOf('+');
  const b = a === -1 ? -1 : text.indexOf('+', a + 1);
  return b === -1 ? undefined : [text.slice(0, a), text.slice(a + 1, b), text.slice(b + 1)];
};
/** The 32 raw bytes of an Ed25519 key's public half. */
export const rawPublicKey = (key: crypto.KeyObject): Buffer =>
  Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');

/** A verifier for a raw 32-byte Ed25519 public key under `name` and signature `type`. */
const ed25519Verifier = (name: string, type: NoteKeyType, raw: Buffer): NoteVerifier => {
  const publicKey = crypto.createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
  return {
    name,
    keyId: keyIdOf(name, type, raw),
    type,
    verify: (message, signature) => signature.length === 64 && crypto.verify(null, message, publicKey, signature),
  };
};

/**
 * The verifier key (vkey) of the signed-note spec: `<name>+<hex key ID>+<base64(type || public key)>`.
 *
 * @example
 * formatVerifierKey('example.com/foo', NoteKeyType.ed25519, publicKey); // 'example.com/foo+530d903a+Aeky…'
 */
export const formatVerifierKey = (name: string, type: NoteKeyType, publicKey: Uint8Array): string =>
  `${name}+${hex8(keyIdOf(name, type, publicKey))}+${Buffer.concat([Buffer.from([type]), publicKey]).toString('base64')}`;

/** A vkey's parts, checked: a name, the key ID that name and key give, a 32-byte Ed25519 key of one of `types`. */
const parseVerifierKey = (vkey: string, types: readonly NoteKeyType[], what: string) => {
  if (typeof vkey !== 'string') throw badKey(what, 'it must be a string of the form <name>+<key ID>+<key>');
  const [name, id, material] = threeParts(vkey) ?? ['', '', ''];
  if (!isKeyName(name))
    throw badKey(`${what} ${shownText(vkey)}`, 'it must be <name>+<key ID>+<key>, the name without spaces or +');
  const bytes = strictBase64(material);
  if (!/^[0-9a-f]{8}$/.test(id) || bytes === undefined || bytes.length !== 33) {
    throw badKey(
      `${what} ${shownText(vkey)}`,
      'after the name come 8 lowercase hex digits and the base64 of a type byte and a 32-byte Ed25519 key',
    );
  }
  const type = bytes[0] as NoteKeyType;
  if (!types.includes(type))
    throw badKey(
      `${what} ${shownText(vkey)}`,
      `its signature type is 0x${type.toString(16).padStart(2, '0')}, not one of ${types.map((t) => `0x0${t}`).join(', ')}`,
    );
  const raw = bytes.subarray(1);
  if (Number.parseInt(id, 16) !== keyIdOf(name, type, raw))
    throw badKey(`${what} ${shownText(vkey)}`, 'its key ID does not match its name and key');
  return { name, type, raw };
};

/**
 * A verifier for Ed25519 note signatures (checkpoints) from a vkey string.
 * A malformed vkey, or one whose key ID does not match, is `VALIDATION`.
 *
 * @example
 * const verifier = noteVerifier(readFileSync('log.vkey', 'utf8').trim());
 */
export const noteVerifier = (vkey: string): NoteVerifier => {
  const { name, raw } = parseVerifierKey(vkey, [NoteKeyType.ed25519], 'The public key');
  return ed25519Verifier(name, NoteKeyType.ed25519, raw);
};

/**
 * A verifier for a witness's cosignatures (C2SP tlog-cosignature, Ed25519) from
 * its vkey: of type 0x04, or an Ed25519 note vkey (0x01) of the same key, whose
 * cosignatures carry the key ID for type 0x04.
 *
 * @example
 * const witness = cosignatureVerifier('witness.example.org/w1+1a2b3c4d+BO…');
 */
export const cosignatureVerifier = (vkey: string): NoteVerifier => {
  const { name, raw } = parseVerifierKey(
    vkey,
    [NoteKeyType.cosignatureV1, NoteKeyType.ed25519],
    "The witness's public key",
  );
  return ed25519Verifier(name, NoteKeyType.cosignatureV1, raw);
};
