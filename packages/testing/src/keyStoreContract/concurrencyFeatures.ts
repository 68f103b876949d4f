import { ephemeralKek, subjectKeys } from '@redress/core';
import { describe, expect, test } from 'vitest';
import { rawKey, type keyStoreContext } from './keyStoreContext';

type Ctx = ReturnType<typeof keyStoreContext>;

/** Creates racing for one subject agree on one key, in one keyring, across keyrings and across handles. */
export const concurrencyFeatures = (ctx: Ctx) => {
  describe('concurrent creates', () => {
    test('twenty creates at once through one keyring give one key', async () => {
      const keys = subjectKeys({ store: ctx.store, kek: ephemeralKek() });
      const made = await Promise.all(Array.from({ length: 20 }, () => keys.create('S-1')));
      expect(new Set(made.map((k) => rawKey(k).toString('hex'))).size).toBe(1);
    });

    test('creates at once through keyrings that share nothing but the store give one key', async () => {
      const kek = ephemeralKek();
      const handles = [ctx.store, await ctx.reopen(), await ctx.reopen()];
      const rings = handles.flatMap((store) => [
        subjectKeys({ store, kek }),
        subjectKeys({ store, kek, cacheSize: 0 }),
      ]);
      const made = await Promise.all(
        rings.flatMap((keys) => [keys.create('S-1'), keys.create('S-1'), keys.create('S-2')]),
      );
      const of = (id: string) => new Set(made.filter((k) => k.subjectId === id).map((k) => rawKey(k).toString('hex')));
      expect(of('S-1').size).toBe(1);
      expect(of('S-2').size).toBe(1);
      expect([...of('S-1')][0]).not.toBe([...of('S-2')][0]);
      // And that is the key the store holds.
      const stored = rawKey(await subjectKeys({ store: ctx.store, kek, cacheSize: 0 }).get('S-1'));
      expect(of('S-1').has(stored.toString('hex'))).toBe(true);
    });
  });
};
