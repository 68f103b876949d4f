import type { z } from 'zod';
import {
  COMMAND_TYPES,
  type commandSchema,
  commandSchemas,
  type CommandType,
  type ParsedCommand,
} from '../domain/commands';
import { findTextFault } from '../domain/textHygiene';
import { RedressError } from '../errors/redressError';

const describeIssues = (issues: readonly z.core.$ZodIssue[]) =>
  issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(command)'}: ${i.message}`)
    .join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '');

const isCommandType = (t: unknown): t is CommandType => typeof t === 'string' && Object.hasOwn(commandSchemas, t);

/**
 * Validate a command from outside. Anything wrong is a `VALIDATION` error that
 * names the fields and says what they must be.
 *
 * @example
 * const cmd = parseCommand({ type: 'addNote', complaintId: 'C-1', actor, text: 'Called' });
 */
export const parseCommand = (input: unknown): ParsedCommand => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RedressError(
      'VALIDATION',
      `A command must be an object with a "type"; got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`,
    );
  }
  const type = (input as { type?: unknown }).type;
  if (!isCommandType(type)) {
    throw new RedressError(
      'VALIDATION',
      `Unknown command type ${JSON.stringify(type) ?? 'undefined'}; use one of: ${COMMAND_TYPES.join(', ')}`,
      { field: 'type', allowed: COMMAND_TYPES },
    );
  }
  let result: ReturnType<typeof commandSchema.safeParse>;
  try {
    result = commandSchemas[type].safeParse(input) as ReturnType<typeof commandSchema.safeParse>;
  } catch (cause) {
    throw new RedressError('VALIDATION', `The ${type} command could not be read: ${String(cause)}`, undefined, {
      cause,
    });
  }
  if (!result.success) {
    throw new RedressError('VALIDATION', `Invalid ${type} command: ${describeIssues(result.error.issues)}`, {
      issues: result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code })),
    });
  }
  const bad = findTextFault(result.data);
  if (bad !== undefined) {
    const field = bad.path.join('.');
    throw new RedressError(
      'VALIDATION',
      `Invalid ${type} command: ${field} holds ${bad.fault}; remove it and send again`,
      {
        field,
        issues: [{ path: [...bad.path], message: `holds ${bad.fault}`, code: 'custom' }],
      },
    );
  }
  return result.data;
};
