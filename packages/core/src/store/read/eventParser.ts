import type { z } from 'zod';
import type { StoredEvent } from '../../domain/envelope';
import { envelopeSchema, type StoredEnvelope } from '../../domain/envelopeSchema';
import { CURRENT_SCHEMA_VERSION, EVENT_TYPES } from '../../domain/events';
import { storedDataSchemas } from '../../privacy/storedSchemas';
import { RedressError } from '../../errors/redressError';
import { envelopeCheck } from './envelopeCheck';
import { upcast, type Upcasters } from './upcast';

/** What reading needs to know of each event type. */
interface TypeInfo {
  readonly current: number;
  readonly schema: z.ZodType;
}
const TYPES: ReadonlyMap<string, TypeInfo> = new Map(
  EVENT_TYPES.map((type) => [
    type,
    // The stored form: a field a privacy policy can name may hold an encrypted value.
    { current: CURRENT_SCHEMA_VERSION[type], schema: storedDataSchemas[type] },
  ]),
);

/** How an error names the event; built only when there is an error. */
const where = (e: { streamId: string; version: number }) => `event ${e.streamId} v${e.version}`;

const describe = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/** zod's verdict on an event's data: its output, or TAMPERED saying what is wrong. */
const checkData = (e: StoredEnvelope, schema: z.ZodType, data: unknown): unknown => {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new RedressError('TAMPERED', `Stored ${where(e)} (${e.type}) fails its schema: ${describe(parsed.error)}`, {
      streamId: e.streamId,
      version: e.version,
      issues: parsed.error.issues,
    });
  }
  return parsed.data;
};

/** The envelope of a stored event by zod, for what the fast check did not accept. */
const zodEnvelope = (raw: unknown): StoredEnvelope => {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new RedressError(
      'TAMPERED',
      `A stored event does not have the shape of a Redress event: ${describe(envelope.error)}`,
      {
        issues: envelope.error.issues,
      },
    );
  }
  return envelope.data;
};

/** Turns what a store read back into events: see {@link eventParser}. */
export interface EventParser {
  /**
   * The stored event `raw` (its position included) checked against the envelope
   * and data schemas; `TAMPERED` if it fails. An event that needed no lifting is
   * returned as given, not copied: its data is kept exactly as stored, which the
   * hash covers.
   */
  parse(raw: unknown): StoredEvent;
}

/**
 * A parser of stored events, lifting old schema versions through `upcasters`. A
 * row that fails is reported as `TAMPERED`: the log does not hold what Redress
 * wrote. Each read makes its own: it remembers the envelopes it saw (their key
 * order, the last hash), which the next event of the same read most likely
 * shares, so most envelopes are checked by hand rather than by zod (their data always by zod).
 *
 * @example
 * const parser = eventParser({ upcasters });
 * for (const row of rows) yield parser.parse(JSON.parse(row.body));
 */
export const eventParser = (options: { readonly upcasters?: Upcasters | undefined } = {}): EventParser => {
  const { upcasters } = options;
  const fastEnvelope = envelopeCheck();

  const parse = (raw: unknown): StoredEvent => {
    let e: StoredEnvelope;
    if (fastEnvelope.accepts(raw)) e = raw;
    else {
      e = zodEnvelope(raw);
      fastEnvelope.follows(e.hash);
    }
    const info = TYPES.get(e.type);
    if (info === undefined) {
      throw new RedressError(
        'TAMPERED',
        `Stored ${where(e)} has unknown type "${e.type}"; is the store written by a newer Redress?`,
        {
          streamId: e.streamId,
          version: e.version,
        },
      );
    }
    const { current } = info;
    if (e.schemaVersion > current) {
      throw new RedressError(
        'TAMPERED',
        `Stored ${where(e)} has schema version ${e.schemaVersion}, newer than this Redress knows (${current}); upgrade @redress/core`,
        { streamId: e.streamId, version: e.version },
      );
    }
    if (e.schemaVersion === current) {
      // zod checks every event's data. A check of it by hand, compiled from the zod schemas, was
      // measured once reads hashed every event: 0.10 against zod's 0.36 µs an event of complaints
      // through every stage, 4% of a checked read (about 6.5 µs an event), while it read zod's
      // internals. It went; the envelope's fast path stays (0.38 against 1.96 µs, about 24%).
      checkData(e, info.schema, e.data);
      // The data exactly as stored (the hash covers it): checked, not replaced by zod's output.
      return e as StoredEvent;
    }
    // Lifted data is the schema's output, in a copy of the envelope.
    return { ...e, data: checkData(e, info.schema, upcast(e, current, upcasters)) } as StoredEvent;
  };

  return { parse };
};
