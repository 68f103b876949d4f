import { RedressError } from '../errors/redressError';
import type { DataKey } from './dataKey';
import { isEncryptedValue, type EncryptedValue } from './encryptedValue';
import { isErased, type Erased } from './erased';
import { decryptValue, encryptValue, type FieldPlace } from './fieldCipher';

/**
 * An outbox payload as stored when its complaint's personal data is encrypted:
 * the payload (recipient address, rendered text) sealed under the subject's
 * key, bound to the message's id; only the rule and the recipient's id stay in
 * clear, for delivery reports.
 *
 * @example
 * if (isSealedPayload(row.payload)) console.log(row.payload.rule, row.payload.to?.id);
 */
export interface SealedPayload {
  readonly kind: 'sealed';
  readonly rule?: string;
  readonly to?: { readonly id: string };
  readonly sealed: EncryptedValue;
}

/**
 * Why a message to an erased person is dead-lettered.
 *
 * @example
 * row.lastError?.includes(ERASED_PROBLEM); // true for a message the dispatcher refused to send
 */
export const ERASED_PROBLEM = 'the personal data of its subject was erased; it is never sent';

/** The place a message's payload is bound to: its stream and its outbox id. */
const placeOf = (streamId: string, messageId: string): FieldPlace => ({
  streamId,
  version: 0,
  type: 'outbox',
  path: messageId,
});

/**
 * Whether an outbox payload is sealed.
 *
 * @example
 * isSealedPayload({ kind: 'sealed', sealed }); // true
 */
export const isSealedPayload = (p: unknown): p is SealedPayload =>
  typeof p === 'object' && p !== null && (p as { kind?: unknown }).kind === 'sealed';

/**
 * Seal a message's payload under the subject's key, keeping the rule and the
 * recipient's id in clear.
 *
 * @example
 * const stored = sealPayload(key, 'C-17', 'N-3f1c', payload);
 */
export const sealPayload = (key: DataKey, streamId: string, messageId: string, payload: unknown): SealedPayload => {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as {
    rule?: unknown;
    to?: { id?: unknown };
  };
  return {
    kind: 'sealed',
    ...(typeof p.rule === 'string' ? { rule: p.rule } : {}),
    ...(typeof p.to?.id === 'string' ? { to: { id: p.to.id } } : {}),
    sealed: encryptValue(key, placeOf(streamId, messageId), payload),
  };
};

/**
 * The payload a sealed one holds, opened with the subject's key (the lookup
 * gives it by the sealed value's `kid`); `ERASED` when the subject was erased.
 * A payload moved to another message is `TAMPERED`.
 *
 * @example
 * const payload = await openPayload((kid) => keys.get(kid), row.streamId, row.id, row.payload);
 */
export const openPayload = async (
  keyFor: (kid: string) => Promise<DataKey | Erased | undefined>,
  streamId: string,
  messageId: string,
  payload: SealedPayload,
): Promise<unknown> => {
  const sealed = payload.sealed;
  if (!isEncryptedValue(sealed)) {
    throw new RedressError('TAMPERED', `The sealed payload of outbox message ${messageId} is not well formed`, {
      streamId,
    });
  }
  const key = await keyFor(sealed.kid);
  if (key === undefined) {
    throw new RedressError(
      'NOT_FOUND',
      `No data key for subject ${sealed.kid}, needed by outbox message ${messageId}: give the dispatcher the key store the engine writes with`,
      { kid: sealed.kid, streamId },
    );
  }
  if (isErased(key)) return key;
  return decryptValue(key, placeOf(streamId, messageId), sealed);
};
