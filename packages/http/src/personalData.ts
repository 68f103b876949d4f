import {
  claimsEncrypted,
  privateFields,
  RedressError,
  step,
  type Complaint,
  type PrivacyPolicy,
  type StoredEvent,
} from '@redress/core';

/**
 * What a personal field shows in a response to an actor who may not see it, or
 * did not ask: the value is not sent, in clear or encrypted.
 *
 * @example
 * JSON.stringify(HIDDEN); // '{"hidden":true}'
 */
export const HIDDEN = Object.freeze({ hidden: true as const });

type Data = Record<string, unknown>;
const isRecord = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

const hideAt = (data: Data, path: readonly string[]): Data => {
  const [head, ...rest] = path as [string, ...string[]];
  if (!Object.hasOwn(data, head) || data[head] === undefined) return data;
  if (rest.length === 0) return { ...data, [head]: HIDDEN };
  const inner = data[head];
  return isRecord(inner) ? { ...data, [head]: hideAt(inner, rest) } : data;
};

/** Every encrypted value, wherever it sits, hidden too: a policy may have named more fields than this one knows. */
const hideSealed = (value: unknown): unknown => {
  if (claimsEncrypted(value)) return HIDDEN;
  if (Array.isArray(value)) return value.map(hideSealed);
  if (isRecord(value)) {
    let out: Data | undefined;
    for (const [k, v] of Object.entries(value)) {
      const h = hideSealed(v);
      if (h === v) continue;
      out ??= { ...value };
      out[k] = h;
    }
    return out ?? value;
  }
  return value;
};

/**
 * One stored event with its personal data hidden: the fields the privacy
 * policy names, and every encrypted value, show as {@link HIDDEN}.
 *
 * @example
 * hideEvent(received, defaultPrivacyPolicy).data.summary; // { hidden: true }
 */
export const hideEvent = <E extends StoredEvent>(event: E, policy: PrivacyPolicy): E => {
  let data = event.data as unknown as Data;
  for (const path of privateFields(policy, event.type)) data = hideAt(data, path.split('.'));
  data = hideSealed(data) as Data;
  return data === (event.data as unknown) ? event : ({ ...event, data } as E);
};

/**
 * The complaint at `version` with its personal data hidden: the stored events
 * hidden one by one, then folded, so a hidden field is hidden wherever the fold
 * puts it.
 *
 * @example
 * const view = hiddenComplaint(await engine.history(id), 3, defaultPrivacyPolicy);
 */
export const hiddenComplaint = (events: readonly StoredEvent[], version: number, policy: PrivacyPolicy): Complaint => {
  let complaint: Complaint | undefined;
  for (const e of events) {
    if (e.version > version) break;
    // The stand-ins take the place of strings; the fold copies them and no guard reads them.
    const next = step(complaint, hideEvent(e, policy));
    if (next === undefined)
      throw new RedressError(
        'TAMPERED',
        `${e.streamId} v${e.version} (${e.type}) does not follow stage "${complaint?.stage ?? 'new'}"; verify the complaint`,
        { streamId: e.streamId, version: e.version },
      );
    complaint = next;
  }
  if (complaint === undefined) throw new RedressError('NOT_FOUND', 'No such complaint; check the id');
  return complaint;
};
