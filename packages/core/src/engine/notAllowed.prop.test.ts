import { expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { commandOf, validCommandSequence } from '@redress/testing';
import {
  COMMAND_TYPES,
  commandsAllowedInStage,
  createEngine,
  defaultPolicy,
  isRedressError,
  memoryStore,
  sequentialIds,
  type Actor,
  type Command,
  type CommandType,
  type Complaint,
} from '../index';

/** An actor the policy lets issue `type` on `c`, so that only the stage can refuse it. */
const permittedActor = (type: CommandType, c: Complaint): Actor => {
  const role = defaultPolicy.roles[type][0] as string;
  // A department actor names one (departmentScoped refuses one that does not): the complaint's, or any.
  return role === 'department'
    ? { id: 'staff-1', role, department: c.department ?? 'quality-control' }
    : { id: 'staff-1', role };
};

// `receive` is left out: on an existing complaint it is a CONFLICT (the id is taken), not a stage question.
test.prop([validCommandSequence({ maxLength: 20 }), fc.gen()], { numRuns: 120, endOnFailure: true })(
  'any command not allowed in the current stage is refused with NOT_ALLOWED and appends nothing',
  async ({ complaintId, commands }, g) => {
    const store = memoryStore();
    const engine = createEngine({ store, clock: () => new Date('2026-01-05T09:00:00.000Z'), ids: sequentialIds() });
    for (const cmd of commands) await engine.execute(cmd);
    const complaint = await engine.load(complaintId);
    const allowed = commandsAllowedInStage(complaint);
    // Left out: resolveAtFirstContact outside `received` meets its policy rule first (details name the rule);
    // link and merge look up the other complaint first, which a one-complaint sequence does not have.
    const refusedTypes = COMMAND_TYPES.filter(
      (t) => !['receive', 'resolveAtFirstContact', 'link', 'merge'].includes(t) && !allowed.includes(t),
    );
    fc.pre(refusedTypes.length > 0);
    const type = g(fc.constantFrom<CommandType[]>, ...refusedTypes);
    const cmd = g(() => commandOf(type, { complaintId, actor: permittedActor(type, complaint) })) as Command;
    const before = await engine.history(complaintId);
    const error = await engine.execute(cmd).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRedressError(error, 'NOT_ALLOWED'), String(error)).toBe(true);
    expect((error as Error).message).toContain(`stage "${complaint.stage}"`);
    expect((error as { details: unknown }).details).toEqual({ command: type, stage: complaint.stage, allowed });
    expect(await engine.history(complaintId)).toEqual(before);
    expect(store.size).toBe(before.length);
  },
);
