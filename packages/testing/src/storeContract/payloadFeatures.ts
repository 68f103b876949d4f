import { canonicalJson, hashEvent, isRedressError } from '@redress/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { collect, withoutPosition, type storeContext } from './storeContext';
import { testEvents, uniqueStreamId } from './testEvents';

type Ctx = ReturnType<typeof storeContext>;

/** Chinese, emoji (with joiners and skin tones), astral-plane CJK and music signs, accents, controls. */
const WIDE = '投诉处理：水壶漏水，客户要求更换。😀👩🏽‍💻🎉 𠀀𠜎𝄞 café ñ Ω\t"quoted" \\ back\u0000slash\n';

const wideText = (units: number, seed: number) => {
  let text = `${seed}:`;
  while (text.length + WIDE.length < units) text += WIDE;
  return `${text}終`;
};

// Every string and number byte for byte; the order of an object's keys is not part of its
// value (a store may keep canonical JSON, as the SQLite store does).
const utf8 = (value: unknown) => Buffer.from(canonicalJson(value), 'utf8');

/** Large and non-ASCII payloads, and schema versions, must come back byte-identical. */
export const payloadFeatures = (ctx: Ctx) => {
  describe('payloads', () => {
    test('non-ASCII event data (Chinese, emoji, astral characters) comes back byte-identical, hashes intact', async () => {
      const id = uniqueStreamId();
      const events = testEvents(id, 3, { note: (i) => wideText(300, i) });
      await ctx.store.append(id, events, { expectedVersion: 0 });
      const back = await collect(ctx.store.readStream(id));
      back.forEach((e, i) => {
        expect(utf8(e.data).equals(utf8(events[i]!.data))).toBe(true);
        expect(hashEvent(e)).toBe(e.hash);
      });
    });

    test('an append of more than 1 MB of non-ASCII text comes back byte-identical', async () => {
      const id = uniqueStreamId();
      const events = testEvents(id, 60, { note: (i) => wideText(9_900, i) });
      const bytes = events.reduce((n, e) => n + utf8(e.data).length, 0);
      expect(bytes).toBeGreaterThan(1_000_000);
      await ctx.store.append(id, events, { expectedVersion: 0 });
      const back = await collect(ctx.store.readStream(id));
      expect(back).toHaveLength(60);
      expect(Buffer.concat(back.map((e) => utf8(e.data))).equals(Buffer.concat(events.map((e) => utf8(e.data))))).toBe(
        true,
      );
      expect(back.every((e) => hashEvent(e) === e.hash)).toBe(true);
    });

    test('an outbox payload of more than 1 MB comes back byte-identical', async () => {
      const id = uniqueStreamId();
      const events = testEvents(id, 1);
      const payload = {
        to: '王芳 <wang@例子.中国>',
        body: wideText(600_000, 1),
        parts: [{ 'ключ 🔑': wideText(2_000, 2) }],
      };
      expect(utf8(payload).length).toBeGreaterThan(1_000_000);
      await ctx.store.append(id, events, {
        expectedVersion: 0,
        outbox: [{ id: `big-${id}`, streamId: id, eventId: events[0]!.id, channel: 'email', payload }],
      });
      const [row] = await ctx.store.outbox.list({ streamId: id });
      expect(utf8(row?.payload).equals(utf8(payload))).toBe(true);
    });

    test('any Unicode text survives the round trip (property)', async () => {
      const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }).filter((s) => s.trim().length > 0);
      await fc.assert(
        fc.asyncProperty(text, async (note) => {
          const id = uniqueStreamId();
          const events = testEvents(id, 2, { note: () => note });
          await ctx.store.append(id, events, { expectedVersion: 0 });
          const back = await collect(ctx.store.readStream(id));
          expect(withoutPosition(back)).toEqual(events);
          expect(utf8(back[1]!.data).equals(utf8(events[1]!.data))).toBe(true);
        }),
        { numRuns: 40 },
      );
    });
  });

  describe('schema versions', () => {
    test('each event keeps the schema version it was written with', async () => {
      const id = uniqueStreamId();
      const older = testEvents(id, 2);
      await ctx.store.append(id, older, { expectedVersion: 0 });
      // Written by a newer Redress: a store may give it back untouched, or refuse to
      // interpret it (TAMPERED naming the stream and version) — never change it silently.
      const newer = testEvents(id, 1, { after: older[1], schemaVersion: 2 });
      await ctx.store.append(id, newer, { expectedVersion: 2 });
      const first = await collect(ctx.store.readStream(id, { toVersion: 2 }));
      expect(first.map((e) => e.schemaVersion)).toEqual([1, 1]);
      expect(withoutPosition(first)).toEqual(older);
      try {
        const [third] = await collect(ctx.store.readStream(id, { fromVersion: 3 }));
        expect(third?.schemaVersion).toBe(2);
        expect(third?.data).toEqual(newer[0]!.data);
      } catch (error) {
        expect(isRedressError(error, 'TAMPERED'), String(error)).toBe(true);
        expect((error as Error).message).toContain(id);
        expect((error as Error).message).toMatch(/v3|version 3/);
      }
    });
  });
};
