import fc from 'fast-check';
import { LIMITS } from '@redress/core';

const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
const emoji = fc.constantFrom('😀', '🙏', '🔥', '👩‍💻', '🇨🇳', '☕', '🫖', '✅');
const latin = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,!?-'.split(''));

/** One visible character: Latin, Chinese or emoji (emoji are two or more UTF-16 units). */
const glyph = fc.oneof({ weight: 4, arbitrary: latin }, { weight: 3, arbitrary: cjk }, { weight: 1, arbitrary: emoji });

/** Fill exactly `max` UTF-16 units (what zod's `.max()` counts) with a repeated sample. */
const exactly = (max: number) =>
  fc.constantFrom('文', 'a', '😀', '王芳 ').map((unit) => {
    const s = unit.repeat(Math.ceil(max / unit.length)).slice(0, max);
    // Slicing may split a surrogate pair or end on a space; pad with a plain letter instead.
    const clean = s.replace(/[\uD800-\uDBFF]$/, 'x').replace(/\s+$/, '');
    return clean + 'x'.repeat(max - clean.length);
  });

/**
 * Free text that core accepts: never blank, at most `maxLength` UTF-16 units,
 * mixing Latin, Chinese and emoji, and sometimes exactly `maxLength` long.
 *
 * @example
 * fc.sample(text({ maxLength: LIMITS.shortText }), 3); // ['Kettle 漏水 🔥', …]
 */
export const text = ({ maxLength = LIMITS.shortText }: { maxLength?: number } = {}): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .array(glyph, { minLength: 1, maxLength: Math.min(40, maxLength) })
        .map((gs) => gs.join('').trim())
        .filter((s) => s.length > 0 && s.length <= maxLength),
    },
    { weight: 1, arbitrary: exactly(maxLength) },
  );

/**
 * Short free text (at most `LIMITS.shortText`).
 *
 * @example
 * fc.sample(shortText(), 1); // ['回电 ok']
 */
export const shortText = (): fc.Arbitrary<string> => text({ maxLength: LIMITS.shortText });

/**
 * Long free text (at most `LIMITS.longText`, sometimes exactly that long).
 *
 * @example
 * fc.sample(longText(), 1); // ['Kettle leaks 🔥']
 */
export const longText = (): fc.Arbitrary<string> => text({ maxLength: LIMITS.longText });

const idChars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:@-';

/**
 * An identifier core accepts: a letter or digit, then letters, digits and `-_.:@`,
 * at most `LIMITS.id` long (sometimes exactly that long).
 *
 * @example
 * fc.sample(identifier(), 2); // ['k3', 'A.b@c']
 */
export const identifier = (): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...'abcXYZ019'.split('')),
          fc.string({ unit: fc.constantFrom(...idChars.split('')), maxLength: 16 }),
        )
        .map(([h, t]) => h + t),
    },
    { weight: 1, arbitrary: fc.constant('i'.repeat(LIMITS.id)) },
  );

/**
 * A lower-case slug such as `quality-control`, at most 64 characters.
 *
 * @example
 * fc.sample(slug(), 2); // ['quality-control', 'x9-b']
 */
export const slug = (): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom('quality-control', 'service', 'billing', 'logistics', 'product-defect', 'rude-staff'),
    },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/) },
    { weight: 1, arbitrary: fc.constant('s'.repeat(64)) },
  );
