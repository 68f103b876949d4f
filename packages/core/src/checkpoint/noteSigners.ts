import * as crypto from 'node:crypto';
import {
  badKey,
  formatVerifierKey,
  hex8,
  keyIdOf,
  NoteKeyType,
  rawPublicKey,
  threeParts,
  type NoteSigner,
} from './noteKeys';
import { isKeyName, strictBase64 } from './signedNote';
import { shownText } from './shownText';

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const PRIVATE_PREFIX = 'PRIVATE+KEY+';

/** The private key and name behind a signer: a KeyObject with a name, or a `PRIVATE+KEY+…` string. */
const signingKey = (
  key: crypto.KeyObject | string,
  name: string | undefined,
): { key: crypto.KeyObject; name: string } => {
  if (typeof key === 'string') {
    const [keyName, id, material] = (key.startsWith(PRIVATE_PREFIX)
      ? threeParts(key.slice(PRIVATE_PREFIX.length))
      : undefined) ?? ['', '', ''];
    const bytes = strictBase64(material);
    if (
      !isKeyName(keyName) ||
      !/^[0-9a-f]{8}$/.test(id) ||
      bytes === undefined ||
      bytes.length !== 33 ||
      bytes[0] !== NoteKeyType.ed25519
    ) {
      // Never show a private key, not even a broken one.
      throw badKey(
        'The signing key',
        'it must be PRIVATE+KEY+<name>+<key ID>+<base64 of 0x01 and a 32-byte Ed25519 seed> (see generateNoteKey), or a node:crypto Ed25519 private KeyObject',
      );
    }
    const object = crypto.createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519, bytes.subarray(1)]),
      format: 'der',
      type: 'pkcs8',
    });
    if (Number.parseInt(id, 16) !== keyIdOf(keyName, NoteKeyType.ed25519, rawPublicKey(object)))
      throw badKey('The signing key', 'its key ID does not match its name and key');
    if (name !== undefined && name !== keyName)
      throw badKey('The signing key', `it is named ${shownText(keyName)}, not ${shownText(name)}`);
    return { key: object, name: keyName };
  }
  if (!(key instanceof crypto.KeyObject) || key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw badKey('The signing key', 'it must be a node:crypto Ed25519 private KeyObject, or a PRIVATE+KEY+… string');
  }
  if (name === undefined || !isKeyName(name))
    throw badKey(
      'The signing key',
      `a KeyObject needs a key name without spaces or + (such as your log's origin), got ${name === undefined ? 'none' : shownText(name)}`,
    );
  return { key, name };
};

const signerOf =
  (type: NoteKeyType) =>
  (key: crypto.KeyObject | string, name?: string): NoteSigner => {
    const k = signingKey(key, name);
    const raw = rawPublicKey(k.key);
    return {
      name: k.name,
      keyId: keyIdOf(k.name, type, raw),
      type,
      verifierKey: formatVerifierKey(k.name, type, raw),
      sign: (message) => crypto.sign(null, message, k.key),
    };
  };

/**
 * A signer of notes (checkpoints) with Ed25519. The app supplies the key, which
 * never goes into the event database: a `PRIVATE+KEY+<name>+<key ID>+<base64>`
 * string (the form `generateNoteKey` gives and Go's note tools use; the name
 * comes from it), or a node:crypto Ed25519 private `KeyObject` with a `name`.
 *
 * @example
 * const signer = noteSigner(crypto.createPrivateKey(pem), 'complaints.example.com/log');
 */
export const noteSigner: (key: crypto.KeyObject | string, name?: string) => NoteSigner = signerOf(NoteKeyType.ed25519);

/**
 * A witness's signer of cosignatures (C2SP tlog-cosignature v1): the same keys
 * as `noteSigner`, with the key ID of type 0x04.
 *
 * @example
 * const witness = cosigner(process.env.WITNESS_KEY!);
 */
export const cosigner: (key: crypto.KeyObject | string, name?: string) => NoteSigner = signerOf(
  NoteKeyType.cosignatureV1,
);

/**
 * A new Ed25519 key pair for `name`: the signer key to keep secret (outside the
 * event database) and the verifier key to publish. The verifier key is the one
 * for note signatures; `cosigner(signerKey).verifierKey` gives a witness's.
 *
 * @example
 * const { signerKey, verifierKey } = generateNoteKey('complaints.example.com/log');
 */
export const generateNoteKey = (name: string): { signerKey: string; verifierKey: string } => {
  if (typeof name !== 'string' || !isKeyName(name))
    throw badKey(`The key name ${shownText(String(name))}`, 'a name must be non-empty, without spaces or +');
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
  const raw = rawPublicKey(publicKey);
  const id = hex8(keyIdOf(name, NoteKeyType.ed25519, raw));
  return {
    signerKey: `${PRIVATE_PREFIX}${name}+${id}+${Buffer.concat([Buffer.from([NoteKeyType.ed25519]), seed]).toString('base64')}`,
    verifierKey: formatVerifierKey(name, NoteKeyType.ed25519, raw),
  };
};
