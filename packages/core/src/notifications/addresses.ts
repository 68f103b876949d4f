/** Checks an address for one delivery channel: `undefined` when fine, else what is wrong. */
export type AddressCheck = (address: string) => string | undefined;

const email: AddressCheck = (a) =>
  /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(
    a,
  ) && a.length <= 254
    ? undefined
    : 'is not an email address like name@example.com';

const sms: AddressCheck = (a) => {
  if (!/^\+?[0-9 ()-]+$/.test(a)) return 'is not a phone number (digits, spaces, + ( ) - only)';
  const digits = a.replace(/\D/g, '').length;
  return digits >= 5 && digits <= 15 ? undefined : `has ${digits} digits; a phone number has 5 to 15`;
};

const url: AddressCheck = (a) => {
  try {
    const u = new URL(a);
    return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'is not an http(s) URL';
  } catch {
    return 'is not a URL';
  }
};

/**
 * Address checks of the well-known channels. Channels not listed accept any
 * non-empty address; add a check for your own channel in `defineNotifications`.
 *
 * @example
 * addressChecks.email?.('someone@example'); // 'is not an email address like name@example.com'
 */
export const addressChecks: Readonly<Record<string, AddressCheck>> = { email, sms, webhook: url };

/**
 * Check an address for a channel with the given checks.
 *
 * @example
 * checkAddress('sms', '+86 138 0000 0000'); // undefined (fine)
 */
export const checkAddress = (
  channel: string,
  address: string,
  checks: Readonly<Record<string, AddressCheck>> = addressChecks,
): string | undefined => {
  if (address.trim().length === 0) return 'is empty';
  return checks[channel]?.(address);
};
