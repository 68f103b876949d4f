import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  CHANNELS,
  DEADLINE_KINDS,
  EVENT_TYPES,
  PRIORITIES,
  eventDataSchemas,
  type EventType,
} from '../../domain/events';
import { fastCheck, type Accepts } from './fastDataCheck';

/** The fast check of each event type's data, as the event parser builds them. */
const checks = new Map(EVENT_TYPES.map((type) => [type, fastCheck(eventDataSchemas[type])]));
const fastDataCheck = (type: EventType): Accepts | undefined => checks.get(type);

describe('fastCheck, over the event data schemas', () => {
  /** Data each schema accepts, one event type each. */
  const valid: Partial<Record<EventType, Record<string, unknown>>> = {
    NoteAdded: { text: 'Called back' },
    ComplaintAcknowledged: { channel: 'phone' },
    ComplaintAccepted: { department: 'quality-control', priority: 'high', assignee: 'agent-7', note: ' first ' },
    CustomerResponded: { accepted: false, confirmation: 'verbal' },
    ComplaintWithdrawn: {},
    ComplaintReceived: {
      channel: 'phone',
      category: 'quality',
      complainant: { name: '王芳', phone: '+86 138 0000 0000' },
      summary: 'Kettle leaks',
    },
    RemedyProposed: {
      proposalId: 'P-1',
      description: 'Replace',
      compensation: { amount: 6000, currency: 'CNY' },
      approvalsRequired: 2,
    },
    FollowUpRecorded: { satisfaction: 5 },
    DeadlineSet: {
      deadline: 'resolve',
      cause: 'start',
      startedAt: '2026-01-05T01:00:00.000Z',
      dueAt: '2026-01-19T01:00:00.000Z',
      warnAt: '2026-01-16T01:00:00.000Z',
      basis: 'business',
      pausedFor: 0,
      escalate: true,
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
    fc.constantFrom(
      '',
      ' ',
      '\t\n',
      ' x ',
      'x'.repeat(64),
      'x'.repeat(65),
      'x'.repeat(128),
      'x'.repeat(129),
      'x'.repeat(500),
      'x'.repeat(501),
      ` ${'x'.repeat(500)} `,
      'x'.repeat(10_000),
      'x'.repeat(10_001),
      ` ${'x'.repeat(10_000)}\n`,
      '😀'.repeat(5_000),
      '😀'.repeat(5_001),
      '😀',
      '\ud800',
      'quality-control',
      'Quality',
      '-x',
      'x-',
      'agent-7',
      'a@b.c:d_e',
      ' agent',
      'CNY',
      'verbal',
      'toString',
      '__proto__',
    ),
    fc.constantFrom(
      ...CHANNELS,
      ...PRIORITIES,
      ...DEADLINE_KINDS,
      'start',
      'resume',
      'extend',
      'business',
      'calendar',
      'a@b.example',
    ),
    // Numbers either side of every bound, and what zod's number refuses before its checks.
    fc.constantFrom(
      0,
      -0,
      -1,
      0.5,
      1,
      2,
      5,
      6,
      1e12,
      1e12 + 1,
      2 ** 53 - 1,
      2 ** 53,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.MIN_VALUE,
    ),
    // Times in and around the one form the fast check reads.
    fc.constantFrom(
      '2026-01-05T01:00:00.000Z',
      '2028-02-29T00:00:00.000Z',
      '2026-02-29T00:00:00.000Z',
      '2026-01-05T01:00:00Z',
      '2026-01-05T01:00:00.000+08:00',
      '2026-01-05T24:00:00.000Z',
      '2026-01-05 01:00:00.000Z',
      '2026-01-05',
    ),
    fc.record({
      amount: fc.oneof(fc.double(), fc.constantFrom(0, 6000, 1e12, 1e12 + 1)),
      currency: fc.constantFrom('CNY', 'cny', 'EURO', ''),
    }),
    fc.record(
      { name: fc.constantFrom('王芳', ' ', ''), phone: fc.constantFrom('+86 138 0000 0000', 'abc', '12', undefined) },
      { requiredKeys: ['name'] },
    ),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.object({ maxDepth: 1 }),
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

  test.prop([data], { numRuns: 5000 })(
    'the fast data check never accepts data its zod schema refuses',
    ([type, candidate]) => {
      if (fastDataCheck(type)?.(candidate) === true)
        expect(eventDataSchemas[type].safeParse(candidate).success).toBe(true);
    },
  );

  // Every character JavaScript's trim takes away (white space and line ends), and
  // neighbours of them that it keeps: the text check skips trim when neither end
  // could be taken away, so each must get zod's verdict at either end.
  const TRIMMED =
    '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
  const edge = fc.constantFrom(
    ...TRIMMED,
    '\u0085',
    '\u200b',
    '\u3001',
    '\u2fff',
    '\u167f',
    '\u1681',
    '\ufefe',
    '\uff00',
    '\u007f',
    '\u00a1',
    '!',
    '~',
    '汉',
    '\ud83d',
    'x',
  );
  const padded = fc
    .tuple(fc.array(edge, { maxLength: 2 }), fc.constantFrom('', 'x', '复'), fc.array(edge, { maxLength: 2 }))
    .map(([a, mid, b]) => `${a.join('')}${mid}${b.join('')}`);

  test.prop([padded], { numRuns: 3000 })(
    "a trimmed text gets exactly zod's verdict, whatever white space stands at its ends",
    (text) => {
      expect(fastDataCheck('NoteAdded')?.({ text })).toBe(eventDataSchemas.NoteAdded.safeParse({ text }).success);
    },
  );

  // Valid data with one field changed: near the line, where one field's check decides.
  const nearValid = fc.constantFrom(...(Object.keys(valid) as EventType[])).chain((type) => {
    const example = valid[type] as Record<string, unknown>;
    const keys = [...Object.keys(eventDataSchemas[type].shape), 'extra'];
    return fc
      .tuple(fc.constant(type), fc.constantFrom(...keys), value)
      .map(([t, key, v]) => [t, { ...example, [key]: v }] as const);
  });

  test.prop([nearValid], { numRuns: 5000 })(
    'nor valid data with one field changed that zod refuses',
    ([type, candidate]) => {
      if (fastDataCheck(type)?.(candidate) === true)
        expect(eventDataSchemas[type].safeParse(candidate).success).toBe(true);
    },
  );
});
