import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { verifyEvents } from '@redress/core';
import { collect, testEvents } from '@redress/testing';
import { expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from './tempFile';

const file = tempFiles();
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./childBatcher.ts', import.meta.url));

/** Start a batcher, let it reach `versions` versions, then SIGKILL it; resolves with the last version it reported. */
const killMidRun = (path: string, stream: string, versions: number) =>
  new Promise<number>((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--conditions=@redress/source', child, path, stream], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let reported = 0;
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.stdout.on('data', (d: Buffer) => {
      const lines = d.toString().trim().split('\n');
      reported = Number(lines.at(-1));
      if (reported >= versions) p.kill('SIGKILL');
    });
    p.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(reported) : reject(new Error(`batcher ended without being killed: ${stderr}`)),
    );
  });

test('a process killed in the middle of writing leaves whole appends only: every batch with its outbox row, or nothing of it', async () => {
  const path = file();
  await sqliteStore({ path }).close();
  const reported = await Promise.all([killMidRun(path, 'K-1', 150), killMidRun(path, 'K-2', 150)]);

  const store = sqliteStore({ path });
  for (const [i, stream] of ['K-1', 'K-2'].entries()) {
    const events = await collect(store.readStream(stream));
    // Everything it was told had committed is there; at most a few more committed before the kill landed.
    expect(events.length).toBeGreaterThanOrEqual(reported[i]!);
    expect(events.length % 3).toBe(0);
    expect(await verifyEvents(events)).toMatchObject({ ok: true });
    const rows = await store.outbox.list({ streamId: stream });
    expect(rows.map((r) => r.eventId)).toEqual(events.filter((e) => e.version % 3 === 0).map((e) => e.id));
  }
  const all = await collect(store.readAll());
  expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
  // The file still takes writes after the crash.
  const last = (await collect(store.readStream('K-1'))).at(-1)!;
  const next = await store.append('K-1', testEvents('K-1', 1, { after: last }), { expectedVersion: last.version });
  expect(next.version).toBe(last.version + 1);
  await store.close();
}, 120_000);
