import { describe, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { COMMAND_TYPES, LIMITS, STAGES, definePolicy, isRedressError, parseCommand, type Command } from '@redress/core';
import { commandOf, complainant, invalidCommand, longText, validCommandSequence, INVALID_KINDS } from './index';

const refusal = (command: unknown) => {
  try {
    parseCommand(command);
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('validCommandSequence', () => {
  const samples = fc.sample(validCommandSequence(), { numRuns: 400, seed: 20_261_122 });

  test('starts with receive and every command passes the schema', () => {
    for (const { commands } of samples) {
      expect(commands[0]?.type).toBe('receive');
      for (const cmd of commands) expect(() => parseCommand(cmd)).not.toThrow();
    }
  });

  test('reaches every stage and takes every detour the issue names', () => {
    const stages = new Set(samples.flatMap((s) => s.stages));
    // `merged` takes a second complaint, which one complaint's life does not have.
    expect([...stages].sort()).toEqual(STAGES.filter((s) => s !== 'merged').sort());
    const types = new Set(samples.flatMap((s) => s.commands.map((c) => c.type)));
    for (const t of [
      'reject',
      'withdraw',
      'reassign',
      'addNote',
      'escalate',
      'proposeRemedy',
      'approveRemedy',
      'recordFollowUp',
    ] as const) {
      expect(types, t).toContain(t);
    }
    const refusedRemedy = samples.some((s) =>
      s.commands.some((c) => c.type === 'recordCustomerResponse' && !c.accepted),
    );
    expect(refusedRemedy).toBe(true);
  });

  test('gives commandIds that are unique within a sequence', () => {
    for (const { commands } of samples) {
      const ids = commands.map((c) => c.commandId).filter((id) => id !== undefined);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

describe('payloads', () => {
  test.prop([fc.constantFrom(...COMMAND_TYPES).chain((t) => commandOf(t))], { numRuns: 200 })(
    'every generated command passes core’s schema',
    (cmd) => {
      expect(refusal(cmd)).toBeUndefined();
    },
  );

  test('complainants include Chinese names, emoji and maximum-length names', () => {
    const names = fc.sample(complainant(), { numRuns: 500, seed: 7 }).map((c) => c.name);
    expect(names.some((n) => /[\u4e00-\u9fff]/.test(n))).toBe(true);
    expect(names.some((n) => /\p{Extended_Pictographic}/u.test(n))).toBe(true);
    expect(names.some((n) => n.length === LIMITS.name)).toBe(true);
  });

  test('long text sometimes fills LIMITS.longText exactly', () => {
    const lengths = fc.sample(longText(), { numRuns: 300, seed: 3 }).map((s) => s.length);
    expect(lengths).toContain(LIMITS.longText);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(LIMITS.longText);
  });
});

describe('invalidCommand', () => {
  test.prop([invalidCommand()], { numRuns: 300 })(
    'core refuses each with VALIDATION naming the field',
    ({ command, field, kind }) => {
      const error = refusal(command as Command);
      expect(isRedressError(error, 'VALIDATION'), `${kind} ${field}`).toBe(true);
      expect((error as Error).message).toContain(kind === 'unknownType' ? 'Unknown command type' : field);
    },
  );

  test('produces every kind of breakage', () => {
    const kinds = new Set(fc.sample(invalidCommand(), { numRuns: 1000, seed: 11 }).map((i) => i.kind));
    expect([...kinds].sort()).toEqual([...INVALID_KINDS].sort());
  });
});

describe('validCommandSequence with several approvers per remedy', () => {
  test('always finds an approver who has not approved yet, over many refusals', () => {
    const policy = definePolicy({ approvalsRequired: () => 5 });
    const samples = fc.sample(validCommandSequence({ policy, maxLength: 80, weights: { withdraw: 0, reject: 0 } }), {
      numRuns: 200,
      seed: 5,
    });
    const approvals = samples.flatMap((s) => s.commands.filter((c) => c.type === 'approveRemedy'));
    expect(approvals.length).toBeGreaterThan(50);
    expect(samples.some((s) => s.stages.includes('reviewed'))).toBe(true);
  });
});
