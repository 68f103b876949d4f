import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { envelopeSchema } from '../../domain/envelopeSchema';
import { eventDataSchemas, type EventType } from '../../domain/events';
import { storedDataSchemas } from '../../privacy/storedSchemas';
import { createEngine } from '../../engine/createEngine';
import { sequentialIds } from '../../engine/ids';
import { isRedressError } from '../../errors/redressError';
import { memoryStore } from '../memoryStore';
import { isEnvelopeKey } from './envelopeCheck';
import { eventParser } from './eventParser';

const agent = { id: 'agent-1', role: 'agent', department: 'front-desk' } as const;
const sample = async () => {
  const engine = createEngine({ store: memoryStore(), ids: sequentialIds() });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: '王芳' },
    summary: 'Kettle leaks',
    commandId: 'cmd-1',
  });
  return (await engine.history(complaintId)).map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
};
const events = await sample();

/** The slow reference: the zod envelope and the stored data schemas alone (encrypted fields allowed). */
const zodAccepts = (raw: unknown) => {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return false;
  if (!Object.hasOwn(eventDataSchemas, envelope.data.type)) return false;
  const schema = storedDataSchemas[envelope.data.type as EventType];
  return envelope.data.schemaVersion === 1 && schema.safeParse(envelope.data.data).success;
};

// One parser for the whole file, as one long read: what it remembers of the
// envelopes before must never change its verdict on the next.
const parser = eventParser();
const accepts = (raw: unknown) => {
  try {
    parser.parse(raw);
    return true;
  } catch (e) {
    if (!isRedressError(e, 'TAMPERED')) throw e;
    return false;
  }
};

const replacement = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string(),
  fc.constantFrom(
    '2026-02-29T10:00:00.000Z',
    '2028-02-29T10:00:00.000Z',
    '2026-13-01T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-11-22T24:00:00.000Z',
    '2026-11-22T06:00:00Z',
    '2026-11-22T06:00:00.000+08:00',
    'A'.repeat(64),
    'a'.repeat(64),
    'Bad Role',
    '',
    'toString',
    '__proto__',
    'NoteAdded',
  ),
  fc.record({ id: fc.string(), role: fc.string() }),
);
const field = fc.constantFrom(
  'id',
  'streamId',
  'version',
  'type',
  'schemaVersion',
  'actor',
  'occurredAt',
  'correlationId',
  'causationId',
  'commandId',
  'prevHash',
  'hash',
  'position',
  'extra',
  'actor.id',
  'actor.role',
  'actor.department',
  'actor.extra',
);

describe('eventParser', () => {
  test('accepts what Redress wrote', () => {
    for (const e of events) expect(accepts(e)).toBe(true);
  });

  test.prop([fc.nat(events.length - 1), field, replacement], { numRuns: 2000 })(
    'the fast envelope check accepts exactly what the zod schemas accept',
    (index, path, value) => {
      const raw = structuredClone(events[index]) as Record<string, unknown>;
      const [head, tail] = path.split('.') as [string, string | undefined];
      if (tail === undefined) raw[head] = value;
      else (raw[head] as Record<string, unknown>)[tail] = value;
      expect(accepts(raw)).toBe(zodAccepts(raw));
    },
  );

  // The key check remembers the last key order it accepted: runs of envelopes in
  // changing orders, with a key dropped or added here and there, must each get zod's verdict.
  const reshaped = fc.record({
    index: fc.nat(events.length - 1),
    order: fc.shuffledSubarray(Object.keys(envelopeSchema.shape), { minLength: 12 }),
    extra: fc.option(fc.constantFrom('extra', 'toString', 'Position', '__proto__'), { nil: undefined }),
  });
  test.prop([fc.array(reshaped, { minLength: 1, maxLength: 12 })], { numRuns: 500 })(
    'the key check gives each envelope of a run in changing key orders the zod verdict',
    (run) => {
      for (const { index, order, extra } of run) {
        const source = events[index] as Record<string, unknown>;
        const raw: Record<string, unknown> = {};
        for (const key of order) raw[key] = structuredClone(source[key]);
        if (extra !== undefined)
          Object.defineProperty(raw, extra, { value: 1, enumerable: true, writable: true, configurable: true });
        expect(accepts(raw)).toBe(zodAccepts(raw));
      }
    },
  );

  test('the fast check knows exactly the envelope keys of the zod schema', () => {
    const keys = Object.keys(envelopeSchema.shape);
    for (const key of keys) expect(isEnvelopeKey(key), key).toBe(true);
    for (const key of ['', 'ID', 'Position', 'stream_id', 'toString', '__proto__', 'constructor', 'positions'])
      expect(isEnvelopeKey(key), key).toBe(false);
    for (const key of keys) {
      const raw = structuredClone(events[1]) as Record<string, unknown>;
      delete raw[key];
      expect(accepts(raw), `without ${key}`).toBe(false);
    }
  });

  // Strings shaped like toISOString's output with characters swapped in anywhere:
  // the hand-written date check must refuse whatever zod refuses.
  const isoLike = fc
    .tuple(
      fc.date({
        min: new Date('0001-01-01T00:00:00.000Z'),
        max: new Date('9999-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      }),
      fc.array(fc.tuple(fc.nat(25), fc.constantFrom(...'0123456789-T:.Z+ /x9')), { maxLength: 3 }),
      fc.constantFrom('', '-', 'Z'),
    )
    .map(([date, swaps, tail]) => {
      const chars = [...date.toISOString()];
      for (const [at, c] of swaps) chars[at % chars.length] = c;
      return chars.join('') + (swaps.length > 0 ? '' : tail);
    });

  test.prop([fc.nat(events.length - 1), isoLike], { numRuns: 3000 })(
    'the fast date check accepts exactly the dates zod accepts',
    (index, occurredAt) => {
      const raw = { ...structuredClone(events[index]), occurredAt } as Record<string, unknown>;
      expect(accepts(raw)).toBe(zodAccepts(raw));
    },
  );

  // Hash-like strings: the characters either side of the hex ranges, and lengths either side of 64.
  const hashLike = fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 63, maxLength: 65 }),
      fc.option(fc.tuple(fc.nat(64), fc.constantFrom(...'/:`gAF\u0660')), { nil: undefined }),
    )
    .map(([hex, swap]) => (swap === undefined ? hex : hex.slice(0, swap[0]) + swap[1] + hex.slice(swap[0] + 1)));

  test.prop([fc.nat(events.length - 1), fc.constantFrom('hash', 'prevHash'), hashLike], { numRuns: 2000 })(
    'the fast hash check accepts exactly the hashes zod accepts',
    (index, key, value) => {
      const raw = { ...structuredClone(events[index]), [key]: value } as Record<string, unknown>;
      expect(accepts(raw)).toBe(zodAccepts(raw));
    },
  );

  // Names over the characters the identifier and slug rules draw lines between,
  // put into one field of an otherwise valid actor.
  const name = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'aZz09-_.:@ /é\n\u0130A'), maxLength: 6 }),
    fc.constantFrom('x'.repeat(128), 'x'.repeat(129), 'r'.repeat(64), 'r'.repeat(65)),
  );
  const actor = fc
    .tuple(fc.constantFrom('id', 'role', 'department'), name)
    .map(([key, value]) => ({ id: 'agent-7', role: 'agent', department: 'front-desk', [key]: value }));

  test.prop([fc.nat(events.length - 1), actor], { numRuns: 3000 })(
    'the fast actor check accepts exactly the actors zod accepts',
    (index, who) => {
      const raw = { ...structuredClone(events[index]), actor: who } as Record<string, unknown>;
      expect(accepts(raw)).toBe(zodAccepts(raw));
    },
  );
});
