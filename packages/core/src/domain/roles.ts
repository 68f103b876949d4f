import { z } from 'zod';
import { idSchema, slugSchema } from './limits';

/**
 * Default roles of the procedure. Apps may add their own through the policy.
 *
 * @example
 * ROLES.includes('supervisor'); // true
 */
export const ROLES = ['agent', 'handler', 'department', 'supervisor', 'privacy-officer'] as const;
/** One of the default roles in `ROLES`. */
export type DefaultRole = (typeof ROLES)[number];

/**
 * Who issues a command: an id and a role (and, for department staff, their department).
 *
 * @example
 * const actor = actorSchema.parse({ id: 'u-42', role: 'department', department: 'quality-control' });
 */
export const actorSchema = z.strictObject({
  id: idSchema,
  role: slugSchema,
  department: slugSchema.optional(),
});

/** Who issues a command, as validated by `actorSchema`. */
export type Actor = z.output<typeof actorSchema>;
