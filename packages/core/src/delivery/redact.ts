/** What a personal value is replaced with in an error text. */
export const REDACTED = '[redacted]';

/** What an email address found in an error text is replaced with. */
export const REDACTED_EMAIL = '[email address]';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const unicodeEscaped = (s: string) =>
  s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const htmlEscaped = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * The forms a value takes when a receiver echoes it back: as given, trimmed,
 * JSON-escaped, `\u`-escaped, URL-encoded, HTML-escaped, and for a phone number
 * its digits alone (a gateway that normalised `+86 138 0000 0000` writes
 * `+8613800000000`).
 */
const formsOf = (value: string): string[] => {
  const v = value.trim();
  if ([...v].length < 2) return [];
  const forms = new Set([
    v,
    v.toLowerCase(),
    v.toUpperCase(),
    JSON.stringify(v).slice(1, -1),
    // A reply quoting the JSON it was sent, inside JSON of its own.
    JSON.stringify(JSON.stringify(v).slice(1, -1)).slice(1, -1),
    unicodeEscaped(v),
    encodeURIComponent(v),
    htmlEscaped(v),
  ]);
  const digits = v.replace(/\D/g, '');
  if (digits.length >= 5 && /^[+\d\s().-]+$/.test(v)) {
    forms.add(digits);
    // Without a country code's leading zero or with a trunk prefix dropped, the rest still names the person.
    if (digits.length >= 8) forms.add(digits.slice(-8));
  }
  const at = v.lastIndexOf('@');
  if (at >= 3) forms.add(v.slice(0, at));
  return [...forms].filter((f) => f.length >= 2);
};

// A word made of ASCII letters is matched as a whole word: a name "Ann" is not cut out of "Announce".
const pattern = (form: string) => {
  const before = /^[A-Za-z]/.test(form) ? '(?<![A-Za-z])' : '';
  const after = /[A-Za-z]$/.test(form) ? '(?![A-Za-z])' : '';
  return `${before}${escapeRegExp(form)}${after}`;
};

/**
 * An error text with every occurrence of the given personal values cut out, in
 * the forms a receiver may echo them in (JSON- or URL-encoded, escaped, a phone
 * number's digits alone), and every email address replaced too. Matching
 * ignores case. Dispatchers and channels pass every failure text through it
 * before it is stored, reported or shown: an SMTP server's `550 <wang@…>:
 * Recipient address rejected` or a gateway echoing the number it was sent must
 * not put that person in an outbox row's `lastError`.
 *
 * @example
 * withoutPersonalValues('550 <wang@example.com>: rejected', ['wang@example.com']); // '550 <[redacted]>: rejected'
 * withoutPersonalValues('invalid number 8613800000000', ['+86 138 0000 0000']); // 'invalid number 86[redacted]'
 */
export const withoutPersonalValues = (text: string, values: readonly unknown[]): string => {
  const forms = [...new Set(values.filter((v): v is string => typeof v === 'string').flatMap(formsOf))].sort(
    (a, b) => b.length - a.length,
  );
  let out = text;
  if (forms.length > 0) out = out.replace(new RegExp(forms.map(pattern).join('|'), 'giu'), REDACTED);
  // Addresses at the domains reserved for documentation (RFC 2606) are examples in a message, no one's address.
  return out.replace(/[^\s<>"'(),;:[\]@]+@([^\s<>"'(),;:[\]@]+\.[A-Za-z]{2,})/g, (address, domain: string) =>
    /^example\.(com|net|org)$/i.test(domain) ? address : REDACTED_EMAIL,
  );
};

/**
 * The personal values a notification payload carries (the recipient's name and
 * address, the subject and text), to pass to {@link withoutPersonalValues}.
 * Any payload is accepted; what is not there is left out.
 *
 * @example
 * withoutPersonalValues(error, personalValuesOf(row.payload));
 */
export const personalValuesOf = (payload: unknown): string[] => {
  if (typeof payload !== 'object' || payload === null) return [];
  const p = payload as { to?: { name?: unknown; address?: unknown }; subject?: unknown; text?: unknown };
  const to = typeof p.to === 'object' && p.to !== null ? p.to : {};
  return [to.name, to.address, p.subject, p.text].filter((v): v is string => typeof v === 'string');
};
