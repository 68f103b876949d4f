import { RedressError } from '../errors/redressError';
import type { DataKey } from './dataKey';
import { claimsEncrypted, isEncryptedValue, type EncryptedValue } from './encryptedValue';
import { ERASED, isErased, type Erased } from './erased';
import { decryptValue, decryptWellFormed, encryptValue, type FieldPlace } from './fieldCipher';

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

/** The member names of a dot-separated path, split once per path for the process. */
const segmentsOf = (() => {
  const split = new Map<string, readonly string[]>();
  return (path: string): readonly string[] => {
    let segments = split.get(path);
    if (segments === undefined) {
      segments = Object.freeze(path.split('.'));
      // Paths come from policies and schemas, a few dozen in all; stored data can hold others.
      if (split.size < 1024) split.set(path, segments);
    }
    return segments;
  };
})();

/**
 * Whether `data` has a value (not `undefined`) at `path`, dot-separated member
 * names of objects: what {@link encryptFields} would encrypt.
 *
 * @example
 * hasValueAt({ complainant: { name: '王芳' } }, 'complainant.name'); // true
 */
export const hasValueAt = (data: unknown, path: string): boolean => {
  let at: unknown = data;
  for (const name of segmentsOf(path)) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, name)) return false;
    at = (at as Record<string, unknown>)[name];
  }
  return at !== undefined;
};

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
 * Set each value at its path (dot-separated member names), as {@link replaceAt}
 * would one by one, but copying each object on the way once for all of them.
 * A path whose member is absent, or runs through a non-object, changes nothing.
 */
const replaceAll = (data: Data, changes: readonly { readonly path: string; readonly value: unknown }[]): Data => {
  const root: Record<string, unknown> = { ...data };
  const copied = new Map<string, Record<string, unknown>>();
  for (const { path, value } of changes) {
    const segments = segmentsOf(path);
    let at = root;
    let prefix = '';
    let reached = true;
    for (let i = 0; i < segments.length - 1; i++) {
      const name = segments[i] as string;
      prefix = prefix === '' ? name : `${prefix}.${name}`;
      let next = copied.get(prefix);
      if (next === undefined) {
        const inner = Object.hasOwn(at, name) ? at[name] : undefined;
        if (!isObject(inner)) {
          reached = false;
          break;
        }
        next = { ...inner };
        at[name] = next;
        copied.set(prefix, next);
      }
      at = next;
    }
    const last = segments[segments.length - 1] as string;
    if (reached && Object.hasOwn(at, last) && at[last] !== undefined) at[last] = value;
  }
  return root;
};

/** The place of one field of an event: only the four members the associated data binds. */
const placeOf = (event: EventPlace, path: string): FieldPlace => ({
  streamId: event.streamId,
  version: event.version,
  type: event.type,
  path,
});

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
    out = replaceAt(out, segmentsOf(path), 0, (value) =>
      claimsEncrypted(value) ? value : encryptValue(key, placeOf(event, path), value),
    );
  }
  return out as T;
};

/**
 * One value of an event's data that is encrypted, or claims to be: where it
 * is, and whether it is well formed (then `kid` names its key).
 */
export interface SealedAt {
  readonly path: string;
  readonly sealed: unknown;
  /** The value's key id when it is a well-formed {@link EncryptedValue}, else `undefined`. */
  readonly kid: string | undefined;
}

const collect = (value: unknown, path: string, out: SealedAt[]): void => {
  if (claimsEncrypted(value)) {
    out.push({ path, sealed: value, kid: isEncryptedValue(value) ? value.kid : undefined });
    return;
  }
  if (!isObject(value)) return;
  for (const name in value) {
    if (Object.hasOwn(value, name)) collect(value[name], path === '' ? name : `${path}.${name}`, out);
  }
};

/**
 * Every encrypted value (or value claiming to be one) in the objects of
 * `data`, with its path, found in one pass. Arrays are values, not
 * containers: a list field is encrypted whole.
 *
 * @example
 * const sealed = sealedValues(event.data); // [{ path: 'complainant.name', kid: 'S-1', … }, …]
 */
export const sealedValues = (data: unknown): SealedAt[] => {
  const out: SealedAt[] = [];
  collect(data, '', out);
  return out;
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
  for (const { kid } of sealedValues(data)) if (kid !== undefined) kids.add(kid);
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
export const decryptFields = <T extends Data>(data: T, event: EventPlace, keyFor: KeyLookup): T =>
  decryptSealed(data, event, sealedValues(data), keyFor);

/**
 * {@link decryptFields} for values already found by {@link sealedValues} in
 * this very `data`, so a caller that looked at them (for their key ids) does
 * not walk the data again.
 *
 * @example
 * const found = sealedValues(event.data);
 * const data = decryptSealed(event.data, event, found, (kid) => keysById.get(kid));
 */
export const decryptSealed = <T extends Data>(
  data: T,
  event: EventPlace,
  found: readonly SealedAt[],
  keyFor: KeyLookup,
): T => {
  if (found.length === 0) return data;
  const opened: { path: string; value: unknown }[] = [];
  for (const { path, sealed, kid } of found) {
    const place = placeOf(event, path);
    let value: unknown;
    if (kid === undefined) {
      // A malformed value is reported by decryptValue, whatever key it is given.
      value = decryptValue(undefined as unknown as DataKey, place, sealed as EncryptedValue);
    } else {
      const key = keyFor(kid);
      if (key === undefined) throw unknownKey(place, kid);
      value = isErased(key) ? ERASED : decryptWellFormed(key, place, sealed as EncryptedValue);
    }
    opened.push({ path, value });
  }
  return replaceAll(data, opened) as T;
};
