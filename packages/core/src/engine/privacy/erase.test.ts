import { test } from '@fast-check/vitest';
import { exampleActors, exampleLifecycle, validCommandSequence } from '@redress/testing';
import { describe, expect, it } from 'vitest';
import { isErased } from '../../privacy/erased';
import { ephemeralKek } from '../../privacy/kek';
import type { KeyStore } from '../../privacy/keyStore';
import { memoryKeyStore } from '../../privacy/memoryKeyStore';
import { subjectKeys } from '../../privacy/subjectKeys';
import { memoryStore } from '../../store/memoryStore';
import { createEngine } from '../createEngine';
import { sequentialIds } from '../ids';

const officer = exampleActors['privacy-officer'];
const lifecycle = async (engine: ReturnType<typeof createEngine>, id = 'C-1', subjectId?: string) => {
  const [receive, ...rest] = exampleLifecycle(id);
  await engine.execute({ ...(receive as object), ...(subjectId ? { subjectId } : {}) } as never);
  for (const cmd of rest) await engine.execute(cmd);
};
const setup = () => {
  const store = memoryStore();
  const keyStore = memoryKeyStore();
  const kek = ephemeralKek();
  const keys = subjectKeys({ store: keyStore, kek });
  const engine = createEngine({ store, ids: sequentialIds(), privacy: { keys } });
  return { store, keyStore, kek, keys, engine };
};

describe('engine.erase', () => {
  it('erases by complaint: the fields read as erased, the case, its statistics and its hashes stay', async () => {
    const { engine, keys } = setup();
    await lifecycle(engine);
    const before = await engine.load('C-1');
    const history = await engine.history('C-1');
    const result = await engine.erase({ complaintId: 'C-1' }, officer, 'Art. 17 request #4411');
    expect(result).toMatchObject({ subjectId: before.subjectId, complaints: ['C-1'] });
    expect(result.events.map((e) => e.type)).toEqual(['PersonalDataErased']);
    const after = await engine.load('C-1');
    for (const value of [after.complainant.name, after.complainant.phone, after.summary, after.desiredRemedy]) {
      expect(isErased(value)).toBe(true);
    }
    expect(isErased(after.followUp?.comment ?? { erased: true })).toBe(true);
    for (const field of ['stage', 'status', 'closedAt', 'updatedAt', 'receivedAt', 'category', 'channel'] as const) {
      expect(after[field]).toEqual(before[field]);
    }
    expect(after.deadlines).toEqual(before.deadlines);
    expect(after.proposals).toEqual(before.proposals);
    expect(after.personalDataErasedAt).toBeDefined();
    const now = await engine.history('C-1');
    expect(now.slice(0, history.length)).toEqual(history);
    expect(JSON.stringify(now[now.length - 1]?.data)).not.toContain('王芳');
    expect(await engine.verify('C-1')).toMatchObject({ ok: true, events: history.length + 1 });
    // Unrecoverable: the key is fenced, and no remaining key opens the ciphertext.
    expect(isErased(await keys.get(before.subjectId as string))).toBe(true);
    await expect(keys.create(before.subjectId as string)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('the Complaint type makes a reader check isErased before using a personal field as text', async () => {
    const { engine } = setup();
    await lifecycle(engine);
    await engine.erase({ complaintId: 'C-1' }, officer, 'Art. 17 request #4411');
    const after = await engine.load('C-1');
    // @ts-expect-error: an erased name is not a string, and the type says so.
    const unchecked: string = after.complainant.name;
    // @ts-expect-error: nor is an erased summary.
    const summary: string = after.summary;
    expect([unchecked, summary]).toEqual([{ erased: true }, { erased: true }]);
    const { name } = after.complainant;
    const shown: string = isErased(name) ? '(erased)' : name;
    expect(shown).toBe('(erased)');
  });

  it('erases every complaint of a subject, by subject id', async () => {
    const { engine } = setup();
    await lifecycle(engine, 'C-1', 'S-7');
    await lifecycle(engine, 'C-2', 'S-7');
    await lifecycle(engine, 'C-3', 'S-8');
    const { complaints } = await engine.erase({ subjectId: 'S-7' }, exampleActors.supervisor, 'request 12');
    expect(complaints).toEqual(['C-1', 'C-2']);
    expect(isErased((await engine.load('C-2')).complainant.name)).toBe(true);
    expect((await engine.load('C-3')).complainant.name).toBe('王芳');
    // Repeating it appends nothing more.
    expect((await engine.erase({ subjectId: 'S-7' }, officer, 'request 12')).events).toEqual([]);
  });

  it('is refused to roles the policy does not name, and appends nothing', async () => {
    const { engine } = setup();
    await lifecycle(engine);
    const version = (await engine.load('C-1')).version;
    for (const actor of [exampleActors.agent, exampleActors.handler, exampleActors.department]) {
      await expect(engine.erase({ complaintId: 'C-1' }, actor, 'why')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await engine.load('C-1')).version).toBe(version);
    expect((await engine.load('C-1')).complainant.name).toBe('王芳');
  });

  it('refuses a complaint written in plain text, saying why, and appends nothing', async () => {
    const store = memoryStore();
    await lifecycle(createEngine({ store, privacy: 'plaintext' }));
    const engine = createEngine({ store });
    const error = await engine.erase({ complaintId: 'C-1' }, officer, 'request').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect((error as Error).message).toMatch(/written in plain text.*cannot be erased/);
    expect((error as Error).message).not.toContain('王芳');
    expect((await engine.history('C-1')).some((e) => e.type === 'PersonalDataErased')).toBe(false);
    // An old plain log still reads and verifies as it is.
    expect((await engine.load('C-1')).complainant.name).toBe('王芳');
    expect(await engine.verify('C-1')).toMatchObject({ ok: true });
  });

  it('refuses personal text on an erased complaint, but the case goes on', async () => {
    const { engine } = setup();
    const [receive, accept] = exampleLifecycle('C-1');
    await engine.execute(receive as never);
    await engine.erase({ complaintId: 'C-1' }, officer, 'request');
    await expect(
      engine.execute({ type: 'addNote', complaintId: 'C-1', actor: exampleActors.agent, text: 'Called 王芳' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await engine.execute(accept as never);
    expect((await engine.load('C-1')).stage).toBe('judged');
  });

  it('another engine on the store reads the erasure at once, before its cached fold', async () => {
    const { store, keys, engine } = setup();
    await lifecycle(engine);
    const other = createEngine({ store, privacy: { keys } });
    expect((await other.load('C-1')).complainant.name).toBe('王芳');
    await engine.erase({ complaintId: 'C-1' }, officer, 'request');
    expect(isErased((await other.load('C-1')).complainant.name)).toBe(true);
  });

  it('an erasure cut short between its event and the key destruction is finished at the next start or tick', async () => {
    const { store, keyStore, kek } = setup();
    let failing = true;
    const crashing: KeyStore = {
      ...keyStore,
      insert: keyStore.insert,
      fetch: keyStore.fetch,
      destroy: async (id) => {
        if (failing) throw new Error('power cut');
        return keyStore.destroy(id);
      },
    };
    const first = createEngine({ store, privacy: { keys: { store: crashing, kek } } });
    await lifecycle(first);
    const { subjectId } = await first.load('C-1');
    await expect(first.erase({ complaintId: 'C-1' }, officer, 'request')).rejects.toThrow();
    expect(await keyStore.fetch(subjectId as string)).toMatchObject({ kekId: kek.id });
    failing = false;
    const restarted = createEngine({ store, privacy: { keys: { store: keyStore, kek } } });
    await restarted.tick();
    expect(await keyStore.fetch(subjectId as string)).toEqual({ erased: true });
    expect((await restarted.history('C-1')).filter((e) => e.type === 'PersonalDataErased')).toHaveLength(1);
    expect(await restarted.verify('C-1')).toMatchObject({ ok: true });
  });

  test.prop([validCommandSequence({ maxLength: 15 })], { numRuns: 30 })(
    'erasing a subject keeps every hash, byte for byte, and verify green',
    async ({ complaintId, commands }) => {
      const { engine } = setup();
      for (const cmd of commands) await engine.execute(cmd);
      const before = JSON.stringify(await engine.history(complaintId));
      await engine.erase({ complaintId }, officer, 'request');
      const after = await engine.history(complaintId);
      expect(JSON.stringify(after.slice(0, -1))).toBe(before);
      expect(await engine.verify(complaintId)).toMatchObject({ ok: true, events: after.length });
      expect(isErased((await engine.load(complaintId)).complainant.name)).toBe(true);
    },
  );
});
