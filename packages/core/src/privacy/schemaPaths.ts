import { z } from 'zod';
import { blindToken, eventDataSchemas, localeSchema, type EventType } from '../domain/events';
import { idSchema, slugSchema } from '../domain/limits';
import { personalData } from '../domain/personalData';

/** A schema without its `optional`, `nullable` and `default` wrappers. */
const unwrap = (schema: z.ZodType): z.ZodType => {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) {
    inner = inner.unwrap() as z.ZodType;
  }
  return inner;
};

/** Every leaf (non-object field) of an object schema, with its dot-separated path and its schema as declared. */
const leaves = (schema: z.ZodType, prefix = ''): { path: string; schema: z.ZodType }[] => {
  const inner = unwrap(schema);
  if (!(inner instanceof z.ZodObject)) return [{ path: prefix, schema }];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([name, field]) =>
    leaves(field, prefix === '' ? name : `${prefix}.${name}`),
  );
};

/** Codes the engine, the deadlines and the statistics read: they stay in clear. */
const CODES: ReadonlySet<z.ZodType> = new Set([idSchema, slugSchema, blindToken, localeSchema]);

/**
 * The paths of an event type's `data` that can be encrypted: fields of text
 * (an email included) or lists of text. Not enums, numbers, flags, ids or
 * slugs such as the category: the engine and the statistics read those.
 *
 * @example
 * encryptablePaths('NoteAdded'); // ['text']
 */
export const encryptablePaths = (type: EventType): string[] =>
  leaves(eventDataSchemas[type])
    .filter(({ schema }) => {
      const inner = unwrap(schema);
      if (CODES.has(inner)) return false;
      const kind = inner._zod.def.type;
      return kind === 'string' || kind === 'array';
    })
    .map(({ path }) => path);

/**
 * The fields the schemas mark as personal data (registered in the
 * `personalData` registry), by event type: the one place a field is marked.
 *
 * @example
 * registeredPersonalPaths().ComplaintReceived; // ['complainant.name', 'complainant.phone', …]
 */
export const registeredPersonalPaths = (): Partial<Record<EventType, string[]>> => {
  const out: Partial<Record<EventType, string[]>> = {};
  for (const type of Object.keys(eventDataSchemas) as EventType[]) {
    const marked = leaves(eventDataSchemas[type])
      .filter(({ schema }) => personalData.has(schema) || personalData.has(unwrap(schema)))
      .map(({ path }) => path);
    if (marked.length > 0) out[type] = marked;
  }
  return out;
};
