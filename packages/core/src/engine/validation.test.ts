import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import { exampleActors as a, exampleLifecycle, invalidCommand } from '@redress/testing';
import {
  LIMITS,
  createEngine,
  isRedressError,
  memoryStore,
  sequentialIds,
  type Command,
  type RedressError,
} from '../index';

const setup = async () => {
  const store = memoryStore();
  const engine = createEngine({ store, clock: () => new Date('2026-01-05T09:00:00.000Z'), ids: sequentialIds() });
  await engine.execute(exampleLifecycle('C-1')[0] as Command);
  /** Expect VALIDATION and an unchanged store. */
  const invalid = async (cmd: unknown): Promise<RedressError> => {
    const size = store.size;
    const error = await engine.execute(cmd as Command).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isRedressError(error, 'VALIDATION')) throw new Error(`expected VALIDATION, got ${String(error)}`);
    expect(store.size).toBe(size);
    return error;
  };
  return { store, engine, invalid };
};

const note = { type: 'addNote', complaintId: 'C-1', actor: a.agent, text: 'Called back' } as const;
const receive = exampleLifecycle('C-2')[0] as Command & { type: 'receive' };
const issuePaths = (e: RedressError) =>
  (e.details as { issues: { path: string[] }[] }).issues.map((i) => i.path.join('.'));

describe('VALIDATION: bad payloads name the field and append nothing', () => {
  it('a wrong type', async () => {
    const { invalid } = await setup();
    const e = await invalid({ ...note, text: 42 });
    expect(e.message).toMatch(/^Invalid addNote command: text: /);
    expect(issuePaths(e)).toEqual(['text']);
  });

  it('a missing field', async () => {
    const { invalid } = await setup();
    const { summary: _s, ...rest } = receive;
    const e = await invalid(rest);
    expect(e.message).toContain('summary');
    expect(issuePaths(e)).toEqual(['summary']);
  });

  it('a nested field over its limit', async () => {
    const { invalid } = await setup();
    const e = await invalid({ ...receive, complainant: { name: '王'.repeat(LIMITS.name + 1) } });
    expect(e.message).toContain('complainant.name');
    expect(e.message).toContain(String(LIMITS.name));
  });

  it('free text over LIMITS.longText', async () => {
    const { invalid } = await setup();
    const e = await invalid({ ...note, text: 'x'.repeat(LIMITS.longText + 1) });
    expect(issuePaths(e)).toEqual(['text']);
  });

  it('blank text after trimming', async () => {
    const { invalid } = await setup();
    expect(issuePaths(await invalid({ ...note, text: '   \n ' }))).toEqual(['text']);
  });

  it('an unknown enum value', async () => {
    const { invalid } = await setup();
    const e = await invalid({ ...receive, channel: 'fax' });
    expect(e.message).toContain('channel');
    expect(e.message).toContain('"phone"');
  });

  it('an unknown field', async () => {
    const { invalid } = await setup();
    const e = await invalid({ ...note, urgent: true });
    expect(e.message).toContain('urgent');
  });

  it('an actor with a malformed id', async () => {
    const { invalid } = await setup();
    expect(issuePaths(await invalid({ ...note, actor: { id: 'has space', role: 'agent' } }))).toEqual(['actor.id']);
  });

  it('an unknown command type lists the known ones', async () => {
    const { invalid } = await setup();
    const e = await invalid({ ...note, type: 'delete' });
    expect(e.message).toContain('Unknown command type "delete"');
    expect(e.message).toContain('addNote');
    expect(e.details).toMatchObject({ field: 'type' });
  });

  it.each([null, 'addNote', 42, [note]])('a command that is not an object: %j', async (input) => {
    const { invalid } = await setup();
    expect((await invalid(input)).message).toContain('must be an object');
  });

  it('a satisfaction score out of range', async () => {
    const { invalid } = await setup();
    const e = await invalid({ type: 'recordFollowUp', complaintId: 'C-1', actor: a.agent, satisfaction: 6 });
    expect(issuePaths(e)).toEqual(['satisfaction']);
  });
});

describe('VALIDATION in load', () => {
  it.each([0, -1, 1.5, Number.NaN])('atVersion %s', async (atVersion) => {
    const { engine } = await setup();
    await expect(engine.load('C-1', { atVersion })).rejects.toSatisfy((e) => isRedressError(e, 'VALIDATION'));
  });

  it('an invalid Date', async () => {
    const { engine } = await setup();
    await expect(engine.load('C-1', { at: new Date('nope') })).rejects.toSatisfy((e) =>
      isRedressError(e, 'VALIDATION'),
    );
  });

  it('atVersion beyond the stream says how many events there are', async () => {
    const { engine } = await setup();
    await expect(engine.load('C-1', { atVersion: 9 })).rejects.toThrow('has only 2 events');
  });
});

test.prop([invalidCommand({ complaintId: 'C-1' })], { numRuns: 150 })(
  'any command broken in one way is refused with VALIDATION naming the field, and appends nothing',
  async ({ command, field, kind }) => {
    const { invalid } = await setup();
    const e = await invalid(command);
    if (kind === 'unknownType') expect(e.details).toMatchObject({ field: 'type' });
    else if (kind === 'unknownField') expect(e.message).toContain(field);
    else expect(issuePaths(e)).toContain(field);
  },
);
