import { describe, expect, it } from 'vitest';
import { exampleActors as a, exampleLifecycle } from '@redress/testing';
import {
  createEngine,
  definePolicy,
  isRedressError,
  memoryStore,
  sequentialIds,
  type Command,
  type Policy,
} from '../index';

/** A complaint accepted for quality-control (stage judged), on an engine with `policy`. */
const judged = async (policy?: Policy) => {
  const engine = createEngine({
    store: memoryStore(),
    ids: sequentialIds(),
    ...(policy === undefined ? {} : { policy }),
  });
  for (const cmd of exampleLifecycle('C-1').slice(0, 2)) await engine.execute(cmd);
  return engine;
};

const investigate: Command = {
  type: 'recordInvestigation',
  complaintId: 'C-1',
  actor: a.otherDepartment,
  rootCause: 'Seal',
  responsibleParty: 'supplier',
};

describe('department scope', () => {
  it('by default, staff of another department may neither act on the complaint nor be offered the command', async () => {
    const engine = await judged();
    const error = await engine.execute(investigate).catch((e: unknown) => e);
    expect(isRedressError(error, 'FORBIDDEN')).toBe(true);
    expect(engine.allowedCommands(await engine.load('C-1'), a.otherDepartment)).not.toContain('recordInvestigation');
    expect(engine.allowedCommands(await engine.load('C-1'), a.department)).toContain('recordInvestigation');
  });

  it('departmentScoped: false lets staff of any department act on it, and offers them the command', async () => {
    const engine = await judged(definePolicy({ departmentScoped: false }));
    const complaint = await engine.load('C-1');
    expect(complaint.department).toBe('quality-control');
    expect(a.otherDepartment.department).not.toBe('quality-control');
    expect(engine.allowedCommands(complaint, a.otherDepartment)).toContain('recordInvestigation');
    const { complaint: after } = await engine.execute(investigate);
    expect(after.stage).toBe('investigated');
  });

  it('departmentScoped: false still checks the role', async () => {
    const engine = await judged(definePolicy({ departmentScoped: false }));
    const error = await engine
      .execute({ ...investigate, actor: { ...a.agent, department: 'quality-control' } })
      .catch((e: unknown) => e);
    expect(isRedressError(error, 'FORBIDDEN')).toBe(true);
  });
});
