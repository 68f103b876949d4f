import { ephemeralKek, subjectKeys, type WrappedKey } from '@redress/core';
import { describe, expect, test } from 'vitest';
import { rawKey, type keyStoreContext } from './keyStoreContext';

type Ctx = ReturnType<typeof keyStoreContext>;

/** What a durable store keeps at rest: never a data key in clear, and nothing of a destroyed key. */
export const atRestFeatures = (ctx: Ctx) => {
  describe('at rest', () => {
    test('no data key is at rest in clear, only wrapped; a destroyed key’s wrapped bytes are gone, the others stay', async () => {
      if (!ctx.durable) {
        // A store without another handle keeps nothing at rest to look at.
        expect(await ctx.bytesAtRest()).toBeUndefined();
        return;
      }
      const keys = subjectKeys({ store: ctx.store, kek: ephemeralKek() });
      const ids = ['S-1', 'S-2', 'S-3', 'S-4'];
      const raw = new Map<string, Buffer>();
      for (const id of ids) raw.set(id, rawKey(await keys.create(id)));
      const wrapped = new Map<string, Buffer>();
      for (const id of ids) wrapped.set(id, Buffer.from(((await ctx.store.fetch(id)) as WrappedKey).wrapped));

      const before = await ctx.bytesAtRest();
      if (before === undefined)
        throw new Error('A store with another handle (a durable one) must give bytesAtRest to the suite');
      for (const id of ids) {
        expect(before.includes(raw.get(id) as Buffer), `the data key of ${id} is at rest in clear`).toBe(false);
        // The test can see the store's bytes: the wrapped keys are there.
        expect(
          before.includes(wrapped.get(id) as Buffer),
          `the wrapped key of ${id} is not among the bytes at rest`,
        ).toBe(true);
      }

      await keys.destroy('S-2');
      await keys.destroy('S-4');
      const after = (await ctx.bytesAtRest()) as Buffer;
      expect(after.includes(wrapped.get('S-2') as Buffer), 'the destroyed key of S-2 is still at rest').toBe(false);
      expect(after.includes(wrapped.get('S-4') as Buffer), 'the destroyed key of S-4 is still at rest').toBe(false);
      expect(after.includes(wrapped.get('S-1') as Buffer)).toBe(true);
      expect(after.includes(wrapped.get('S-3') as Buffer)).toBe(true);
      for (const id of ids) expect(after.includes(raw.get(id) as Buffer)).toBe(false);
    });
  });
};
