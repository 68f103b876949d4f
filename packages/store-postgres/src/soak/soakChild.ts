/**
 * One app instance of the soak (soak.long.test.ts): `soakChild.ts <config file> <name> <run | drain>`.
 *
 * run: engine, dispatcher, deadline ticker, checkpointer and publisher on one PostgreSQL store, while it drives
 * commands on complaints of its own and notes on the shared ones. Each command the engine acknowledged is a line
 * of the instance's file (appended and fsynced before the next command). A restarted instance reads its file and
 * goes on where it stood: the command it was killed in is sent again with the same commandId. SIGTERM stops it.
 *
 * drain: one last tick, then it delivers, publishes and signs until nothing is left, and exits.
 *
 * Failures the soak does not expect are printed to stdout as `{"unexpected": …}` lines; the test asserts none.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkpointer,
  createDispatcher,
  createEngine,
  directorySink,
  isRedressError,
  noteSigner,
  publisher,
  scheduleTicks,
  storeSink,
  type Command,
} from '@redress/core';
import { webhookChannel } from '@redress/notify-webhook';
import { natsPublisher } from '@redress/publish-nats';
import { postgresStore } from '../postgresStore';
import {
  acknowledgements,
  fastClock,
  LIFE_STEPS,
  lifeOf,
  noteOf,
  readAcknowledged,
  readConfig,
  soakDeadlines,
  soakNotifications,
} from './soakSetup';

const [configPath, name, mode] = process.argv.slice(2) as [string, string, 'run' | 'drain'];
const config = readConfig(configPath);
const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const worker = `${name}-${process.pid}`;

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const textOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const unexpected = (where: string, e: unknown) =>
  say({ unexpected: { where, code: isRedressError(e) ? e.code : undefined, message: textOf(e) } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const store = postgresStore({ connectionString: PG_URL, schema: config.schema, maxConnections: 8 });
const clock = fastClock(config);
const engine = createEngine({
  store,
  clock,
  deadlines: soakDeadlines,
  outbox: soakNotifications(config.receiverUrl).outbox,
  privacy: 'plaintext',
});
const channel = webhookChannel({ url: config.receiverUrl, secret: config.secret, timeoutMs: 2000 });
const dispatcher = createDispatcher({
  store,
  channels: [channel],
  worker,
  batchSize: 16,
  concurrency: 4,
  leaseMs: 3000,
  sendTimeoutMs: 500,
  pollMs: 100,
  backoff: { baseMs: 50, maxMs: 1000 },
  onError: (e) => unexpected('dispatcher', e),
});
const sink = natsPublisher({
  servers: config.natsUrl,
  stream: config.stream,
  tenant: config.tenant,
  ackTimeoutMs: 2000,
});
const events = publisher({
  store,
  sink,
  name: 'nats',
  holder: worker,
  batchSize: 100,
  leaseMs: 1500,
  pollMs: 100,
  backoff: { baseMs: 50, maxMs: 500 },
  // Losing a race for the stream's end to another instance is expected; a refusal of the store is not.
  onError: (e) => (isRedressError(e) ? unexpected('publisher', e) : undefined),
});
const checkpoints = join(config.dir, 'checkpoints', name);
mkdirSync(checkpoints, { recursive: true });
const signer = checkpointer({
  store,
  signer: noteSigner(config.signerKey),
  origin: config.origin,
  every: { events: 50, seconds: 1 },
  sinks: [storeSink(store), directorySink({ path: checkpoints })],
  // A signer killed in its turn holds the others back this long.
  leaseMs: 3000,
  holder: worker,
});

const shutdown = async () => {
  await sink.close?.();
  channel.close();
  await store.close();
};

const drain = async () => {
  await engine.tick(clock());
  // Messages a killed dispatcher had claimed come due again once its lease ran out.
  for (;;) {
    const run = await dispatcher.runOnce();
    if (run.claimed > 0) continue;
    if ((await store.outbox.list({ status: 'pending' })).length === 0) break;
    await sleep(200);
  }
  let last = 0;
  for await (const e of store.readAll({ after: 0 })) last = e.position;
  // The lease of a killed publisher runs out before this one may take over.
  for (;;) {
    const run = await events.catchUp();
    if (run.held && run.position >= last) break;
    await sleep(200);
  }
  await events.stop();
  // The turn of a signer killed while it signed runs out before this one's comes.
  while ((await store.checkpointNotes.latest(config.origin))?.size !== (await store.merkle.size())) {
    if ((await signer.checkpoint()) === undefined) await sleep(200);
  }
  say({ drained: true, last });
  await shutdown();
};

const run = async () => {
  const acks = join(config.dir, 'acks', `${name}.ndjson`);
  const before = readAcknowledged(acks);
  const file = acknowledgements(acks);
  // Where this instance stood: the next step of each complaint of its own, its next complaint and note.
  const next = new Map<string, { n: number; step: number; receivedAt: number }>();
  let complaints = 0;
  let notes = 0;
  for (const a of before) {
    const own = /^K-[^:]+-(\d+):(\d+)$/.exec(a.commandId);
    const note = /-note-(\d+)$/.exec(a.commandId);
    if (own !== null) {
      const n = Number(own[1]);
      const step = Number(own[2]);
      const known = next.get(a.complaintId);
      next.set(a.complaintId, { n, step: step + 1, receivedAt: known?.receivedAt ?? a.at });
      complaints = Math.max(complaints, n + 1);
    } else if (note !== null) notes = Math.max(notes, Number(note[1]) + 1);
  }
  for (const [id, c] of next) if (c.step >= LIFE_STEPS) next.delete(id);

  // Some complaints wait, so that clocks run out: every fourth is decided late, every fourth after it resolved late.
  const ready = (c: { n: number; step: number; receivedAt: number }) => {
    const age = Date.now() - c.receivedAt;
    if (c.n % 4 === 0 && c.step === 1) return age > 4000;
    if (c.n % 4 === 1 && c.step === 5) return age > 12_000;
    return true;
  };
  const choose = (): Command => {
    const r = Math.random();
    if (r < 0.1) return noteOf(name, notes);
    const open = [...next.values()].filter(ready);
    if (open.length === 0 || (next.size < 8 && r < 0.3)) return lifeOf(`K-${name}-${complaints}`)[0] as Command;
    const c = open[Math.floor(Math.random() * open.length)] as (typeof open)[number];
    return lifeOf(`K-${name}-${c.n}`)[c.step] as Command;
  };

  let running = true;
  const loop = (async () => {
    while (running) {
      const cmd = choose();
      try {
        const result = await engine.execute(cmd);
        // The answer takes a moment to reach the caller: a kill then leaves a command stored but not acknowledged.
        await sleep(Math.random() * 40);
        const commandId = cmd.commandId as string;
        file.write({
          complaintId: result.complaintId,
          commandId,
          type: cmd.type,
          duplicate: result.duplicate,
          at: Date.now(),
        });
        if (cmd.type === 'addNote') notes++;
        else {
          const step = Number(commandId.split(':')[1]);
          const n = Number(/-(\d+)$/.exec(result.complaintId)?.[1]);
          if (step === 0) complaints++;
          const known = next.get(result.complaintId);
          if (step + 1 >= LIFE_STEPS) next.delete(result.complaintId);
          else next.set(result.complaintId, { n, step: step + 1, receivedAt: known?.receivedAt ?? Date.now() });
        }
      } catch (e) {
        // A complaint busy beyond the retry budget is tried again later, with the same commandId.
        if (!isRedressError(e, 'CONFLICT')) unexpected(`command ${cmd.type}`, e);
      }
      await sleep(5 + Math.random() * 30);
    }
  })();

  const ticks = scheduleTicks(engine, {
    everyMs: 200,
    onError: (e) => (isRedressError(e, 'CONFLICT') ? undefined : unexpected('ticker', e)),
  });
  ticks.start();
  dispatcher.start();
  events.start();
  signer.start({
    pollMs: 250,
    onError: (e) => unexpected('checkpointer', e),
  });
  say({ started: true, name, pid: process.pid });

  process.on('SIGTERM', async () => {
    running = false;
    await loop;
    await ticks.stop();
    await dispatcher.stop();
    await events.stop();
    await signer.stop();
    file.close();
    await shutdown();
    say({ stopped: true });
    process.exit(0);
  });
};

if (mode === 'drain') {
  drain().then(
    () => process.exit(0),
    (e: unknown) => {
      unexpected('drain', e);
      process.exit(1);
    },
  );
} else await run();
