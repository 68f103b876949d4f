import {
  claimsEncrypted,
  decryptFields,
  defaultPrivacyPolicy,
  isErased,
  isEventType,
  isRedressError,
  privateFields,
  RedressError,
  type DataKey,
  type Erased,
} from '@redress/core';
import { isRecord } from '@redress/core/store-kit';

/**
 * What a personal field shows in a report or a replay when it is not revealed:
 * in clear in the log or encrypted, the value is not printed.
 *
 * @example
 * JSON.stringify(HIDDEN); // '{"hidden":true}'
 */
export interface Hidden {
  readonly hidden: true;
}

/**
 * The line at the top of every output that shows personal data.
 *
 * @example
 * out.result(`${REVEALED_NOTICE}\n${text}`, { personalData: 'revealed', notice: REVEALED_NOTICE, ...data });
 */
export const REVEALED_NOTICE =
  'PERSONAL DATA: this output shows personal data, decrypted on request (--reveal). Keep it as safe as the store itself, do not pass it around, and delete it when done.';

/** The one {@link Hidden} marker (frozen). */
export const HIDDEN: Hidden = Object.freeze({ hidden: true as const });

/**
 * Whether a value is the {@link Hidden} marker (by shape, so one read back from JSON counts).
 *
 * @example
 * isHidden({ hidden: true }); // true
 */
export const isHidden = (value: unknown): value is Hidden =>
  isRecord(value) && value.hidden === true && Object.keys(value).length === 1;

/** The keys `--reveal` decrypts with, looked up before an event is opened. */
export interface RevealKeys {
  /** The subject's data key, ERASED once destroyed, undefined when the key store never held it. */
  get(subjectId: string): Promise<DataKey | Erased | undefined>;
  /** Where the keys come from, for messages. */
  readonly label: string;
}

/** How personal fields are shown: hidden, or revealed (decrypted with `keys`, when the log holds ciphertext). */
export type Lens = { readonly reveal: false } | { readonly reveal: true; readonly keys?: RevealKeys | undefined };

/** One event opened through a lens. */
export interface OpenedEvent {
  /** The stored record, its encrypted fields replaced by values its schema accepts: for parsing and replay only. */
  readonly forReplay: unknown;
  /** Its `data` as shown: personal fields hidden, revealed or erased. */
  readonly shown: Readonly<Record<string, unknown>>;
  /** Personal fields and what each shows, by path in `data`. */
  readonly fields: ReadonlyMap<string, unknown>;
  /** The personal values in clear that were hidden, to cut out of any other text of the report. */
  readonly hiddenValues: readonly string[];
  /** The event held encrypted fields. */
  readonly encrypted: boolean;
}

type Data = Record<string, unknown>;

const at = (data: Data, path: string): { holder: Data; name: string } | undefined => {
  const segments = path.split('.');
  let holder: Data | undefined = data;
  for (const name of segments.slice(0, -1)) {
    const next: unknown = holder?.[name];
    holder = isRecord(next) ? next : undefined;
  }
  const name = segments.at(-1) as string;
  return holder !== undefined && Object.hasOwn(holder, name) && holder[name] !== undefined
    ? { holder, name }
    : undefined;
};

/** Every path of `data` that holds a value claiming to be encrypted. */
const encryptedPaths = (value: unknown, path = '', out: string[] = []): string[] => {
  if (claimsEncrypted(value)) out.push(path);
  else if (isRecord(value))
    for (const [name, item] of Object.entries(value)) encryptedPaths(item, path === '' ? name : `${path}.${name}`, out);
  return out;
};

// Stand-ins the event schemas accept, so an event whose fields cannot be read still replays.
const standIn = (path: string): unknown =>
  path.endsWith('email') ? 'hidden@hidden.invalid' : path.endsWith('phone') ? '000' : '(hidden)';

const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(strings)
      : isRecord(value)
        ? Object.values(value).flatMap(strings)
        : [];

const set = (data: Data, path: string, value: unknown): Data => {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  if (rest.length === 0) return { ...data, [head]: value };
  const inner = data[head];
  return { ...data, [head]: set(isRecord(inner) ? inner : {}, rest.join('.'), value) };
};

const noKeys = (streamId: string) =>
  new RedressError(
    'VALIDATION',
    `${streamId} holds encrypted personal data; to show it, --reveal needs the keys: --key-store FILE (or postgres://…) and --kek-env NAME (the environment variable holding the key-encryption key)`,
    { option: '--key-store' },
  );

// Free text shorter than this is not searched for elsewhere in a report: a note "ok" would cut every "ok".
const SEARCHED_TEXT = 8;

const eventPaths = (raw: Data, data: Data): { type: string; sealed: string[]; paths: string[] } => {
  const type = typeof raw.type === 'string' ? raw.type : '';
  const sealed = encryptedPaths(data);
  const paths = [...new Set([...(isEventType(type) ? privateFields(defaultPrivacyPolicy, type) : []), ...sealed])];
  return { type, sealed, paths };
};

/**
 * One stored event with its personal data hidden: the fields the default
 * privacy policy names (the complainant's contact fields and the case's free
 * text) and any encrypted value wherever it sits show as {@link HIDDEN}.
 *
 * @example
 * hidePersonal(raw.value).shown.summary; // { hidden: true }
 */
export const hidePersonal = (raw: unknown): OpenedEvent => {
  if (!isRecord(raw) || !isRecord(raw.data))
    return { forReplay: raw, shown: {}, fields: new Map(), hiddenValues: [], encrypted: false };
  const { sealed, paths } = eventPaths(raw, raw.data);
  const fields = new Map<string, unknown>();
  let data: Data = raw.data;
  let shown: Data = raw.data;
  const hiddenValues: string[] = [];
  for (const path of paths) {
    const found = at(raw.data, path);
    if (found === undefined) continue;
    const value = found.holder[found.name];
    if (claimsEncrypted(value)) data = set(data, path, standIn(path));
    else
      hiddenValues.push(
        ...strings(value).filter((v) => path.startsWith('complainant.') || [...v].length >= SEARCHED_TEXT),
      );
    shown = set(shown, path, HIDDEN);
    fields.set(path, HIDDEN);
  }
  return {
    forReplay: data === raw.data ? raw : { ...raw, data },
    shown,
    fields,
    hiddenValues,
    encrypted: sealed.length > 0,
  };
};

/**
 * Open one stored event for a report: hidden (see {@link hidePersonal}), or
 * with `--reveal` shown, decrypted with the keys (erased subjects as erased).
 * A log with encrypted fields and no keys, or a key store that never held a key
 * the log needs, is `VALIDATION`; ciphertext that does not decrypt where it
 * sits is `TAMPERED`; a key-encryption key other than the keys' is `VALIDATION`.
 *
 * @example
 * const opened = await openEvent(raw.value, { reveal: true, keys });
 * opened.shown.summary; // 'Kettle leaks'
 */
export const openEvent = async (raw: unknown, lens: Lens): Promise<OpenedEvent> => {
  if (!lens.reveal || !isRecord(raw) || !isRecord(raw.data)) return hidePersonal(raw);
  const { type, sealed, paths } = eventPaths(raw, raw.data);
  let shown: Data = raw.data;
  if (sealed.length > 0) {
    const keys = lens.keys;
    if (keys === undefined) throw noKeys(String(raw.streamId));
    const found = new Map<string, DataKey | Erased | undefined>();
    for (const path of sealed) {
      const place = at(raw.data, path);
      const kid = place === undefined ? undefined : (place.holder[place.name] as { kid?: unknown }).kid;
      if (typeof kid === 'string' && !found.has(kid)) found.set(kid, await keys.get(kid));
    }
    const place = { streamId: String(raw.streamId), version: Number(raw.version), type };
    try {
      shown = decryptFields(raw.data, place, (kid) => found.get(kid));
    } catch (error) {
      // A key the store never held: the wrong key store, not a missing complaint.
      if (isRedressError(error, 'NOT_FOUND'))
        throw new RedressError('VALIDATION', `${error.message} (looked in ${keys.label})`, { option: '--key-store' });
      throw error;
    }
  }
  const fields = new Map<string, unknown>();
  let data = shown;
  for (const path of paths) {
    const found = at(shown, path);
    if (found === undefined) continue;
    const value = found.holder[found.name];
    fields.set(path, value);
    if (isErased(value)) data = set(data, path, standIn(path));
  }
  return {
    forReplay: data === raw.data ? raw : { ...raw, data },
    shown,
    fields,
    hiddenValues: [],
    encrypted: sealed.length > 0,
  };
};

/**
 * Where a personal field of an event lands in the complaint's state, if it
 * does: the complaint's own fields come from `ComplaintReceived`, the follow-up
 * comment from `FollowUpRecorded`; notes and the customer's comment are not kept.
 */
const STATE_PATH: Readonly<Record<string, (path: string) => string | undefined>> = {
  ComplaintReceived: (path) => path,
  FollowUpRecorded: (path) => (path === 'comment' ? 'followUp.comment' : undefined),
};

/**
 * The complaint's state with its personal fields as the events showed them
 * (hidden, revealed or erased), folded event by event.
 *
 * @example
 * const view = stateView(); view.add(event.type, opened); view.apply(complaint);
 */
export const stateView = () => {
  const shown = new Map<string, unknown>();
  return {
    add(type: string, opened: OpenedEvent) {
      const to = STATE_PATH[type];
      if (to === undefined) return;
      for (const [path, value] of opened.fields) {
        const statePath = to(path);
        if (statePath !== undefined) shown.set(statePath, value);
      }
    },
    apply<T extends object>(state: T): T {
      let out = state as unknown as Data;
      for (const [path, value] of shown) if (at(out, path) !== undefined) out = set(out, path, value);
      return out as unknown as T;
    },
  };
};

/**
 * Whether a stored event holds personal data in clear: a field the default
 * privacy policy names that is not encrypted (a log written before encryption,
 * or without it). Reads, never copies.
 *
 * @example
 * holdsClearPersonalData(raw.value); // true for a ComplaintReceived written in plain text
 */
export const holdsClearPersonalData = (raw: unknown): boolean => {
  if (!isRecord(raw) || !isRecord(raw.data) || typeof raw.type !== 'string' || !isEventType(raw.type)) return false;
  const data = raw.data;
  return privateFields(defaultPrivacyPolicy, raw.type).some((path) => {
    const found = at(data, path);
    return found !== undefined && !claimsEncrypted(found.holder[found.name]);
  });
};

/**
 * A stored event as a report may carry it whole (an embedded proof): every
 * encrypted value taken out and its path listed, as `withheldFields` does for
 * values in clear. Ciphertext is never printed in a report; the event's hash
 * is still proven, its content no longer re-hashed.
 *
 * @example
 * const { event, withheld } = withoutCiphertext(proven.event);
 */
export const withoutCiphertext = (
  stored: Readonly<Record<string, unknown>>,
): { event: Record<string, unknown>; withheld: string[] } => {
  if (!isRecord(stored.data)) return { event: { ...stored }, withheld: [] };
  const sealed = encryptedPaths(stored.data);
  if (sealed.length === 0) return { event: { ...stored }, withheld: [] };
  const event = structuredClone(stored) as Record<string, unknown>;
  for (const path of sealed) {
    const found = at(event.data as Data, path);
    if (found !== undefined) delete found.holder[found.name];
  }
  return { event, withheld: sealed.map((p) => `data.${p}`) };
};
