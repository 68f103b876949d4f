import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createEngine, verifyEvents } from '@redress/core';
import { collect } from '@redress/testing';
import { expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from './tempFile';

const file = tempFiles();
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./childWriter.ts', import.meta.url));

const run = (args: string[]) =>
  new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--conditions=@redress/source', child, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${args[1]} exited with ${code}: ${stderr}`))));
  });

test('four processes writing to one file, some to one complaint: no lost event, no version gap, positions dense', async () => {
  const path = file();
  const store = sqliteStore({ path });
  const engine = createEngine({ store });
  const agent = { id: 'agent-0', role: 'agent' } as const;
  const { complaintId } = await engine.execute({
    type: 'receive', complaintId: 'C-shared', actor: agent, channel: 'phone', category: 'quality', complainant: { name: '王芳' }, summary: 'Kettle leaks',
  });

  const writers = ['p1', 'p2', 'p3', 'p4'];
  const count = 25;
  await Promise.all(writers.map((name) => run([path, name, String(count), complaintId])));

  const shared = await collect(store.readStream(complaintId));
  const notes = shared.filter((e) => e.type === 'NoteAdded').map((e) => (e.data as { text: string }).text);
  expect(notes).toHaveLength(writers.length * count);
  expect(new Set(notes)).toEqual(new Set(writers.flatMap((w) => Array.from({ length: count }, (_, i) => `${w} note ${i}`))));
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
  await store.close();
}, 120_000);
