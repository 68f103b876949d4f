import { fc, test } from '@fast-check/vitest';
import { notWholeNumberIn, refusalOf } from '@redress/testing';
import { describe, expect } from 'vitest';
import { definePolicy } from '../domain/policy';
import { isRedressError } from '../errors/redressError';
import { memoryStore } from '../store/memoryStore';
import { eventParser } from '../store/read/eventParser';
import { createEngine } from './createEngine';
import type { EngineOptions } from './engineOptions';

const agent = { id: 'agent-1', role: 'agent' };
const handler = { id: 'handler-1', role: 'handler' };
const qc = { id: 'qc-1', role: 'department', department: 'quality-control' };
const receive = {
  type: 'receive',
  actor: agent,
  channel: 'web',
  category: 'quality',
  complainant: { name: 'A' },
  summary: 'Broken',
} as const;

/** Milliseconds of the first and last instants whose ISO form has a four-digit year. */
const YEAR_0 = Date.parse('0000-01-01T00:00:00.000Z');
const YEAR_9999_END = Date.parse('9999-12-31T23:59:59.999Z');
const MAX_DATE = 8.64e15;

describe("the engine's clock: every time it gives is one an event can record and read back, or it is refused", () => {
  test.prop([fc.integer({ min: YEAR_0, max: YEAR_9999_END }), fc.boolean()])(
    'a time in years 0000 to 9999 is written and reads back',
    async (ms, named) => {
      const store = memoryStore();
      const engine = createEngine({ store, clock: () => new Date(ms) });
      const { complaintId, events } = await engine.execute({ ...receive, ...(named ? { complaintId: 'C-1' } : {}) });
      for (const [i, e] of events.entries()) expect(() => eventParser().parse({ ...e, position: i + 1 })).not.toThrow();
      expect((await engine.verify(complaintId)).ok).toBe(true);
    },
  );

  test.prop([
    fc
      .oneof(fc.integer({ min: -MAX_DATE, max: YEAR_0 - 1 }), fc.integer({ min: YEAR_9999_END + 1, max: MAX_DATE }))
      .map((ms) => new Date(ms)),
    fc.boolean(),
  ])('a time outside those years is refused with VALIDATION, nothing appended', async (time, named) => {
    const store = memoryStore();
    const error = await createEngine({ store, clock: () => time })
      .execute({ ...receive, ...(named ? { complaintId: 'C-1' } : {}) })
      .catch((e: unknown) => e);
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/fix the clock option/);
    expect(store.size).toBe(0);
  });

  test.prop([
    fc.constantFrom<unknown>(new Date(Number.NaN), 'now', 1_767_225_600_000, null, undefined, {}),
    fc.boolean(),
  ])(
    'something other than a valid Date is refused with VALIDATION, also before a complaint id is made from it',
    async (value, named) => {
      const store = memoryStore();
      const error = await createEngine({ store, clock: () => value as Date })
        .execute({ ...receive, ...(named ? { complaintId: 'C-1' } : {}) })
        .catch((e: unknown) => e);
      expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
      expect(store.size).toBe(0);
    },
  );
});

describe('createEngine refuses options that would only fail at the first command', () => {
  test.each([undefined, null, {}, { append: 1 }, 'file.db'])('store %j', (store) => {
    const error = refusalOf(() => createEngine({ store } as unknown as EngineOptions));
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect(error.message).toMatch(/createEngine: a store is needed/);
  });

  test.prop([
    fc
      .constantFrom(
        ['maxAttempts', 1, 10_000] as const,
        ['retryBudgetMs', 0, 3_600_000] as const,
        ['cacheSize', 0, 10_000_000] as const,
      )
      .chain(([name, min, max]) => fc.tuple(fc.constant(name), notWholeNumberIn(min, max))),
  ])('a count that is not a whole number in range', ([name, value]) => {
    const error = refusalOf(() => createEngine({ store: memoryStore(), [name]: value }));
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect(error.message).toContain(name);
  });

  test('the bounds themselves are accepted', () => {
    for (const options of [
      { maxAttempts: 1 },
      { maxAttempts: 10_000 },
      { retryBudgetMs: 0 },
      { retryBudgetMs: 3_600_000 },
      { cacheSize: 0 },
      { cacheSize: 10_000_000 },
    ]) {
      expect(() => createEngine({ store: memoryStore(), ...options })).not.toThrow();
    }
    expect(
      isRedressError(
        refusalOf(() => createEngine({ store: memoryStore(), maxAttempts: 0 })),
        'VALIDATION',
      ),
    ).toBe(true);
    expect(
      isRedressError(
        refusalOf(() => createEngine({ store: memoryStore(), maxAttempts: 10_001 })),
        'VALIDATION',
      ),
    ).toBe(true);
  });

  test.each(['clock', 'outbox'] as const)('%s that is not a function', (name) => {
    const error = refusalOf(() => createEngine({ store: memoryStore(), [name]: 'yes' } as unknown as EngineOptions));
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
  });
});

describe('allowedCommands checks its actor', () => {
  test.each([undefined, null, {}, { id: 'x' }, { id: 'agent-1', role: 'Agent!' }])(
    '%j is refused with VALIDATION',
    async (actor) => {
      const engine = createEngine({ store: memoryStore() });
      const { complaint } = await engine.execute(receive);
      const error = refusalOf(() => engine.allowedCommands(complaint, actor as never));
      expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
      expect(engine.allowedCommands(complaint, handler)).toContain('accept');
    },
  );
});

test("a policy's approvalsRequired that returns a string is named as a string", async () => {
  const engine = createEngine({
    store: memoryStore(),
    policy: definePolicy({ approvalsRequired: () => '2' as unknown as number }),
  });
  const { complaintId } = await engine.execute(receive);
  await engine.execute({
    type: 'accept',
    complaintId,
    actor: handler,
    department: 'quality-control',
    priority: 'high',
  });
  await engine.execute({
    type: 'recordInvestigation',
    complaintId,
    actor: qc,
    rootCause: 'Seal',
    responsibleParty: 'supplier',
  });
  const error = await engine
    .execute({ type: 'proposeRemedy', complaintId, actor: qc, remedy: { description: 'Pay' } })
    .catch((e: unknown) => e);
  expect(isRedressError(error, 'VALIDATION')).toBe(true);
  expect((error as Error).message).toContain('returned "2" (a string)');
});
