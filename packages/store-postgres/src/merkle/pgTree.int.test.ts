import { isRedressError, merkleRootOf, type EventStore, type MerkleLog, type RecordedEvent } from '@redress/core';
import { collect, testEvents } from '@redress/testing';
import { expect, test } from 'vitest';
import { postgresStore } from '../postgresStore';
import { describePg, testPool, testSchemas } from '../testing/pgTest';

type Store = EventStore & { readonly merkle: MerkleLog };

/** The root over readAll's hashes, and the store's own at its size. */
const roots = async (store: Store) => {
  const all = await collect(store.readAll());
  const size = await store.merkle.size();
  return {
    events: all.length,
    size,
    root: await store.merkle.root(size),
    expected: await merkleRootOf(all.map((e) => e.hash)),
  };
};

const appendMany = async (store: Store, id: string, rounds: number, per: number) => {
  let after: RecordedEvent | undefined;
  for (let r = 0; r < rounds; r++) {
    const events = testEvents(id, per, after === undefined ? {} : { after });
    await store.append(id, events, { expectedVersion: r * per });
    after = events.at(-1);
  }
};

describePg('the PostgreSQL store’s Merkle tree', () => {
  const { pool, fresh } = testSchemas(8);

  test('a store created before the tree gets its tables; its events go into the tree on the first read; createSchema: false says what to apply', async () => {
    const schema = fresh('tree_upgrade');
    const store = postgresStore({ pool, schema });
    await appendMany(store, 'C-old', 3, 7);
    await pool.query(`DROP TABLE "${schema}".merkle_leaves, "${schema}".merkle_nodes`);

    const strict = postgresStore({ pool, schema, createSchema: false });
    const refused = await strict.merkle.size().catch((e: unknown) => e);
    expect(isRedressError(refused, 'VALIDATION')).toBe(true);
    expect((refused as Error).message).toMatch(/no Merkle tree tables.*schemaSql/);

    const upgraded = postgresStore({ pool, schema });
    const r = await roots(upgraded);
    expect([r.events, r.size, r.root]).toEqual([21, 21, r.expected]);
  });

  test('rows committed behind a writer still in flight wait for it; then the tree takes both in position order', async () => {
    const schema = fresh('tree_inflight');
    const store = postgresStore({ pool, schema, readAllWaitMs: 100 });
    await appendMany(store, 'C-a', 1, 2);
    const client = await pool.connect();
    try {
      // A writer that has its position and its row, and has not committed.
      await client.query('BEGIN');
      const { rows } = await client.query<{ p: string }>(`SELECT "${schema}".reserve_positions(1) AS p`);
      const [slow] = testEvents('C-slow', 1);
      await client.query(
        `INSERT INTO "${schema}".events (position, stream_id, version, event_id, type, schema_version, occurred_at, event) VALUES ($1, $2, 1, $3, $4, 1, $5, $6)`,
        [rows[0]!.p, slow!.streamId, slow!.id, slow!.type, slow!.occurredAt, JSON.stringify(slow)],
      );
      await appendMany(store, 'C-b', 1, 3);
      expect(await store.merkle.size()).toBe(2);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const r = await roots(store);
    expect([r.events, r.size, r.root]).toEqual([6, 6, r.expected]);
    expect(
      await store.merkle.leafIndex(
        Number((await collect(store.readAll())).find((e) => e.streamId === 'C-slow')!.position),
      ),
    ).toBe(2);
  });

  test('positions an aborted append reserved leave no hole in the tree: leaves are the events, leafIndex maps positions to them', async () => {
    const schema = fresh('tree_gap');
    const store = postgresStore({ pool, schema });
    await appendMany(store, 'C-a', 1, 2);
    await pool.query(`BEGIN; SELECT "${schema}".reserve_positions(5); ROLLBACK`);
    await pool.query(`SELECT "${schema}".reserve_positions(5)`); // burned outside any row
    await appendMany(store, 'C-b', 1, 2);
    const all = await collect(store.readAll());
    expect(all.map((e) => e.position)).toEqual([1, 2, 13, 14]); // sequences do not roll back: both reservations burned five
    const r = await roots(store);
    expect([r.size, r.root]).toEqual([4, r.expected]);
    expect(await Promise.all(all.map((e) => store.merkle.leafIndex(e.position)))).toEqual([0, 1, 2, 3]);
    expect(await store.merkle.leafIndex(5)).toBeNull();
  });

  test('several instances appending and reading the tree at once: one tree, over every event, in readAll’s order', async () => {
    const schema = fresh('tree_instances');
    const pools = Array.from({ length: 3 }, () => testPool(4));
    try {
      const stores = pools.map((p) => postgresStore({ pool: p, schema }));
      await stores[0]!.checkpoints.get('create');
      await Promise.all(
        stores.flatMap((store, i) => [
          appendMany(store, `C-${i}-a`, 15, 2),
          appendMany(store, `C-${i}-b`, 10, 3),
          (async () => {
            for (let k = 0; k < 10; k++) await store.merkle.size();
          })(),
        ]),
      );
      const r = await roots(stores[0]!);
      expect([r.events, r.size, r.root]).toEqual([180, 180, r.expected]);
      for (const store of stores) expect(await store.merkle.root(180)).toBe(r.expected);
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".merkle_leaves`);
      expect(Number(rows[0]!.n)).toBe(180);
    } finally {
      for (const p of pools) await p.end();
    }
  });
});
