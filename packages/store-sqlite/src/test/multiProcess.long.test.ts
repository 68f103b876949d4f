import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { createEngine, verifyEvents } from '@redress/core';
import { collect } from '@redress/testing';
import { expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { asBeforeGuards } from './dropGuards';
import { tempFiles } from './tempFile';

const file = tempFiles();
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./childWriter.ts', import.meta.url));

const run = (args: string[]) =>
  new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--conditions=@redress/source', child, ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`writer ${args[1]} exited with ${code}: ${stderr}`)),
    );
  });

/** One complaint received in a new store file; the store is left open. */
const fileWithComplaint = async () => {
  const path = file();
  const store = sqliteStore({ path });
  const engine = createEngine({ store });
  const agent = { id: 'agent-0', role: 'agent' } as const;
  const { complaintId } = await engine.execute({
    type: 'receive',
    complaintId: 'C-shared',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: '王芳' },
    summary: 'Kettle leaks',
  });
  return { path, store, complaintId };
};

const writers = ['p1', 'p2', 'p3', 'p4'];
const count = 25;

/** Every writer's notes on the shared complaint, in its own order, and every complaint whole, at dense positions. */
const expectWholeLog = async (store: ReturnType<typeof sqliteStore>, complaintId: string) => {
  const shared = await collect(store.readStream(complaintId));
  const notes = shared.filter((e) => e.type === 'NoteAdded').map((e) => (e.data as { text: string }).text);
  expect(notes).toHaveLength(writers.length * count);
  expect(new Set(notes)).toEqual(
    new Set(writers.flatMap((w) => Array.from({ length: count }, (_, i) => `${w} note ${i}`))),
  );
  for (const w of writers) {
    const mine = notes.filter((n) => n.startsWith(`${w} `));
    expect(mine).toEqual(Array.from({ length: count }, (_, i) => `${w} note ${i}`));
  }
  expect(await verifyEvents(shared)).toMatchObject({ ok: true });

  const all = await collect(store.readAll());
  expect(all.map((e) => e.position)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  const streams = new Map<string, number[]>();
  for (const e of all) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e.version]);
  expect(streams.size).toBe(1 + writers.length * count);
  for (const versions of streams.values()) expect(versions).toEqual(versions.map((_, i) => i + 1));
};

test('four processes writing to one file, some to one complaint: no lost event, no version gap, positions dense', async () => {
  const { path, store, complaintId } = await fileWithComplaint();
  await Promise.all(writers.map((name) => run([path, name, String(count), complaintId])));
  await expectWholeLog(store, complaintId);
  await store.close();
}, 120_000);

test('four processes opening a file from before the guard triggers at once: the guards go in once, noting the events written without them', async () => {
  const { path, store, complaintId } = await fileWithComplaint();
  await store.close();
  asBeforeGuards(path);
  const db = new Database(path, { readonly: true });
  const before = db.prepare('SELECT max(position) FROM events').pluck().get();
  db.close();

  await Promise.all(writers.map((name) => run([path, name, String(count), complaintId])));
  const check = new Database(path, { readonly: true });
  expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all()).toEqual([
    'events_insert_agrees',
    'events_update_agrees',
  ]);
  expect(check.prepare("SELECT value FROM meta WHERE key = 'unguarded_through'").pluck().get()).toBe(String(before));
  check.close();
  const reopened = sqliteStore({ path });
  await expectWholeLog(reopened, complaintId);
  await reopened.close();
}, 120_000);
