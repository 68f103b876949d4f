import fc from 'fast-check';
import { COMMAND_TYPES, type CommandType } from '@redress/core';
import { commandOf } from './commands';
import { commandFields, type FieldSpec } from './schemaFields';

/**
 * The ways `invalidCommand` breaks a command.
 *
 * @example
 * invalidCommand({ kinds: INVALID_KINDS.filter((k) => k !== 'unknownType') });
 */
export const INVALID_KINDS = [
  'wrongType',
  'missingField',
  'tooLong',
  'tooShort',
  'outOfRange',
  'tooMany',
  'unknownEnum',
  'badFormat',
  'unknownField',
  'unknownType',
] as const;
/** One way of breaking a command, e.g. `tooLong`. */
export type InvalidKind = (typeof INVALID_KINDS)[number];

/**
 * A command broken in one way, with the field the error must name.
 *
 * @example
 * const [{ command, kind, field }] = fc.sample(invalidCommand(), 1); // kind 'tooLong', field 'complainant.name'
 */
export interface InvalidCommand {
  readonly command: Record<string, unknown>;
  readonly kind: InvalidKind;
  /** Dotted path of the broken field, e.g. `complainant.name`; `type` for an unknown type. */
  readonly field: string;
  /** The value put there (`undefined` for a missing field). */
  readonly value: unknown;
}

interface Mutation {
  readonly kind: InvalidKind;
  readonly path: readonly string[];
  /** `remove` deletes the field. */
  readonly value: unknown;
  readonly remove?: boolean;
}

const wrongValue: Record<string, unknown> = {
  string: 42,
  integer: 'five',
  number: 'five',
  boolean: 'yes',
  object: 'not an object',
  array: 'not a list',
};

const overLong = (f: FieldSpec, n: number): string => {
  if (f.format === 'email') return `${'a'.repeat(n)}@example.com`;
  const fits = ['a', '1', '文'].find((c) => f.pattern === undefined || new RegExp(f.pattern).test(c.repeat(3)));
  return (fits ?? 'a').repeat(n);
};

/** Every way to break one field, read from its schema. */
const mutationsOf = (f: FieldSpec): Mutation[] => {
  const at = (kind: InvalidKind, value: unknown): Mutation => ({ kind, path: f.path, value });
  if (f.const !== undefined) return [];
  const out: Mutation[] = [];
  if (f.required) out.push({ kind: 'missingField', path: f.path, value: undefined, remove: true });
  if (f.type !== undefined && f.type in wrongValue) out.push(at('wrongType', wrongValue[f.type]));
  if (f.maxLength !== undefined) out.push(at('tooLong', overLong(f, f.maxLength + 1)));
  if (f.minLength !== undefined && f.minLength > 0) out.push(at('tooShort', ' '.repeat(f.minLength)));
  if (f.maximum !== undefined) out.push(at('outOfRange', f.maximum + 1));
  if (f.minimum !== undefined) out.push(at('outOfRange', f.minimum - 1));
  if (f.maxItems !== undefined)
    out.push(
      at(
        'tooMany',
        Array.from({ length: f.maxItems + 1 }, (_, i) => `item ${i}`),
      ),
    );
  if (f.enum !== undefined) out.push(at('unknownEnum', 'no-such-value'));
  if (f.pattern !== undefined || f.format !== undefined) out.push(at('badFormat', 'has spaces & symbols!'));
  return out;
};

const setPath = (target: Record<string, unknown>, m: Mutation): Record<string, unknown> => {
  const copy = structuredClone(target);
  let node: Record<string, unknown> = copy;
  for (const key of m.path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = m.path[m.path.length - 1] as string;
  if (m.remove === true) delete node[last];
  else node[last] = m.value;
  return copy;
};

/** Mutations whose parent object is present in `cmd` (a broken optional sub-object needs its parent). */
const applicable = (type: CommandType, cmd: Record<string, unknown>, kinds: ReadonlySet<InvalidKind>): Mutation[] => {
  const parentPresent = (path: readonly string[]) => {
    let node: unknown = cmd;
    for (const key of path.slice(0, -1)) node = (node as Record<string, unknown> | undefined)?.[key];
    return typeof node === 'object' && node !== null;
  };
  const all = [
    ...commandFields(type)
      .filter((f) => parentPresent(f.path))
      .flatMap(mutationsOf),
    { kind: 'unknownField' as const, path: ['unexpectedField'], value: 1 },
    { kind: 'unknownType' as const, path: ['type'], value: `${type}Now` },
  ];
  return all.filter((m) => kinds.has(m.kind));
};

/**
 * Commands broken in exactly one way: a wrong type, a missing required field, a
 * string over core's `LIMITS` (or blank), a number out of range, too many list
 * items, an unknown enum value, a malformed id or email, an unknown field, or an
 * unknown command type. The fields and limits are read from core's schemas.
 * Core must refuse each with `VALIDATION`, name `field`, and append nothing.
 *
 * @example
 * test.prop([invalidCommand()])('bad input is refused', async ({ command, field }) => {
 *   await expect(engine.execute(command as Command)).rejects.toThrow(field);
 * });
 */
export const invalidCommand = (
  options: {
    readonly types?: readonly CommandType[];
    readonly kinds?: readonly InvalidKind[];
    readonly complaintId?: string;
  } = {},
): fc.Arbitrary<InvalidCommand> => {
  const types = options.types ?? COMMAND_TYPES;
  const everything = { type: 'x', remedy: {}, actor: {}, complainant: {} };
  // Choose the kind first, so rare kinds (a list with too many items) come up as often as common ones.
  const plans = (options.kinds ?? INVALID_KINDS)
    .map((kind) => ({ kind, types: types.filter((t) => applicable(t, everything, new Set([kind])).length > 0) }))
    .filter((p) => p.types.length > 0);
  return fc
    .constantFrom(...plans)
    .chain(({ kind, types: ofKind }) =>
      fc
        .constantFrom(...ofKind)
        .chain((type) =>
          commandOf(type, options.complaintId === undefined ? {} : { complaintId: options.complaintId }).map((cmd) => ({
            type,
            cmd,
          })),
        )
        .map(({ type, cmd }) => ({
          cmd: cmd as Record<string, unknown>,
          mutations: applicable(type, cmd as Record<string, unknown>, new Set([kind])),
        })),
    )
    .filter(({ mutations }) => mutations.length > 0)
    .chain(({ cmd, mutations }) =>
      fc
        .constantFrom(...mutations)
        .map((m) => ({ command: setPath(cmd, m), kind: m.kind, field: m.path.join('.'), value: m.value })),
    );
};
