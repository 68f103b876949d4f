import { RedressError } from '../errors/redressError';
import type { DataKey } from './dataKey';
import { claimsEncrypted, isEncryptedValue, type EncryptedValue } from './encryptedValue';
import { ERASED, isErased, type Erased } from './erased';
import { decryptValue, encryptValue, type FieldPlace } from './fieldCipher';

/**
 * The event a `data` object belongs to: what the associated data of its fields binds.
 *
 * @example
 * const event: EventPlace = { streamId: 'C-17', version: 1, type: 'ComplaintReceived' };
 */
export type EventPlace = Omit<FieldPlace, 'path'>;

/**
 * What {@link decryptFields} asks for each key id it meets: the subject's data
 * key, {@link ERASED} when the key was destroyed, or `undefined` when the key
 * store has never held it (which is an error, never mistaken for erasure).
 *
 * @example
 * const keyFor: KeyLookup = (kid) => keys.get(kid) ?? undefined;
 */
export type KeyLookup = (kid: string) => DataKey | Erased | undefined;

type Data = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Data =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Replace the value at `path` (dot-separated member names), copying only the objects on the way. */
const replaceAt = (data: Data, segments: readonly string[], at: number, change: (value: unknown) => unknown): Data => {
  const name = segments[at] as string;
  if (!Object.hasOwn(data, name)) return data;
  const value = data[name];
  const next =
    at === segments.length - 1
      ? value === undefined
        ? value
        : change(value)
      : isObject(value)
        ? replaceAt(value, segments, at + 1, change)
        : value;
  return next === value ? data : { ...data, [name]: next };
};

/**
 * Encrypt the values at `paths` of an event's `data` under one subject's key.
 * Absent fields stay absent, fields already encrypted stay as they are, and the
 * input is not changed (a copy is returned). Paths are dot-separated member
 * names, as in `PERSONAL_DATA_PATHS`.
 *
 * @example
 * const stored = encryptFields(data, { streamId: 'C-17', version: 1, type: 'ComplaintReceived' }, ['complainant.name', 'summary'], key);
 */
export const encryptFields = <T extends Data>(
  data: T,
  event: EventPlace,
  paths: readonly string[],
  key: DataKey,
): T => {
  let out: Data = data;
  for (const path of paths) {
    out = replaceAt(out, path.split('.'), 0, (value) =>
      claimsEncrypted(value) ? value : encryptValue(key, { ...event, path }, value),
    );
  }
  return out as T;
};

/**
 * Call `visit` for every encrypted value (or value claiming to be one) in the
 * objects of `value`, with its path. Arrays are values, not containers: a list
 * field is encrypted whole.
 */
const walk = (value: unknown, path: string, visit: (sealed: unknown, path: string) => void): void => {
  if (claimsEncrypted(value)) {
    visit(value, path);
    return;
  }
  if (!isObject(value)) return;
  for (const [name, item] of Object.entries(value)) walk(item, path === '' ? name : `${path}.${name}`, visit);
};

/**
 * The key ids (subjects) whose keys the encrypted values in `data` need, so a
 * caller can fetch them all before decrypting.
 *
 * @example
 * for (const kid of encryptedKeyIds(event.data)) keys.set(kid, await subjectKeys.get(kid));
 */
export const encryptedKeyIds = (data: unknown): Set<string> => {
  const kids = new Set<string>();
  walk(data, '', (sealed) => {
    if (isEncryptedValue(sealed)) kids.add(sealed.kid);
  });
  return kids;
};

const unknownKey = (place: FieldPlace, kid: string) =>
  new RedressError(
    'NOT_FOUND',
    `No data key for subject ${kid}, needed by field ${place.path} of ${place.type} (version ${place.version} of ${place.streamId}): the key store has never held it. Open the key store this log was written with`,
    { kid, streamId: place.streamId, version: place.version, path: place.path },
  );

/**
 * Decrypt every encrypted value in an event's `data`, wherever it is (so a field
 * that a later policy no longer names still reads). A value whose subject was
 * erased reads as {@link ERASED}; values in clear (logs written before
 * encryption) pass through. Altered or moved ciphertext is `TAMPERED`; a key
 * the lookup does not know is `NOT_FOUND`. The input is not changed.
 *
 * @example
 * const data = decryptFields(event.data, event, (kid) => keysById.get(kid));
 * isErased(data.complainant.name); // true once the subject was erased
 */
export const decryptFields = <T extends Data>(data: T, event: EventPlace, keyFor: KeyLookup): T => {
  const found: string[] = [];
  walk(data, '', (_sealed, path) => found.push(path));
  let out: Data = data;
  for (const path of found) {
    out = replaceAt(out, path.split('.'), 0, (sealed) => {
      const place = { ...event, path };
      const kid = isEncryptedValue(sealed) ? sealed.kid : undefined;
      // A malformed value is reported by decryptValue, whatever key it is given.
      const key = kid === undefined ? undefined : keyFor(kid);
      if (kid !== undefined && key === undefined) throw unknownKey(place, kid);
      if (key !== undefined && isErased(key)) return ERASED;
      return decryptValue(key as DataKey, place, sealed as EncryptedValue);
    });
  }
  return out as T;
};
