import { idSchema, LIMITS } from '../domain/limits';
import { RedressError } from '../errors/redressError';

/**
 * Refuse a complaint id that no command could have made, before any store sees
 * it: `load`, `history` and `verify` check ids as `execute` does (a NUL in an id
 * is `VALIDATION` here, not a database error).
 *
 * @example
 * checkComplaintId('load', 'C-1'); // fine
 * checkComplaintId('load', 'C-\u0000'); // throws VALIDATION
 */
export const checkComplaintId = (caller: string, complaintId: unknown): void => {
  if (typeof complaintId !== 'string' || complaintId.length === 0)
    throw new RedressError('VALIDATION', `${caller} needs a complaint id (a non-empty string)`, {
      field: 'complaintId',
    });
  if (!idSchema.safeParse(complaintId).success)
    throw new RedressError(
      'VALIDATION',
      `${caller} needs a complaint id of at most ${LIMITS.id} letters, digits and - _ . : @, starting with a letter or digit; the id given is not one, so no complaint has it`,
      { field: 'complaintId' },
    );
};
