import {
  createEngine,
  isRedressError,
  projectionRunner,
  complaintListProjection,
  type EventStore,
} from '@redress/core';
import { expect, test } from 'vitest';
import { exampleLifecycle } from '../arbitraries/examples';
import { collect } from '../storeContract/storeContext';

/**
 * What the tampered-read suite needs of a store, one database per test: a
 * store over it (as a new app instance opens it: no cache of its own), and a way to edit one event's
 * stored body in place, as someone with write access to the database would.
 */
export interface TamperTarget {
  /** A store over the same database each call; the suite closes each one it opens. */
  readonly open: () => Promise<EventStore>;
  /** Replace `from` with `to` in the stored body of `streamId` v`version`, nothing else (its hash stays); throws if the body lacks `from`. */
  readonly editBody: (streamId: string, version: number, from: string, to: string) => Promise<void>;
}

/** The TAMPERED error a promise rejects with (any other outcome fails the test). */
const tampered = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRedressError(error, 'TAMPERED')) throw new Error(`expected TAMPERED, got ${String(error)}`);
  return error;
};

/**
 * The attack of an in-place edit: the accepted complaint's priority changed
 * from "high" to "low" in the stored body, its hash left as it was. Every read
 * that folds the complaint refuses it with `TAMPERED` naming the stream, the
 * version and `failed: 'hash'`; `execute` appends nothing; `verify` returns
 * `ok: false` at that version instead of throwing.
 *
 * @example
 * tamperedReadSuite('SQLite', async () => ({ open: async () => sqliteStore({ path }), editBody: … }));
 */
export const tamperedReadSuite = (name: string, database: () => Promise<TamperTarget>): void => {
  test(`${name}: an event edited in place ("high" → "low") is refused by load, history, execute and catch-up; verify says where`, async () => {
    const target = await database();
    const writer = await target.open();
    const engine = createEngine({ store: writer });
    const life = exampleLifecycle('C-T1');
    for (const cmd of life.slice(0, 3)) await engine.execute(cmd);
    for (const cmd of exampleLifecycle('C-T2').slice(0, 2)) await engine.execute(cmd);
    await target.editBody('C-T1', 3, '"priority":"high"', '"priority":"low"');

    const store = await target.open();
    try {
      const fresh = createEngine({ store });
      const before = (await collect(store.readAll())).length;
      const named = { streamId: 'C-T1', version: 3, failed: 'hash' };

      const load = await tampered(fresh.load('C-T1'));
      expect(load.details).toMatchObject(named);
      expect(load.message).toMatch(/C-T1 v3 .*content no longer gives its hash/);
      expect((await tampered(fresh.history('C-T1'))).details).toMatchObject(named);
      expect((await tampered(fresh.load('C-T1', { atVersion: 4 }))).details).toMatchObject(named);
      // A complaint not touched still loads.
      expect((await fresh.load('C-T2')).stage).toBe('judged');

      const note = { type: 'addNote', complaintId: 'C-T1', actor: life[0]!.actor, text: 'on top' } as const;
      expect((await tampered(fresh.execute(note))).details).toMatchObject(named);
      expect((await collect(store.readAll())).length).toBe(before);

      const check = await fresh.verify('C-T1');
      expect(check).toMatchObject({ ok: false, version: 3 });
      if (!check.ok) expect(check.reason).toMatch(/hash/);
      expect(await fresh.verify('C-T2')).toMatchObject({ ok: true, events: 3 });

      const list = projectionRunner({ store, projection: complaintListProjection(), batchSize: 2 });
      expect((await tampered(list.catchUp())).details).toMatchObject(named);
      // The events before the break were applied; the edited one was not.
      expect(list.position).toBe(2);
    } finally {
      await store.close?.();
      await writer.close?.();
    }
  });

  test(`${name}: an event that fails its schema makes verify return ok: false, not throw`, async () => {
    const target = await database();
    const writer = await target.open();
    try {
      const engine = createEngine({ store: writer });
      for (const cmd of exampleLifecycle('C-T3').slice(0, 3)) await engine.execute(cmd);
      await target.editBody('C-T3', 3, '"priority":"high"', '"priority":"whenever"');
      const check = await createEngine({ store: writer }).verify('C-T3');
      expect(check).toMatchObject({ ok: false, version: 3 });
      if (!check.ok) expect(check.reason).toMatch(/priority/);
    } finally {
      await writer.close?.();
    }
  });
};
