import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { isRedressError } from '../errors/redressError';
import { CHANNELS, DEADLINE_KINDS, EVENT_TYPES, PRIORITIES, eventDataSchemas, type EventType } from '../domain/events';
import { memoryStore } from './memoryStore';
import { envelopeSchema, fastDataCheck, isEnvelopeKey, parseStoredEvent } from './parseStoredEvent';

const agent = { id: 'agent-1', role: 'agent', department: 'front-desk' } as const;
const sample = async () => {
  const engine = createEngine({ store: memoryStore(), ids: sequentialIds() });
  const { complaintId } = await engine.execute({
    type: 'receive', actor: agent, channel: 'phone', category: 'quality',
    complainant: { name: '王芳' }, summary: 'Kettle leaks', commandId: 'cmd-1',
  });
  return (await engine.history(complaintId)).map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
};
const events = await sample();

/** The slow reference: the zod envelope and data schemas alone. */
const zodAccepts = (raw: unknown) => {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return false;
  if (!Object.hasOwn(eventDataSchemas, envelope.data.type)) return false;
  const schema = eventDataSchemas[envelope.data.type as EventType];
  return envelope.data.schemaVersion === 1 && schema.safeParse(envelope.data.data).success;
};

const accepts = (raw: unknown) => {
  try {
    parseStoredEvent(raw);
    return true;
  } catch (e) {
    if (!isRedressError(e, 'TAMPERED')) throw e;
    return false;
  }
};

const replacement = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.integer(), fc.double(), fc.boolean(), fc.string(),
  fc.constantFrom('2026-02-29T10:00:00.000Z', '2028-02-29T10:00:00.000Z', '2026-13-01T00:00:00.000Z', '2026-04-31T00:00:00.000Z',
    '2026-11-22T24:00:00.000Z', '2026-11-22T06:00:00Z', '2026-11-22T06:00:00.000+08:00', 'A'.repeat(64), 'a'.repeat(64), 'Bad Role', '', 'toString', '__proto__', 'NoteAdded'),
  fc.record({ id: fc.string(), role: fc.string() }),
);
const field = fc.constantFrom('id', 'streamId', 'version', 'type', 'schemaVersion', 'actor', 'occurredAt', 'correlationId',
  'causationId', 'commandId', 'prevHash', 'hash', 'position', 'extra', 'actor.id', 'actor.role', 'actor.department', 'actor.extra');

describe('parseStoredEvent', () => {
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
        if (extra !== undefined) Object.defineProperty(raw, extra, { value: 1, enumerable: true, writable: true, configurable: true });
        expect(accepts(raw)).toBe(zodAccepts(raw));
      }
    },
  );

  test('the fast check knows exactly the envelope keys of the zod schema', () => {
    const keys = Object.keys(envelopeSchema.shape);
    for (const key of keys) expect(isEnvelopeKey(key), key).toBe(true);
    for (const key of ['', 'ID', 'Position', 'stream_id', 'toString', '__proto__', 'constructor', 'positions']) expect(isEnvelopeKey(key), key).toBe(false);
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
      fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
      fc.array(fc.tuple(fc.nat(25), fc.constantFrom(...'0123456789-T:.Z+ /x9')), { maxLength: 3 }),
      fc.constantFrom('', '-', 'Z'),
    )
    .map(([date, swaps, tail]) => {
      const chars = [...date.toISOString()];
      for (const [at, c] of swaps) chars[at % chars.length] = c;
      return chars.join('') + (swaps.length > 0 ? '' : tail);
    });

  test.prop([fc.nat(events.length - 1), isoLike], { numRuns: 3000 })('the fast date check accepts exactly the dates zod accepts', (index, occurredAt) => {
    const raw = { ...structuredClone(events[index]), occurredAt } as Record<string, unknown>;
    expect(accepts(raw)).toBe(zodAccepts(raw));
  });

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

  test.prop([fc.nat(events.length - 1), actor], { numRuns: 3000 })('the fast actor check accepts exactly the actors zod accepts', (index, who) => {
    const raw = { ...structuredClone(events[index]), actor: who } as Record<string, unknown>;
    expect(accepts(raw)).toBe(zodAccepts(raw));
  });

  /** Data each schema accepts, one event type each. */
  const valid: Partial<Record<EventType, Record<string, unknown>>> = {
    NoteAdded: { text: 'Called back' },
    ComplaintAcknowledged: { channel: 'phone' },
    ComplaintAccepted: { department: 'quality-control', priority: 'high', assignee: 'agent-7', note: ' first ' },
    CustomerResponded: { accepted: false, confirmation: 'verbal' },
    ComplaintWithdrawn: {},
    ComplaintReceived: { channel: 'phone', category: 'quality', complainant: { name: '王芳', phone: '+86 138 0000 0000' }, summary: 'Kettle leaks' },
    RemedyProposed: { proposalId: 'P-1', description: 'Replace', compensation: { amount: 6000, currency: 'CNY' }, approvalsRequired: 2 },
    FollowUpRecorded: { satisfaction: 5 },
    DeadlineSet: {
      deadline: 'resolve', cause: 'start', startedAt: '2026-01-05T01:00:00.000Z', dueAt: '2026-01-19T01:00:00.000Z',
      warnAt: '2026-01-16T01:00:00.000Z', basis: 'business', pausedFor: 0, escalate: true,
    },
  };

  test('the fast data check covers the simple event types and accepts their data', () => {
    // Every event type has one now; a schema change that drops a type back to zod alone shows here.
    expect(EVENT_TYPES.filter((type) => fastDataCheck(type) === undefined)).toEqual([]);
    for (const [type, data] of Object.entries(valid)) {
      expect(eventDataSchemas[type as EventType].safeParse(data).success, type).toBe(true);
      expect(fastDataCheck(type as EventType)?.(data), type).toBe(true);
    }
  });

  // Values around every line the data schemas draw: lengths in UTF-16 units and in
  // code points, blank text, slugs and ids, enum members, wrong types.
  const value = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom('', ' ', '\t\n', ' x ', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(500), 'x'.repeat(501),
      ` ${'x'.repeat(500)} `, 'x'.repeat(10_000), 'x'.repeat(10_001), ` ${'x'.repeat(10_000)}\n`, '😀'.repeat(5_000), '😀'.repeat(5_001), '😀', '\ud800',
      'quality-control', 'Quality', '-x', 'x-', 'agent-7', 'a@b.c:d_e', ' agent', 'CNY', 'verbal', 'toString', '__proto__'),
    fc.constantFrom(...CHANNELS, ...PRIORITIES, ...DEADLINE_KINDS, 'start', 'resume', 'extend', 'business', 'calendar', 'a@b.example'),
    // Numbers either side of every bound, and what zod's number refuses before its checks.
    fc.constantFrom(0, -0, -1, 0.5, 1, 2, 5, 6, 1e12, 1e12 + 1, 2 ** 53 - 1, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE),
    // Times in and around the one form the fast check reads.
    fc.constantFrom('2026-01-05T01:00:00.000Z', '2028-02-29T00:00:00.000Z', '2026-02-29T00:00:00.000Z', '2026-01-05T01:00:00Z',
      '2026-01-05T01:00:00.000+08:00', '2026-01-05T24:00:00.000Z', '2026-01-05 01:00:00.000Z', '2026-01-05'),
    fc.record({ amount: fc.oneof(fc.double(), fc.constantFrom(0, 6000, 1e12, 1e12 + 1)), currency: fc.constantFrom('CNY', 'cny', 'EURO', '') }),
    fc.record({ name: fc.constantFrom('王芳', ' ', ''), phone: fc.constantFrom('+86 138 0000 0000', 'abc', '12', undefined) }, { requiredKeys: ['name'] }),
    fc.boolean(), fc.integer(), fc.double(), fc.constant(null), fc.constant(undefined), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 }),
  );
  const fastTypes = EVENT_TYPES.filter((type) => fastDataCheck(type) !== undefined);
  const data = fc.constantFrom(...fastTypes).chain((type) => {
    const keys = Object.keys(eventDataSchemas[type].shape);
    return fc.tuple(
      fc.constant(type),
      fc.oneof(
        fc.dictionary(fc.constantFrom(...keys), value),
        fc.dictionary(fc.constantFrom(...keys, 'extra', '__proto__'), value),
        value,
      ),
    );
  });

  test.prop([data], { numRuns: 5000 })('the fast data check never accepts data its zod schema refuses', ([type, candidate]) => {
    if (fastDataCheck(type)?.(candidate) === true) expect(eventDataSchemas[type].safeParse(candidate).success).toBe(true);
  });

  // Every character JavaScript's trim takes away (white space and line ends), and
  // neighbours of them that it keeps: the text check skips trim when neither end
  // could be taken away, so each must get zod's verdict at either end.
  const TRIMMED = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
  const edge = fc.constantFrom(...TRIMMED, '\u0085', '\u200b', '\u3001', '\u2fff', '\u167f', '\u1681', '\ufefe', '\uff00', '\u007f', '\u00a1', '!', '~', '汉', '\ud83d', 'x');
  const padded = fc.tuple(fc.array(edge, { maxLength: 2 }), fc.constantFrom('', 'x', '复'), fc.array(edge, { maxLength: 2 })).map(([a, mid, b]) => `${a.join('')}${mid}${b.join('')}`);

  test.prop([padded], { numRuns: 3000 })('a trimmed text gets exactly zod\'s verdict, whatever white space stands at its ends', (text) => {
    expect(fastDataCheck('NoteAdded')?.({ text })).toBe(eventDataSchemas.NoteAdded.safeParse({ text }).success);
  });

  // Valid data with one field changed: near the line, where one field's check decides.
  const nearValid = fc.constantFrom(...(Object.keys(valid) as EventType[])).chain((type) => {
    const example = valid[type] as Record<string, unknown>;
    const keys = [...Object.keys(eventDataSchemas[type].shape), 'extra'];
    return fc.tuple(fc.constant(type), fc.constantFrom(...keys), value).map(([t, key, v]) => [t, { ...example, [key]: v }] as const);
  });

  test.prop([nearValid], { numRuns: 5000 })('nor valid data with one field changed that zod refuses', ([type, candidate]) => {
    if (fastDataCheck(type)?.(candidate) === true) expect(eventDataSchemas[type].safeParse(candidate).success).toBe(true);
  });
});
