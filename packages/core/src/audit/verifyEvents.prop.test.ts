import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { exampleLifecycle, validCommandSequence } from '@redress/testing';
import {
  canonicalJson,
  createEngine,
  hashEvent,
  hashOfStoredText,
  memoryStore,
  sequentialIds,
  verifyEvents,
  type Command,
  type StoredEvent,
} from '../index';

const logOf = async (commands: readonly Command[], complaintId: string) => {
  const engine = createEngine({
    store: memoryStore(),
    clock: () => new Date('2026-01-05T09:00:00.000Z'),
    ids: sequentialIds(),
  });
  for (const cmd of commands) await engine.execute(cmd);
  return engine.history(complaintId);
};

/**
 * What the hash chain covers: the stored event without its place in the store's
 * global order. `position` is the store's address for the event, given at append
 * time, so no hash written before the append can cover it.
 */
const content = ({ position: _p, ...event }: StoredEvent) => event;

const flipByte = (json: string, at: number, delta: number): string => {
  const bytes = Buffer.from(json, 'utf8');
  const i = at % bytes.length;
  bytes[i] = ((bytes[i] as number) + delta) % 256;
  return bytes.toString('utf8');
};

const UNREADABLE = Symbol('unreadable');
/** The JSON value of `text`, or `UNREADABLE`. */
const readable = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return UNREADABLE;
  }
};

test.prop([validCommandSequence({ maxLength: 12 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 })], {
  numRuns: 150,
})(
  'changing any byte of any stored event makes verify fail and name that event’s version',
  async ({ complaintId, commands }, which, at, delta) => {
    const events = await logOf(commands, complaintId);
    const i = which % events.length;
    const original = content(events[i] as StoredEvent);
    const changed = flipByte(JSON.stringify(original), at, delta);
    const parsed = readable(changed);
    // Unreadable: an event that no longer parses is detected by any reader. Skipped, not passed.
    fc.pre(parsed !== UNREADABLE);
    // A few byte changes leave the value itself as it was (`1e-7` → `1E-7`); nothing was changed then.
    fc.pre(canonicalJson(parsed) !== canonicalJson(original));
    const tampered = events.map((e, k) => (k === i ? { ...(parsed as object), position: e.position } : e));
    const result = await verifyEvents(tampered, { streamId: complaintId });
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ version: i + 1 });
  },
);

test.prop([validCommandSequence({ maxLength: 12 })], { numRuns: 60 })(
  'the hash of an event’s canonical stored text is the hash of the event',
  async ({ complaintId, commands }) => {
    for (const event of await logOf(commands, complaintId)) {
      const stored = content(event);
      expect(hashOfStoredText(canonicalJson(stored), stored.prevHash, stored.hash)).toBe(hashEvent(stored));
    }
  },
);

test.prop([validCommandSequence({ maxLength: 12 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 })], {
  numRuns: 150,
})(
  'changing any byte of an event’s stored text makes verify (given the texts) fail and name that event’s version',
  async ({ complaintId, commands }, which, at, delta) => {
    const events = await logOf(commands, complaintId);
    const i = which % events.length;
    const texts = events.map((e) => canonicalJson(content(e)));
    const changed = flipByte(texts[i] as string, at, delta);
    const parsed = readable(changed);
    fc.pre(parsed !== UNREADABLE);
    fc.pre(changed !== texts[i]);
    texts[i] = changed;
    const tampered = events.map((e, k) => (k === i ? { ...(parsed as object), position: e.position } : e));
    const result = await verifyEvents(tampered, { streamId: complaintId, texts });
    // Key order aside, a changed text is a changed event, unless the value survived (`1e-7` → `1E-7`).
    if (canonicalJson(parsed) === canonicalJson(content(events[i] as StoredEvent))) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, version: i + 1 });
  },
);

describe('verifyEvents on an untouched log', () => {
  it('verifies from texts in another key order by re-encoding them', async () => {
    const events = await logOf(exampleLifecycle('C-1'), 'C-1');
    const texts = events.map((e) => JSON.stringify(content(e)));
    expect(texts.some((t, i) => hashOfStoredText(t, events[i]!.prevHash, events[i]!.hash) === events[i]!.hash)).toBe(
      false,
    );
    expect(await verifyEvents(events, { texts })).toMatchObject({ ok: true, events: events.length });
  });

  it('passes and counts the events', async () => {
    const events = await logOf(exampleLifecycle('C-1'), 'C-1');
    expect(await verifyEvents(events)).toMatchObject({
      ok: true,
      events: events.length,
      lastHash: events.at(-1)?.hash,
    });
  });

  it('names a missing event as a version gap', async () => {
    const events = await logOf(exampleLifecycle('C-1'), 'C-1');
    const result = await verifyEvents([...events.slice(0, 3), ...events.slice(4)]);
    expect(result).toMatchObject({ ok: false, version: 4 });
  });

  it('names two swapped events', async () => {
    const events = await logOf(exampleLifecycle('C-1'), 'C-1');
    const swapped = [...events];
    [swapped[5], swapped[6]] = [events[6] as StoredEvent, events[5] as StoredEvent];
    expect(await verifyEvents(swapped)).toMatchObject({ ok: false, version: 6 });
  });
});
