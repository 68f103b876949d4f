import {
  checkpointer,
  createEngine,
  generateNoteKey,
  isRedressError,
  noteSigner,
  storeSink,
  type EventStore,
} from '@redress/core';
import { exampleLifecycle } from '@redress/testing';
import { expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from '../test/tempFile';

const file = tempFiles();

test('the file keeps each checkpoint once per size: a second store on it with another tree of that size is refused', async () => {
  const path = file();
  const honest = sqliteStore({ path });
  const engine = createEngine({ store: honest });
  for (const cmd of exampleLifecycle('C-1').slice(0, 4)) await engine.execute(cmd);
  const key = generateNoteKey('file.example.com/log');
  const base = sqliteStore({ path });
  const forged: EventStore = { ...base, merkle: { ...base.merkle, root: async () => 'e'.repeat(64) } };
  const sign = (store: EventStore) =>
    checkpointer({ store, signer: noteSigner(key.signerKey), every: { events: 1 }, sinks: [storeSink(store)] });
  const run = await sign(honest).checkpoint();
  expect(run).toMatchObject({ claimed: true, checkpoint: { size: 5 } });
  // A later store of the file continues from the table: nothing new, nothing signed.
  expect(await sign(sqliteStore({ path })).checkpoint()).toBeUndefined();
  for (const cmd of exampleLifecycle('C-2').slice(0, 1)) await engine.execute(cmd);
  const error = await sign(forged)
    .checkpoint()
    .catch((e: unknown) => e);
  expect(isRedressError(error, 'TAMPERED')).toBe(true);
  expect((await honest.checkpointNotes.list('file.example.com/log')).map((k) => k.size)).toEqual([5]);
  await honest.close();
  await base.close();
});
