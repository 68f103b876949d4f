import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { exampleLifecycle, validCommandSequence } from '@redress/testing';
import {
  GENESIS_HASH,
  createEngine,
  hashEvent,
  hashedContent,
  memoryStore,
  sequentialIds,
  verifyEvents,
  type Command,
  type StoredEvent,
} from '../index';

/**
 * A known vector, worked out apart from this code (sorted keys, no white space,
 * UTF-8, then SHA-256 of prevHash followed by that text): a change to what the
 * hash covers, or to how it is encoded, breaks every stored chain and must show here.
 */
const prevHash = 'ab'.repeat(32);
const vector = {
  id: 'E-2',
  streamId: 'C-1',
  version: 2,
  type: 'NoteAdded',
  schemaVersion: 1,
  data: { text: 'Called back: "水壶" still leaks\n' },
  actor: { role: 'agent', id: 'agent-1' },
  occurredAt: '2026-01-05T09:00:00.000Z',
  correlationId: 'K-1',
  causationId: null,
  commandId: null,
  prevHash,
} as const;
const vectorText =
  '{"actor":{"id":"agent-1","role":"agent"},"causationId":null,"commandId":null,"correlationId":"K-1",' +
  '"data":{"text":"Called back: \\"水壶\\" still leaks\\n"},"id":"E-2","occurredAt":"2026-01-05T09:00:00.000Z",' +
  `"prevHash":"${prevHash}","schemaVersion":1,"streamId":"C-1","type":"NoteAdded","version":2}`;
const vectorHash = 'd615e478ef1d43441d3495c6a311d65524c45ab5daf7ae6c6e61521ee4e8e2ec';

describe('hashEvent', () => {
  it('matches a known vector: sha256(prevHash + canonical JSON), hex', () => {
    expect(hashedContent(vector)).toBe(vectorText);
    expect(hashEvent(vector)).toBe(vectorHash);
  });

  it('covers neither the event’s own hash nor its store position, and everything else', () => {
    expect(hashEvent({ ...vector, hash: 'f'.repeat(64), position: 42 })).toBe(vectorHash);
    expect(hashEvent({ ...vector, prevHash: GENESIS_HASH })).not.toBe(vectorHash);
    expect(hashEvent({ ...vector, occurredAt: '2026-01-05T09:00:00.001Z' })).not.toBe(vectorHash);
    expect(hashEvent({ ...vector, actor: { id: 'agent-2', role: 'agent' } })).not.toBe(vectorHash);
  });
});

const logOf = async (commands: readonly Command[], complaintId: string) => {
  const engine = createEngine({
    store: memoryStore(),
    clock: () => new Date('2026-01-05T09:00:00.000Z'),
    ids: sequentialIds(),
  });
  for (const cmd of commands) await engine.execute(cmd);
  return engine.history(complaintId);
};

/** The event changed (another actor id) and given a correct hash of its own: only the link to it can tell. */
const rehashed = (e: StoredEvent, change: Partial<StoredEvent>): StoredEvent => {
  const { hash: _h, position, ...rest } = { ...e, ...change };
  return { ...rest, hash: hashEvent(rest), position } as StoredEvent;
};

describe('the chain', () => {
  test.prop([validCommandSequence({ maxLength: 12 }), fc.nat()], { numRuns: 100 })(
    'an event edited and re-hashed on its own passes its own checks, and verify fails at the next version',
    async ({ complaintId, commands }, which) => {
      const events = await logOf(commands, complaintId);
      fc.pre(events.length >= 2);
      const i = which % (events.length - 1);
      const target = events[i] as StoredEvent;
      const tampered = events.map((e, k) =>
        k === i ? rehashed(e, { actor: { ...e.actor, id: `${e.actor.id}-forged` } }) : e,
      );
      expect(tampered[i]?.hash).not.toBe(target.hash);
      expect(await verifyEvents(tampered.slice(0, i + 1), { streamId: complaintId })).toMatchObject({ ok: true });
      expect(await verifyEvents(tampered, { streamId: complaintId })).toMatchObject({
        ok: false,
        version: i + 2,
        eventId: events[i + 1]?.id,
        reason: expect.stringContaining('prevHash'),
      });
    },
  );

  it('an event whose prevHash names another event, re-hashed so its own hash is right, fails at its own version', async () => {
    const events = await logOf(exampleLifecycle('C-1'), 'C-1');
    const relinked = events.map((e, k) => (k === 4 ? rehashed(e, { prevHash: (events[2] as StoredEvent).hash }) : e));
    expect(await verifyEvents(relinked)).toMatchObject({
      ok: false,
      version: 5,
      reason: expect.stringContaining('prevHash'),
    });
  });

  it('the first event must chain from the genesis hash', async () => {
    const events = await logOf(exampleLifecycle('C-1'), 'C-1');
    const first = rehashed(events[0] as StoredEvent, { prevHash: 'ab'.repeat(32) });
    const result = await verifyEvents([first, ...events.slice(1)]);
    expect(result).toMatchObject({ ok: false, version: 1, reason: expect.stringContaining('prevHash') });
  });
});

/** The events given, each re-linked to the one before and re-hashed: a consistent chain, whatever they say. */
const rechained = (events: readonly StoredEvent[]): StoredEvent[] => {
  let prev = GENESIS_HASH;
  return events.map((e) => {
    const next = rehashed(e, { prevHash: prev });
    prev = next.hash;
    return next;
  });
};

describe('what a re-chained log cannot hide', () => {
  // A log rewritten and re-hashed from some event on passes every hash and link check;
  // versions, the stream and the lifecycle still give it away.
  it('versions that do not start at 1 fail at the first event', async () => {
    const events = await logOf(exampleLifecycle('C-1'), 'C-1');
    const shifted = rechained(events.map((e) => ({ ...e, version: e.version + 1 })));
    expect(await verifyEvents(shifted)).toMatchObject({
      ok: false,
      version: 1,
      reason: expect.stringContaining('has version 2 where 1 was expected'),
    });
  });

  it('the last event renumbered fails at its version', async () => {
    const events = await logOf(exampleLifecycle('C-1'), 'C-1');
    const n = events.length;
    const renumbered = rechained(events.map((e, k) => (k === n - 1 ? { ...e, version: n + 1 } : e)));
    expect(await verifyEvents(renumbered)).toMatchObject({
      ok: false,
      version: n,
      reason: expect.stringContaining(`has version ${n + 1} where ${n} was expected`),
    });
  });

  it('the last event moved to another stream fails at its version', async () => {
    const events = await logOf(exampleLifecycle('C-1'), 'C-1');
    const moved = rechained(events.map((e, k) => (k === events.length - 1 ? { ...e, streamId: 'C-2' } : e)));
    for (const options of [{}, { streamId: 'C-1' }]) {
      expect(await verifyEvents(moved, options)).toMatchObject({
        ok: false,
        version: events.length,
        reason: 'belongs to stream C-2, not C-1',
      });
    }
  });

  it('an event taken out, the rest renumbered, fails where the lifecycle no longer allows the next', async () => {
    const events = await logOf(exampleLifecycle('C-1'), 'C-1');
    expect(events.slice(2, 5).map((e) => e.type)).toEqual([
      'ComplaintAccepted',
      'InvestigationCompleted',
      'RemedyProposed',
    ]);
    const cut = rechained([...events.slice(0, 3), ...events.slice(4)].map((e, k) => ({ ...e, version: k + 1 })));
    expect(await verifyEvents(cut)).toMatchObject({
      ok: false,
      version: 4,
      reason: 'RemedyProposed is not legal in stage "judged"',
    });
  });
});
