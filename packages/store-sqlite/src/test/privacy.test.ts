import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createDispatcher,
  createEngine,
  defineNotifications,
  isErased,
  secretKek,
  subjectKeys,
  type DeliveryChannel,
} from '@redress/core';
import { exampleActors, exampleLifecycle } from '@redress/testing';
import { expect, test } from 'vitest';
import { keyFileBeside } from '../keys/keyFileBeside';
import { sqliteKeyStore } from '../keys/sqliteKeyStore';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from './tempFile';

const file = tempFiles();
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./childEraser.ts', import.meta.url));

const personal = ['王芳', '+86 138 0000 0000', 'wang.fang@example.com', 'Kettle leaks after two days'];
const bytesOf = (path: string) => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0));
const found = (path: string) =>
  personal.filter((v) => [path, `${path}-wal`].some((p) => bytesOf(p).includes(Buffer.from(v, 'utf8'))));

const open = (path: string, kek = secretKek(randomBytes(32))) => {
  const keyStore = sqliteKeyStore({ path: keyFileBeside(path) });
  const store = sqliteStore({ path });
  const engine = createEngine({ store, privacy: { keys: subjectKeys({ store: keyStore, kek }) } });
  return { store, keyStore, engine, kek };
};

const lifecycle = () => {
  const [receive, ...rest] = exampleLifecycle('C-1');
  const r = receive as { complainant: object };
  return [{ ...r, complainant: { ...r.complainant, email: 'wang.fang@example.com' } }, ...rest] as never[];
};

test('after a whole lifecycle the personal values are nowhere in the event file or its -wal; erased, they stay unreadable', async () => {
  const path = file('complaints.db');
  const { store, keyStore, engine, kek } = open(path);
  for (const cmd of lifecycle()) await engine.execute(cmd);
  // The check can fail: an engine writing in clear puts them there.
  const plainPath = file('plain.db');
  const plain = sqliteStore({ path: plainPath });
  await createEngine({ store: plain, privacy: 'plaintext' }).execute(lifecycle()[0] as never);
  expect(found(plainPath)).toEqual(expect.arrayContaining(['王芳', 'wang.fang@example.com']));
  await plain.close();

  expect(found(path)).toEqual([]);
  expect((await engine.load('C-1')).complainant.name).toBe('王芳');
  await engine.erase({ complaintId: 'C-1' }, exampleActors['privacy-officer'], 'Art. 17 request 4411');
  expect(await engine.verify('C-1')).toMatchObject({ ok: true });
  await store.close();
  await keyStore.close?.();
  expect(found(path)).toEqual([]);

  // Reopened with the same key-encryption key: the remaining keys do not bring the values back.
  const again = open(path, kek);
  const c = await again.engine.load('C-1');
  expect(isErased(c.complainant.name)).toBe(true);
  expect(isErased(c.summary)).toBe(true);
  expect(c.stage).toBe('reviewed');
  const revealed = JSON.stringify(await again.engine.history('C-1', { reveal: true }));
  for (const v of personal) expect(revealed).not.toContain(v);
  await again.store.close();
  await again.keyStore.close?.();
}, 60_000);

test('a process killed between the erasure event and the key destruction: the next engine finishes the erasure', async () => {
  const path = file('complaints.db');
  const keyPath = keyFileBeside(path);
  const kekHex = randomBytes(32).toString('hex');
  await new Promise<void>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@redress/source', child, path, keyPath, kekHex],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('destroying')) p.kill('SIGKILL');
    });
    p.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`eraser ended without being killed: ${stderr}`)),
    );
  });
  const keyStore = sqliteKeyStore({ path: keyPath });
  const store = sqliteStore({ path });
  const history = await createEngine({ store, privacy: 'plaintext' }).history('C-1');
  expect(history.map((e) => e.type)).toContain('PersonalDataErased');
  const [received] = history;
  const subjectId = (received?.data as { subjectId: string }).subjectId;
  // The crash left the key in place: the erasure is recorded but not done.
  expect(await keyStore.fetch(subjectId)).toMatchObject({ kekId: expect.any(String) });

  const engine = createEngine({ store, privacy: { keys: { store: keyStore, kek: secretKek(kekHex) } } });
  await engine.tick();
  expect(await keyStore.fetch(subjectId)).toEqual({ erased: true });
  expect(isErased((await engine.load('C-1')).complainant.name)).toBe(true);
  expect((await engine.history('C-1')).filter((e) => e.type === 'PersonalDataErased')).toHaveLength(1);
  expect(await engine.verify('C-1')).toMatchObject({ ok: true });
  await store.close();
  await keyStore.close?.();
}, 60_000);

test('the outbox holds no personal data at rest; a message to an erased person is dead-lettered, never sent', async () => {
  const path = file('complaints.db');
  const kek = secretKek(randomBytes(32));
  const keyStore = sqliteKeyStore({ path: keyFileBeside(path) });
  const keys = subjectKeys({ store: keyStore, kek });
  const store = sqliteStore({ path });
  const notifications = defineNotifications({
    staff: [{ id: 'sup-1', name: '李主管', roles: ['supervisor'], addresses: { email: 'li@example.com' } }],
  });
  const engine = createEngine({ store, outbox: notifications.outbox, privacy: { keys } });
  const sent: unknown[] = [];
  const channel = (name: string): DeliveryChannel => ({
    name,
    send: async (message) => {
      sent.push(message.payload);
      return { ok: true };
    },
  });
  const dispatcher = createDispatcher({ store, channels: [channel('email'), channel('sms')], keys });
  for (const cmd of lifecycle()) await engine.execute(cmd);
  while ((await dispatcher.runOnce()).claimed > 0);
  // Delivered, opened: the channels got the address and the text.
  expect(JSON.stringify(sent)).toContain('wang.fang@example.com');
  expect(found(path)).toEqual([]);

  // A second complaint of hers, erased before its messages go out: none is sent.
  const [receive] = lifecycle();
  await engine.execute({ ...(receive as unknown as object), complaintId: 'C-2' } as never);
  const pending = (await store.outbox.list({ streamId: 'C-2' })).filter((r) => r.status === 'pending');
  expect(pending.length).toBeGreaterThan(0);
  await engine.erase({ complaintId: 'C-2' }, exampleActors['privacy-officer'], 'request 5');
  const before = sent.length;
  while ((await dispatcher.runOnce()).claimed > 0);
  expect(sent.length).toBe(before);
  for (const row of await store.outbox.list({ streamId: 'C-2' })) {
    expect(row.status).toBe('dead');
    expect(row.lastError).toContain('erased');
  }
  expect(found(path)).toEqual([]);
  await store.close();
  await keyStore.close();
}, 60_000);
