import fc from 'fast-check';
import {
  COMMAND_TYPES,
  defaultPolicy,
  type Actor,
  type Command,
  type CommandOf,
  type CommandType,
  type Policy,
} from '@redress/core';
import { actor as actorOf } from './actors';
import { commandPayloads } from './payloads';
import { identifier } from './text';

const isArbitrary = <T>(x: T | fc.Arbitrary<T>): x is fc.Arbitrary<T> =>
  typeof (x as { generate?: unknown }).generate === 'function';

/**
 * Options of `commandOf` and `anyCommand`.
 *
 * @example
 * commandOf('escalate', { complaintId: 'C-3', actor: { id: 'h-1', role: 'handler' } });
 */
export interface CommandOptions {
  /** The complaint the command is about. Default `C-1`. */
  readonly complaintId?: string;
  /** Who issues it. Default: an actor of a role the policy allows for the command. */
  readonly actor?: Actor | fc.Arbitrary<Actor>;
  /** Whose roles to respect when choosing the actor. Default: core's `defaultPolicy`. */
  readonly policy?: Policy;
}

/**
 * One well-formed command of `type`: its payload passes the schema and its actor
 * has a role the policy allows. Whether the lifecycle allows it now depends on
 * the complaint's stage; `approveRemedy` names a random proposal id.
 *
 * @example
 * fc.sample(commandOf('addNote', { complaintId: 'C-9' }), 1);
 * // [{ type: 'addNote', complaintId: 'C-9', actor: { id: 'x', role: 'agent' }, text: '已回电 📞' }]
 */
export const commandOf = <T extends CommandType>(type: T, options: CommandOptions = {}): fc.Arbitrary<CommandOf<T>> => {
  const policy = options.policy ?? defaultPolicy;
  const who =
    options.actor === undefined
      ? fc.constantFrom(...policy.roles[type]).chain((role) => actorOf(role))
      : isArbitrary(options.actor)
        ? options.actor
        : fc.constant(options.actor);
  const extra: fc.Arbitrary<Record<string, unknown>> =
    type === 'approveRemedy' ? fc.record({ proposalId: identifier() }) : fc.constant({});
  return fc
    .tuple(who, commandPayloads[type] as fc.Arbitrary<object>, extra)
    .map(
      ([actor, payload, more]) =>
        ({ type, complaintId: options.complaintId ?? 'C-1', actor, ...payload, ...more }) as CommandOf<T>,
    );
};

/**
 * A well-formed command of any type (or of one of `types`).
 *
 * @example
 * fc.sample(anyCommand({ complaintId: 'C-2', types: ['escalate', 'withdraw'] }), 2);
 */
export const anyCommand = (
  options: CommandOptions & { readonly types?: readonly CommandType[] } = {},
): fc.Arbitrary<Command> =>
  fc.constantFrom(...(options.types ?? COMMAND_TYPES)).chain((t) => commandOf(t, options) as fc.Arbitrary<Command>);
