import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { sqliteStore } from '../sqliteStore';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./childBatcher.ts', import.meta.url));

/** The Merkle tree the writers kept in the rows is the tree of the events: one rebuilt from the rows alone has its root. */
export const expectTreeOfRows = async (path: string, size: number) => {
  const kept = sqliteStore({ path, writer: 'inline' });
  expect(await kept.merkle.size()).toBe(size);
  const kept0 = await kept.merkle.root(size);
  await kept.close();
  const db = new Database(path);
  db.prepare('UPDATE events SET tree = NULL').run();
  db.close();
  const rebuilt = sqliteStore({ path, writer: 'inline' });
  expect(await rebuilt.merkle.size()).toBe(size);
  expect(await rebuilt.merkle.root(size)).toBe(kept0);
  await rebuilt.close();
};

/**
 * Start a batcher (childBatcher.ts) on `streams`, let each reach `versions` versions, then SIGKILL it;
 * resolves with the last version it reported of each stream (an append it reported had resolved).
 */
export const killMidRun = (path: string, streams: readonly string[], versions: number, writer: 'worker' | 'inline') =>
  new Promise<Map<string, number>>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@redress/source', child, path, streams.join(','), writer],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const reported = new Map(streams.map((s) => [s, 0]));
    let stderr = '';
    let partial = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.stdout.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const [stream, version] = line.split(' ');
        if (stream !== undefined && reported.has(stream)) reported.set(stream, Number(version));
      }
      if ([...reported.values()].every((v) => v >= versions)) p.kill('SIGKILL');
    });
    p.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(reported) : reject(new Error(`batcher ended without being killed: ${stderr}`)),
    );
  });
