import { isRedressError } from '@redress/core';

/** What to tell the user when the engine refuses a command; `undefined` for other failures. */
export const explainRefusal = (e: unknown): string | undefined => {
  if (isRedressError(e, 'NOT_ALLOWED')) {
    const { command, stage, allowed } = e.details ?? { command: '?', stage: null, allowed: [] };
    return `${command} is not possible in stage ${stage ?? 'new'}; possible now: ${allowed.join(', ') || 'nothing'}`;
  }
  if (isRedressError(e, 'FORBIDDEN'))
    return `role ${e.details?.actor.role ?? '?'} may not ${e.details?.command ?? 'do this'}`;
  if (isRedressError(e, 'NOT_FOUND')) return `no complaint ${e.details?.complaintId ?? ''}`;
  if (isRedressError(e, 'VALIDATION'))
    return e.details?.issues?.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') ?? e.message;
  return undefined;
};
