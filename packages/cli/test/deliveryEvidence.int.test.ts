import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  checkpointer,
  createEngine,
  directorySink,
  generateNoteKey,
  noteSigner,
  type EventStore,
  type MerkleLog,
  type OutboxMessage,
  type RecordedEvent,
} from '@redress/core';
import { postgresStore } from '@redress/store-postgres';
import { sqliteStore } from '@redress/store-sqlite';
import { exampleLifecycle } from '@redress/testing';
import { describe, expect, test } from 'vitest';
import { EXIT } from '../src/cli/exitCodes';
import { tempDir } from './support/files';
import { PG_URL, sql, unreachable, urlFor } from './support/postgres';
import { runCli } from './support/runCli';

const dir = tempDir();
const origin = 'complaints.example.com/log';

/** One notification per received complaint: what a notification policy writes. */
const notify = (events: readonly RecordedEvent[]): OutboxMessage[] =>
  events
    .filter((e) => e.type === 'ComplaintReceived')
    .map((e) => ({
      id: `n-${e.streamId}`,
      streamId: e.streamId,
      eventId: e.id,
      channel: 'email',
      payload: { to: 'role:complainant' },
    }));

/**
 * Three complaints, each with a notification: C-1's delivered, C-2's given up
 * on (dead), C-3's never delivered (still pending). Then a checkpoint, signed
 * by the checkpointer into a directory, covering the events and the two
 * delivery records.
 */
const seed = async (store: EventStore & { merkle: MerkleLog }, name: string) => {
  const engine = createEngine({ store, outbox: notify });
  for (const id of ['C-1', 'C-2', 'C-3']) for (const cmd of exampleLifecycle(id).slice(0, 2)) await engine.execute(cmd);
  const now = new Date();
  const claimed = await store.outbox.claim({ now, limit: 10, leaseMs: 60_000, worker: 'd-1' });
  expect(claimed.map((m) => m.id)).toEqual(['n-C-1', 'n-C-2', 'n-C-3']);
  await store.outbox.complete('n-C-1', { now, worker: 'd-1' });
  await store.outbox.fail('n-C-2', { now, worker: 'd-1', error: 'mailbox unavailable', retryAt: null });
  await store.outbox.fail('n-C-3', {
    now,
    worker: 'd-1',
    error: 'try later',
    retryAt: new Date(now.getTime() + 3_600_000),
  });
  const key = generateNoteKey(origin);
  const checkpoints = join(dir, name);
  const run = await checkpointer({
    store,
    signer: noteSigner(key.signerKey),
    every: { events: 1 },
    sinks: [directorySink({ path: checkpoints })],
  }).checkpoint();
  expect(run?.checkpoint.extensions[0]).toMatch(/^deliveries 2 /);
  const publicKey = join(dir, `${name}.vkey`);
  writeFileSync(publicKey, `${key.verifierKey}\n`);
  return { checkpoint: join(checkpoints, 'checkpoint.txt'), publicKey };
};

type Report = {
  trusted: { ok: boolean; findings: { kind: string; streamId?: string; message: string }[]; notes: string[] };
};

const verify = async (store: string, keys: { checkpoint: string; publicKey: string }) => {
  const r = await runCli([
    'verify',
    '--store',
    store,
    '--trusted',
    keys.checkpoint,
    '--public-key',
    keys.publicKey,
    '--json',
  ]);
  return { code: r.code, stderr: r.stderr, trusted: (JSON.parse(r.stdout) as Report).trusted };
};

/** The same three findings, on any store: the forged "delivered", the hidden delivery, and the records changed. */
const expectForgeryNamed = (trusted: Report['trusted']) => {
  expect(trusted.ok).toBe(false);
  const delivery = trusted.findings.filter((f) => f.kind === 'delivery');
  expect(delivery).toHaveLength(1);
  expect(delivery[0]).toMatchObject({ streamId: 'C-3' });
  expect(delivery[0]?.message).toMatch(/Outbox message n-C-3 .* is marked delivered, but no delivery record says so/);
};

describe('delivery records are evidence: redress verify --trusted as a real process', () => {
  test('SQLite: the untouched file passes; UPDATE outbox SET status = delivered on a message never delivered is named', async () => {
    const path = join(dir, 'deliveries.db');
    const store = sqliteStore({ path });
    const keys = await seed(store, 'sqlite');
    await store.close();

    const clean = await verify(path, keys);
    expect(clean.code, clean.stderr).toBe(EXIT.ok);
    expect(clean.trusted).toMatchObject({ ok: true, findings: [] });

    const db = new Database(path);
    db.prepare("UPDATE outbox SET status = 'delivered', delivered_at = ? WHERE id = 'n-C-3'").run(
      new Date().toISOString(),
    );
    db.close();
    const forged = await verify(path, keys);
    expect(forged.code, forged.stderr).toBe(EXIT.verifyFailed);
    expectForgeryNamed(forged.trusted);

    // A record the checkpoint covers, changed to match a forged status, no longer gives the signed root.
    const db2 = new Database(path);
    db2.prepare("UPDATE deliveries SET outcome = 'delivered' WHERE outbox_id = 'n-C-2'").run();
    db2.close();
    const rewritten = await verify(path, keys);
    expect(rewritten.trusted.findings.map((f) => f.message).join('\n')).toMatch(
      /first 2 delivery records do not give the root the trusted checkpoint signed/,
    );
  });

  const skip = unreachable !== undefined && !process.env.CI;
  test.skipIf(skip)('PostgreSQL: the same forgery is named', async () => {
    const schema = `cli_deliveries_${process.pid}`;
    const store = postgresStore({ connectionString: PG_URL, schema });
    try {
      const keys = await seed(store, 'postgres');
      const clean = await verify(urlFor(schema), keys);
      expect(clean.code, clean.stderr).toBe(EXIT.ok);
      await sql(`UPDATE "${schema}".outbox SET status = 'delivered', delivered_at = now() WHERE id = 'n-C-3'`);
      const forged = await verify(urlFor(schema), keys);
      expect(forged.code, forged.stderr).toBe(EXIT.verifyFailed);
      expectForgeryNamed(forged.trusted);
    } finally {
      await store.close?.();
      await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });
});
