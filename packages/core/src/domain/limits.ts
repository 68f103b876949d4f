import { z } from 'zod';

/**
 * Upper bounds on free text, so a runaway client cannot bloat a complaint's log.
 *
 * @example
 * if (summary.length > LIMITS.longText) throw new Error('summary too long');
 */
export const LIMITS = {
  id: 128,
  name: 200,
  phone: 40,
  email: 254,
  address: 500,
  shortText: 500,
  longText: 10_000,
  listItems: 50,
} as const;

/** An identifier: letters, digits and `-_.:@`, no spaces. */
export const idSchema = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/,
    'must start with a letter or digit and contain only letters, digits and - _ . : @',
  );

/** A lower-case slug such as `quality-control` or `product-defect`. */
export const slugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case slug like "quality-control"');

export const shortText = z.string().trim().min(1).max(LIMITS.shortText);
export const longText = z.string().trim().min(1).max(LIMITS.longText);
export const isoTime = z.iso.datetime({ offset: true });
