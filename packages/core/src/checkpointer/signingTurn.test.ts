import { exampleLifecycle } from '@redress/testing';
import { describe, expect, test } from 'vitest';
import { openCheckpoint } from '../checkpoint/checkpoint';
import { noteVerifier } from '../checkpoint/noteKeys';
import { generateNoteKey, noteSigner } from '../checkpoint/noteSigners';
import { createEngine } from '../engine/createEngine';
import type { DeliveryRecord } from '../store/eventStore';
import { memoryStore } from '../store/memoryStore';
import { checkpointer } from './checkpointer';
import { deliveriesOf } from './deliveryEvidence';
import { storeSink } from './storeSink';

const origin = 'turns.example.com/log';
const key = generateNoteKey(origin);

const record = (seq: number): DeliveryRecord => ({
  seq,
  outboxId: `m-${seq}`,
  streamId: 'C-1',
  eventId: `e-${seq}`,
  channel: 'webhook',
  outcome: 'delivered',
  attempt: 1,
  at: '2026-03-02T09:00:00.000Z',
});

describe('checkpointers of several app instances on one store', () => {
  test('take turns: a signer slow to read the delivery records holds the turn, so a larger tree never covers fewer records', async () => {
    const store = memoryStore();
    const engine = createEngine({ store });
    const commands = exampleLifecycle('C-1');
    for (const cmd of commands.slice(0, 3)) await engine.execute(cmd);
    const records: DeliveryRecord[] = [record(1)];
    // Instance A reads the tree, then waits on the records until let go; instance B reads at once.
    let letGo: () => void = () => {};
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    let reading: () => void = () => {};
    const aReads = new Promise<void>((resolve) => (reading = resolve));
    const signer = (deliveries: () => Promise<DeliveryRecord[]>) =>
      checkpointer({
        store: { merkle: store.merkle, outbox: { deliveries }, leases: store.leases },
        signer: noteSigner(key.signerKey),
        every: { events: 1 },
        sinks: [storeSink(store)],
      });
    const a = signer(async () => {
      reading();
      await gate;
      return [...records];
    });
    const b = signer(async () => [...records]);

    const first = a.checkpoint();
    await aReads;
    // While A waits: more events, two more records, and B tries to sign the larger tree.
    for (const cmd of commands.slice(3, 5)) await engine.execute(cmd);
    records.push(record(2), record(3));
    expect(await b.checkpoint()).toBeUndefined();
    records.push(record(4));
    letGo();
    expect((await first)?.checkpoint.size).toBe(4);
    // A's turn is over: B signs at once, over every record A covered.
    expect((await b.checkpoint())?.checkpoint.size).toBe(store.size);

    const line = (await store.checkpointNotes.list(origin)).map((k) => {
      const c = openCheckpoint(k.note, noteVerifier(key.verifierKey));
      return { size: c.size, records: deliveriesOf(c.extensions)?.size };
    });
    expect(line).toEqual([
      { size: 4, records: 4 },
      { size: store.size, records: 4 },
    ]);
  });

  test('a signer whose lease ran out while it signed claims nothing; the one that took over signs', async () => {
    const store = memoryStore();
    const engine = createEngine({ store });
    for (const cmd of exampleLifecycle('C-2').slice(0, 3)) await engine.execute(cmd);
    let now = Date.parse('2026-03-02T09:00:00Z');
    let letGo: () => void = () => {};
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    let reading: () => void = () => {};
    const aReads = new Promise<void>((resolve) => (reading = resolve));
    const signer = (deliveries: () => Promise<DeliveryRecord[]>) =>
      checkpointer({
        store: { merkle: store.merkle, outbox: { deliveries }, leases: store.leases },
        signer: noteSigner(key.signerKey),
        every: { events: 1 },
        sinks: [storeSink(store)],
        clock: () => new Date(now),
        leaseMs: 60_000,
      });
    const a = signer(async () => {
      reading();
      await gate;
      return [];
    });
    const b = signer(async () => [record(1)]);
    const first = a.checkpoint();
    await aReads;
    // A hangs past its lease: B's turn comes and B signs.
    now += 60_001;
    expect((await b.checkpoint())?.checkpoint.size).toBe(4);
    letGo();
    expect(await first).toBeUndefined();
    expect((await store.checkpointNotes.list(origin)).map((k) => k.size)).toEqual([4]);
  });

  test('leaseMs is checked', () => {
    const store = memoryStore();
    expect(() =>
      checkpointer({
        store,
        signer: noteSigner(key.signerKey),
        every: { events: 1 },
        sinks: [storeSink(store)],
        leaseMs: 0,
      }),
    ).toThrow(/leaseMs must be a whole number ≥ 3/);
  });
});
