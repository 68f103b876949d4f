/**
 * `pnpm workbench`: the complaints workbench on http://127.0.0.1:3000 over a SQLite file
 * (default .redress/workbench.db). A new file is filled with a few demo complaints; `--seed`
 * adds them again.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { scheduleTicks } from '@redress/core';
import { nodeListener } from '@redress/http';
import { seed } from './seed';
import { workbench } from './workbench';

const args = process.argv.slice(2);
const path = resolve(
  args.find((a) => !a.startsWith('--')) ?? process.env.REDRESS_WORKBENCH_DB ?? '.redress/workbench.db',
);
mkdirSync(dirname(path), { recursive: true });
const fresh = !existsSync(path);
// The demo keeps its key-encryption key beside the data so that a restart reads what it wrote; a real
// deployment takes it from a secret manager (REDRESS_KEK).
const kekPath = `${path.replace(/\.db$/, '')}.kek`;
if (!existsSync(kekPath)) writeFileSync(kekPath, randomBytes(32).toString('base64'), { mode: 0o600 });
const kek = process.env.REDRESS_KEK ?? readFileSync(kekPath, 'utf8');

let back = 0; // only the seed moves the clock, to make complaints received earlier
const wb = workbench({
  path,
  kek,
  sessionSecret: randomBytes(32).toString('base64'), // sessions end when the server does
  clock: () => new Date(Date.now() - back),
  log: () => undefined,
});
if (fresh || args.includes('--seed')) {
  const ids = await seed(wb.engine, (ms) => {
    back = ms;
  });
  console.log(`Seeded ${ids.length} complaints: ${ids.join(', ')}`);
}
const ticks = scheduleTicks(wb.engine, { everyMs: 60_000, onError: (e) => console.error(String(e)) });
ticks.start();
const server = createServer(nodeListener(wb));
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Complaints workbench on http://127.0.0.1:${port}/ (store: ${path})`);
  console.log('Sign in as agent-7, handler-li, qc-zhang, svc-chen or sup-wang; Ctrl-C stops.');
});
process.once('SIGINT', async () => {
  await ticks.stop();
  server.close();
  await wb.close();
});
