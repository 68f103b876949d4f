import { z } from 'zod';
import { EVENT_TYPES, eventDataSchemas, type EventType } from '../domain/events';
import { encryptablePaths } from './schemaPaths';

/**
 * The zod form of an {@link EncryptedValue}: exactly what `isEncryptedValue`
 * accepts (the read path's fast check uses that function for this schema).
 *
 * @example
 * encryptedValueSchema.safeParse({ $enc: 1, kid: 'S-1', iv: 'q0C2', ct: 'Vx9' }).success; // true
 */
export const encryptedValueSchema = z.strictObject({
  $enc: z.literal(1),
  kid: z.string().min(1),
  iv: z.string().regex(/^[A-Za-z0-9_-]+$/),
  ct: z.string().regex(/^[A-Za-z0-9_-]+$/),
});

/** `schema` with an encrypted value accepted at each of `paths` (dot-separated, relative to it). */
const sealable = (schema: z.ZodType, paths: ReadonlySet<string>, prefix: string): z.ZodType => {
  if (schema instanceof z.ZodOptional) return sealable(schema.unwrap() as z.ZodType, paths, prefix).optional();
  if (paths.has(prefix)) return z.union([schema, encryptedValueSchema]);
  if (!(schema instanceof z.ZodObject)) return schema;
  const shape = Object.fromEntries(
    Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => [
      name,
      sealable(field, paths, prefix === '' ? name : `${prefix}.${name}`),
    ]),
  );
  return z.strictObject(shape);
};

/**
 * The schemas of each event type's `data` as stored: the schema of
 * `eventDataSchemas`, where every field a privacy policy can name (text, lists
 * of text) may also hold an encrypted value. A store checks what it reads
 * against these, so a log written under any policy reads, with or without keys.
 *
 * @example
 * storedDataSchemas.NoteAdded.safeParse({ text: { $enc: 1, kid: 'S-1', iv: 'q0C2', ct: 'Vx9' } }).success; // true
 */
export const storedDataSchemas: Readonly<Record<EventType, z.ZodType>> = Object.fromEntries(
  EVENT_TYPES.map((type) => {
    const paths = new Set(encryptablePaths(type));
    return [type, paths.size === 0 ? eventDataSchemas[type] : sealable(eventDataSchemas[type], paths, '')];
  }),
) as Record<EventType, z.ZodType>;
