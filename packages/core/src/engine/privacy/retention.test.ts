import { exampleActors, exampleLifecycle } from '@redress/testing';
import { describe, expect, it } from 'vitest';
import { isErased } from '../../privacy/erased';
import { ephemeralKek } from '../../privacy/kek';
import { memoryKeyStore } from '../../privacy/memoryKeyStore';
import { subjectKeys } from '../../privacy/subjectKeys';
import { memoryStore } from '../../store/memoryStore';
import { createEngine } from '../createEngine';
import { sequentialIds } from '../ids';

const DAY = 86_400_000;
const start = Date.parse('2026-01-05T09:00:00Z');

const setup = (days = 30) => {
  let t = start;
  const store = memoryStore();
  const engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => new Date((t += 1000)),
    privacy: { keys: subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() }), retention: { days } },
  });
  return { store, engine, now: () => t };
};

describe('retention at tick', () => {
  it('erases a subject once every complaint of theirs has been closed for the period, not before', async () => {
    const { engine, now } = setup(30);
    for (const cmd of exampleLifecycle('C-1')) await engine.execute(cmd); // reviewed: closed
    const [receive] = exampleLifecycle('C-2');
    await engine.execute(receive as never); // another person, still open
    const closedAt = (await engine.load('C-1')).closedAt as string;
    const before = await engine.tick(new Date(Date.parse(closedAt) + 30 * DAY - 1));
    expect(before.events.filter((e) => e.type === 'PersonalDataErased')).toEqual([]);
    expect((await engine.load('C-1')).complainant.name).toBe('王芳');

    const due = new Date(Date.parse(closedAt) + 30 * DAY);
    const { events } = await engine.tick(due);
    const erasures = events.filter((e) => e.type === 'PersonalDataErased');
    expect(erasures.map((e) => [e.streamId, e.occurredAt, e.actor.id])).toEqual([
      ['C-1', due.toISOString(), 'redress-retention'],
    ]);
    expect(erasures[0]?.data).toMatchObject({ basis: 'retention' });
    expect(isErased((await engine.load('C-1')).complainant.name)).toBe(true);
    expect((await engine.load('C-2')).complainant.name).toBe('王芳');
    expect(await engine.verify('C-1')).toMatchObject({ ok: true });
    // Once only.
    expect((await engine.tick(new Date(now() + 400 * DAY))).events.some((e) => e.type === 'PersonalDataErased')).toBe(
      false,
    );
  });

  it('waits while any complaint of the subject is open', async () => {
    const { engine } = setup(1);
    const [first, ...rest] = exampleLifecycle('C-1');
    await engine.execute({ ...(first as object), subjectId: 'S-9' } as never);
    for (const cmd of rest) await engine.execute(cmd);
    const [receive] = exampleLifecycle('C-2');
    await engine.execute({ ...(receive as object), subjectId: 'S-9' } as never);
    const later = new Date(start + 100 * DAY);
    expect((await engine.tick(later)).events.some((e) => e.type === 'PersonalDataErased')).toBe(false);
    await engine.execute({ type: 'withdraw', complaintId: 'C-2', actor: exampleActors.agent });
    const { events } = await engine.tick(new Date(start + 200 * DAY));
    expect(events.filter((e) => e.type === 'PersonalDataErased').map((e) => e.streamId)).toEqual(['C-1', 'C-2']);
  });

  it('a rule out of range is refused when the engine is made', () => {
    for (const days of [0, 1.5, -3, 100_000])
      expect(() =>
        createEngine({
          store: memoryStore(),
          privacy: { keys: subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() }), retention: { days } },
        }),
      ).toThrow(/retention/);
  });
});
