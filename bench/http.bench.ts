/**
 * The HTTP layer of issue 20: commands/s through `@redress/http` on a real
 * `node:http` server on loopback (keep-alive, 8 requests in flight, each on a
 * complaint of its own) against the same commands called on the same engine
 * directly, 8 in flight, in the same run. Both sides take turns in short windows
 * on one SQLite file (the default durability: WAL, synchronous=FULL); the best
 * window of each counts. The HTTP client runs on a worker thread, as a client
 * elsewhere would: the server's event loop pays only for serving. p99 is over
 * every request of the HTTP windows, against the p99 of the direct calls.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Actor } from '@redress/core';
import { httpHandler, nodeListener } from '@redress/http';
import { sqliteStore } from '@redress/store-sqlite';
import { TEXT } from './benchEvents';
import type { Report } from './report';

const IN_FLIGHT = 8;
const WINDOW_MS = 1500;
const ROUNDS = 4;
const agent: Actor = { id: 'agent-bench', role: 'agent' };

/** The client, plain JavaScript for a worker thread: 8 requests in flight on keep-alive connections for `ms`. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const agent = new Agent({ keepAlive: true, maxSockets: workerData.inFlight });
const post = (path, body) => new Promise((resolve, reject) => {
  const req = request({ host: '127.0.0.1', port: workerData.port, path, method: 'POST', agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode));
  });
  req.on('error', reject);
  req.end(body);
});
let n = 0;
parentPort.on('message', async ({ complaints, ms, text }) => {
  const latencies = [];
  let ops = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(complaints.map(async (id) => {
    while (performance.now() - t0 < ms) {
      const started = performance.now();
      const status = await post('/complaints/' + id + '/commands/addNote', JSON.stringify({ text: 'note ' + n++ + ': ' + text }));
      latencies.push(performance.now() - started);
      if (status === 200) ops++; else failed++;
    }
  }));
  parentPort.postMessage({ ops, ms: performance.now() - t0, latencies, failed });
});
`;

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(0.99 * xs.length) - 1] ?? Number.NaN;

export default async (report: Report) => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-http-'));
  const store = sqliteStore({ path: join(dir, 'http.db') });
  const engine = createEngine({ store, privacy: 'plaintext' });
  const api = httpHandler({ engine, authenticate: () => agent });
  const server = createServer(nodeListener(api));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new Worker(CLIENT, { eval: true, workerData: { port, inFlight: IN_FLIGHT } });
  const windowOf = (complaints: string[], ms: number) =>
    new Promise<{ ops: number; ms: number; latencies: number[]; failed: number }>((resolve, reject) => {
      client.once('message', resolve);
      client.once('error', reject);
      client.postMessage({ complaints, ms, text: TEXT });
    });

  try {
    const complaints: string[] = [];
    for (let i = 0; i < IN_FLIGHT; i++) {
      const { complaintId } = await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'service',
        complainant: { name: '王芳' },
        summary: TEXT,
      });
      complaints.push(complaintId);
    }
    const latencies = { http: [] as number[], direct: [] as number[] };
    const best = { http: 0, direct: 0 };
    let n = 0;
    // The worker's first window warms its connections; it does not count.
    await windowOf(complaints, 200);
    for (let r = 0; r < ROUNDS * 2; r++) {
      const side = r % 2 === 0 ? 'http' : 'direct';
      if (side === 'http') {
        const w = await windowOf(complaints, WINDOW_MS);
        if (w.failed > 0) throw new Error(`${w.failed} HTTP commands were refused`);
        latencies.http.push(...w.latencies);
        best.http = Math.max(best.http, (w.ops * 1000) / w.ms);
        continue;
      }
      let ops = 0;
      const t0 = performance.now();
      await Promise.all(
        complaints.map(async (complaintId) => {
          while (performance.now() - t0 < WINDOW_MS) {
            const text = `note ${n++}: ${TEXT}`;
            const started = performance.now();
            await engine.execute({ type: 'addNote', complaintId, actor: agent, text });
            latencies.direct.push(performance.now() - started);
            ops++;
          }
        }),
      );
      best[side] = Math.max(best[side], (ops * 1000) / (performance.now() - t0));
    }
    report({
      name: 'http.execute.sqlite',
      unit: 'commands/s',
      value: best.http,
      baseline: `the same addNote commands on the engine directly, ${IN_FLIGHT} in flight, same SQLite file`,
      baselineValue: best.direct,
      ratio: best.http / best.direct,
      note: `POST /complaints/{id}/commands/addNote over node:http on loopback, keep-alive, ${IN_FLIGHT} in flight, client on a worker thread; target ratio >= 0.5`,
    });
    const ours = p99(latencies.http);
    const direct = p99(latencies.direct);
    report({
      name: 'http.execute.sqlite.p99ms',
      unit: 'ms',
      value: ours,
      baseline: 'p99 of the direct engine.execute calls',
      baselineValue: direct,
      ratio: direct / ours,
      note: `p99 latency of ${latencies.http.length} HTTP commands`,
    });
  } finally {
    await client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
