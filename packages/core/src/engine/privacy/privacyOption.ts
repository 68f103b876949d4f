import { blindIndex, type BlindIndex } from '../../privacy/blindIndex';
import { checkRetention, type RetentionRule } from './retention';
import type { KeyEncryptionKey } from '../../privacy/kek';
import type { KeyStore } from '../../privacy/keyStore';
import { defaultPrivacyPolicy, type PrivacyPolicy } from '../../privacy/privacyPolicy';
import { subjectKeys, type SubjectKeys } from '../../privacy/subjectKeys';
import { EPHEMERAL_KEYS, type EventStore } from '../../store/eventStore';
import { isRecord, optionChecks, shownValue } from '../../store/optionChecks';

/**
 * How the engine treats personal data: `'plaintext'` stores it in clear (as
 * logs before encryption did); otherwise the policy's fields are encrypted
 * under each complainant's data key.
 *
 * @example
 * const privacy: PrivacyOption = {
 *   keys: { store: sqliteKeyStore({ path: keyFileBeside('complaints.db') }), kek: secretKek(process.env.REDRESS_KEK) },
 * };
 */
export type PrivacyOption = 'plaintext' | PrivacySettings;

/**
 * The engine's privacy settings: where the data keys come from and which
 * fields they encrypt.
 *
 * @example
 * const settings: PrivacySettings = { keys: subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() }) };
 */
export interface PrivacySettings {
  /** The keyring (`subjectKeys(…)`), or a key store and a key-encryption key to make one. */
  readonly keys: SubjectKeys | { readonly store: KeyStore; readonly kek: KeyEncryptionKey };
  /** Which fields are encrypted and who may erase. Default `defaultPrivacyPolicy`. */
  readonly policy?: PrivacyPolicy;
  /**
   * The blind-index key (32 bytes, hex or base64; not the KEK): with it, each new
   * complaint records keyed tokens of the complainant's phone and email, and
   * `engine.findComplaints` finds a person's complaints without decrypting anything.
   */
  readonly indexKey?: Uint8Array | string | undefined;
  /** Erase a subject's personal data this long after their last complaint closed, at `engine.tick`. */
  readonly retention?: RetentionRule;
}

/** The settings as the engine uses them. */
export interface CheckedPrivacy {
  readonly keys: SubjectKeys;
  readonly policy: PrivacyPolicy;
  readonly index?: BlindIndex | undefined;
  readonly retention?: RetentionRule | undefined;
  /** The memory store's own keys, chosen because no setting was given: nothing is at rest there. */
  readonly ephemeral?: boolean;
}

const check = optionChecks('createEngine');

const FIX =
  "privacy: { keys: { store: sqliteKeyStore({ path: keyFileBeside('complaints.db') }), kek: secretKek(process.env.REDRESS_KEK) } }";

let warned = false;

/**
 * Personal data in clear in a durable store is something to choose, never a
 * default one falls into: say so once per process, with the line that fixes it.
 */
const warnPlaintext = () => {
  if (warned) return;
  warned = true;
  process.emitWarning(
    `createEngine: this store is durable and no privacy setting was given, so personal data is written in clear. Add ${FIX} to encrypt it, or privacy: 'plaintext' to keep it in clear on purpose`,
    { code: 'REDRESS_PLAINTEXT' },
  );
};

const isKeyring = (keys: Record<string, unknown>): keys is Record<string, unknown> & SubjectKeys =>
  typeof keys.create === 'function' && typeof keys.get === 'function' && typeof keys.destroy === 'function';

/**
 * The privacy setting checked: `undefined` for plain text. Without a setting a
 * memory store encrypts under an ephemeral key (it forgets everything anyway),
 * and a durable store writes in clear with a warning naming the fix.
 */
export const checkPrivacy = (privacy: unknown, store: EventStore): CheckedPrivacy | undefined => {
  if (privacy === 'plaintext') return undefined;
  if (privacy === undefined) {
    const ephemeral = (store as { [EPHEMERAL_KEYS]?: unknown })[EPHEMERAL_KEYS];
    if (store.durable === false && isRecord(ephemeral) && isKeyring(ephemeral))
      return { keys: ephemeral, policy: defaultPrivacyPolicy, ephemeral: true };
    warnPlaintext();
    return undefined;
  }
  if (!isRecord(privacy) || !isRecord(privacy.keys)) {
    throw check.refuse(
      'privacy',
      `privacy must be 'plaintext' or { keys, policy? }, as in ${FIX}; got ${shownValue(privacy)}`,
    );
  }
  const keys = isKeyring(privacy.keys)
    ? privacy.keys
    : subjectKeys(privacy.keys as unknown as { store: KeyStore; kek: KeyEncryptionKey });
  const policy = privacy.policy ?? defaultPrivacyPolicy;
  if (!isRecord(policy) || !isRecord(policy.fields) || !Array.isArray(policy.eraseRoles)) {
    throw check.refuse('privacy', 'privacy.policy must come from definePrivacyPolicy({ fields, eraseRoles })');
  }
  const index = privacy.indexKey === undefined ? undefined : blindIndex(privacy.indexKey as Uint8Array | string);
  const retention = checkRetention(privacy.retention);
  return { keys, policy: policy as unknown as PrivacyPolicy, index, retention };
};
