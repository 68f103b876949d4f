import { isEventType } from '../domain/events';
import { claimsEncrypted } from '../privacy/encryptedValue';
import { DEFAULT_PRIVATE_FIELDS } from '../privacy/privacyPolicy';
import { isRecord } from '../store/optionChecks';

/**
 * A stored event with its personal data in clear taken out, for a proof or a
 * report that others read: the fields the default privacy policy names (the
 * complainant's contact fields and the case's free text) that hold a clear
 * value are removed from `data`, and their paths listed. Encrypted fields stay
 * as they are stored, ciphertext. The event is not changed (a copy is returned).
 *
 * @example
 * const { event, withheld } = withheldFields(stored);
 * withheld; // ['data.complainant.name', 'data.complainant.phone', 'data.summary']
 */
export const withheldFields = (
  stored: Readonly<Record<string, unknown>>,
): { event: Record<string, unknown>; withheld: string[] } => {
  const event = structuredClone(stored) as Record<string, unknown>;
  const type = event.type;
  const withheld: string[] = [];
  if (typeof type !== 'string' || !isEventType(type) || !isRecord(event.data)) return { event, withheld };
  for (const path of DEFAULT_PRIVATE_FIELDS[type] ?? []) {
    const segments = path.split('.');
    let holder: Record<string, unknown> | undefined = event.data;
    for (const name of segments.slice(0, -1)) {
      const next: unknown = holder?.[name];
      holder = isRecord(next) ? next : undefined;
    }
    const last = segments.at(-1) as string;
    if (holder === undefined || !Object.hasOwn(holder, last) || claimsEncrypted(holder[last])) continue;
    delete holder[last];
    withheld.push(`data.${path}`);
  }
  return { event, withheld };
};
