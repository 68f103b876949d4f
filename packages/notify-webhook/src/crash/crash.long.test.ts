import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { createEngine, defineNotifications } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { startWebhookReceiver } from '../webhookReceiver';

/** A personal field as text, or undefined once erased. */
const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const script = fileURLToPath(new URL('./crashDispatcher.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'redress-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const launch = (args: string[]): { child: ChildProcess; exited: Promise<number | null> } => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@redress/source', script, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => (code !== 0 && code !== null && console.error(stderr), resolve(code))),
  );
  return { child, exited };
};

test('a dispatcher process killed mid-batch loses nothing: after restart every message arrives, repeats only from the killed batch', async () => {
  const path = join(dir, 'events.db');
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  let killAt: (() => void) | undefined;
  const receiver = await startWebhookReceiver({
    secret,
    // Slow answers keep a batch in flight long enough to be killed in the middle of it.
    respond: () => new Promise((r) => setTimeout(() => r({ status: 204 }), 15)),
    onMessage: () => {
      if (receiver.received.length >= 10) killAt?.();
    },
  });

  // 120 complaints, each acknowledged by webhook, written as outbox rows with their events.
  const store = sqliteStore({ path });
  const notifications = defineNotifications({
    rules: (d) => d.filter((r) => r.id === 'acknowledgement').map((r) => ({ ...r, channels: ['webhook'] })),
    complainant: (c) => ({ id: 'complainant', name: textOf(c.complainant.name), addresses: { webhook: receiver.url } }),
  });
  const engine = createEngine({ store, outbox: notifications.outbox });
  for (let i = 0; i < 120; i++) {
    await engine.execute({
      type: 'receive',
      actor: { id: 'agent-1', role: 'agent' },
      channel: 'web',
      category: 'service',
      complainant: { name: `客户 ${i}` },
      summary: `complaint ${i}`,
    });
  }
  const all = await store.outbox.list();
  expect(all).toHaveLength(120);

  const first = launch([path, receiver.url, secret, 'first']);
  await new Promise<void>((resolve) => (killAt = () => (first.child.kill('SIGKILL'), resolve())));
  killAt = undefined;
  await first.exited;

  // What the killed process left: delivered rows, and rows it claimed but never confirmed.
  const afterKill = await store.outbox.list();
  const unconfirmed = afterKill.filter((r) => r.status === 'pending' && r.claimedBy === 'first').map((r) => r.id);
  expect(unconfirmed.length).toBeGreaterThan(0);
  expect(afterKill.filter((r) => r.status === 'delivered').length).toBeLessThan(120);

  const second = launch([path, receiver.url, secret, 'second']);
  expect(await second.exited).toBe(0);

  const final = await store.outbox.list();
  expect(final.filter((r) => r.status !== 'delivered')).toEqual([]);
  // Every message arrived at least once …
  expect(new Set(receiver.ids)).toEqual(new Set(all.map((r) => r.id)));
  // … and the only repeats are messages of the killed batch, recognisable by their idempotency key.
  const repeats = receiver.received.filter((m) => m.duplicate).map((m) => m.id);
  for (const id of repeats) expect(unconfirmed).toContain(id);
  expect(repeats.length).toBeLessThanOrEqual(16);
  // The 10th message was received but the process died before hearing the answer: it must come again.
  expect(repeats).toContain(receiver.received[9]?.id);
  expect(receiver.received.length).toBe(120 + repeats.length);
  await store.close();
  await receiver.close();
}, 120_000);
