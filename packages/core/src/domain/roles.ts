import { z } from 'zod';
import { idSchema, slugSchema } from './limits';

/** Default roles of the procedure. Apps may add their own through the policy. */
export const ROLES = ['agent', 'handler', 'department', 'supervisor'] as const;
export type DefaultRole = (typeof ROLES)[number];

/** Who issues a command: an id and a role (and, for department staff, their department). */
export const actorSchema = z.strictObject({
  id: idSchema,
  role: slugSchema,
  department: slugSchema.optional(),
});

export type Actor = z.output<typeof actorSchema>;
