import { commandSchemas, type CommandType } from '@redress/core';

/**
 * What the JSON Schema of a command says about one field.
 *
 * @example
 * commandFields('receive').filter((f: FieldSpec) => f.required).map((f) => f.path.join('.'));
 */
export interface FieldSpec {
  /** Path inside the command, e.g. `['complainant', 'name']`. */
  readonly path: readonly string[];
  readonly required: boolean;
  readonly type: string | undefined;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly maximum?: number;
  readonly minimum?: number;
  readonly maxItems?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  maxLength?: number;
  minLength?: number;
  maximum?: number;
  minimum?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
}

const walk = (schema: JsonSchema, prefix: readonly string[], out: FieldSpec[]) => {
  const required = new Set(schema.required ?? []);
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, name];
    out.push({
      path,
      required: required.has(name),
      type: s.type,
      ...(s.maxLength !== undefined && { maxLength: s.maxLength }),
      ...(s.minLength !== undefined && { minLength: s.minLength }),
      ...(s.maximum !== undefined && { maximum: s.maximum }),
      ...(s.minimum !== undefined && { minimum: s.minimum }),
      ...(s.maxItems !== undefined && { maxItems: s.maxItems }),
      ...(s.enum !== undefined && { enum: s.enum }),
      ...('const' in s && { const: s.const }),
      ...(s.pattern !== undefined && { pattern: s.pattern }),
      ...(s.format !== undefined && { format: s.format }),
    });
    if (s.type === 'object') walk(s, path, out);
  }
};

const cache = new Map<CommandType, readonly FieldSpec[]>();

/**
 * Every field of a command, nested ones included, read from core's zod schema
 * through its JSON Schema, so new fields and changed limits are picked up
 * without touching the arbitraries.
 *
 * @example
 * commandFields('recordFollowUp').find((f) => f.path[0] === 'satisfaction'); // { maximum: 5, minimum: 1, … }
 */
export const commandFields = (type: CommandType): readonly FieldSpec[] => {
  let fields = cache.get(type);
  if (fields === undefined) {
    const out: FieldSpec[] = [];
    walk(commandSchemas[type].toJSONSchema({ io: 'input', unrepresentable: 'any' }) as JsonSchema, [], out);
    fields = out;
    cache.set(type, fields);
  }
  return fields;
};
