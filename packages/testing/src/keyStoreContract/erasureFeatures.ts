import { ephemeralKek, isErased, isRedressError, subjectKeys, type WrappedKey } from '@redress/core';
import { describe, expect, test } from 'vitest';
import { rawKey, type keyStoreContext } from './keyStoreContext';

type Ctx = ReturnType<typeof keyStoreContext>;

/** The RedressError `work` was refused with, or undefined when it succeeded; any other failure fails the test. */
const refusal = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: unknown) => {
      if (isRedressError(error)) return error;
      throw error;
    },
  );

/** Destroying keys and the erasure fence: an erased subject is remembered as erased, forever. */
export const erasureFeatures = (ctx: Ctx) => {
  describe('erasure', () => {
    test('after destroy, get says erased, through this keyring and a fresh one', async () => {
      const kek = ephemeralKek();
      const keys = subjectKeys({ store: ctx.store, kek });
      await keys.create('S-1');
      await keys.destroy('S-1');
      expect(isErased(await keys.get('S-1'))).toBe(true);
      expect(isErased(await subjectKeys({ store: ctx.store, kek }).get('S-1'))).toBe(true);
      expect(isErased(await ctx.store.fetch('S-1'))).toBe(true);
    });

    test('create after destroy is refused with CONFLICT, and the subject stays erased', async () => {
      const kek = ephemeralKek();
      const keys = subjectKeys({ store: ctx.store, kek });
      await keys.create('S-1');
      await keys.destroy('S-1');
      const error = await refusal(keys.create('S-1'));
      expect(error?.code).toBe('CONFLICT');
      expect(error?.message).toContain('S-1');
      expect((await refusal(subjectKeys({ store: ctx.store, kek, cacheSize: 0 }).create('S-1')))?.code).toBe(
        'CONFLICT',
      );
      expect(isErased(await keys.get('S-1'))).toBe(true);
    });

    test('the store itself will not take a record for an erased subject', async () => {
      await ctx.store.insert('S-1', { kekId: 'kek-test', wrapped: new Uint8Array(61).fill(7) });
      await ctx.store.destroy('S-1');
      const record: WrappedKey = { kekId: 'kek-test', wrapped: new Uint8Array(61).fill(9) };
      expect(isErased(await ctx.store.insert('S-1', record))).toBe(true);
      expect(isErased(await ctx.store.fetch('S-1'))).toBe(true);
    });

    test('destroying a subject that never had a key fences it too: it is erased, not unknown', async () => {
      const keys = subjectKeys({ store: ctx.store, kek: ephemeralKek() });
      await keys.destroy('S-9');
      expect(isErased(await keys.get('S-9'))).toBe(true);
      expect((await refusal(keys.create('S-9')))?.code).toBe('CONFLICT');
    });

    test('destroying twice is harmless; other subjects keep their keys', async () => {
      const keys = subjectKeys({ store: ctx.store, kek: ephemeralKek() });
      const kept = await keys.create('S-2');
      await keys.create('S-1');
      await keys.destroy('S-1');
      await keys.destroy('S-1');
      expect(isErased(await keys.get('S-1'))).toBe(true);
      expect(rawKey(await keys.get('S-2')).equals(rawKey(kept))).toBe(true);
    });

    test('the fence holds through another handle on the store', async () => {
      const kek = ephemeralKek();
      await subjectKeys({ store: ctx.store, kek }).create('S-1');
      await subjectKeys({ store: ctx.store, kek }).destroy('S-1');
      const other = subjectKeys({ store: await ctx.reopen(), kek });
      expect(isErased(await other.get('S-1'))).toBe(true);
      expect((await refusal(other.create('S-1')))?.code).toBe('CONFLICT');
    });

    test('a destroy racing creates ends erased, and every create either got the one key or was refused', async () => {
      const kek = ephemeralKek();
      const handles = [ctx.store, await ctx.reopen()];
      const rings = handles.map((store) => subjectKeys({ store, kek, cacheSize: 0 }));
      const creates = Array.from({ length: 8 }, (_, i) =>
        refusal((rings[i % 2] as (typeof rings)[number]).create('S-1').then(rawKey)),
      );
      const destroyed = (rings[1] as (typeof rings)[number]).destroy('S-1');
      const outcomes = await Promise.all(creates);
      await destroyed;
      // refusal() gives undefined for a create that succeeded and the error for one that was refused.
      for (const outcome of outcomes) if (outcome !== undefined) expect(outcome.code).toBe('CONFLICT');
      expect(isErased(await rings[0]?.get('S-1'))).toBe(true);
      expect(isErased(await subjectKeys({ store: await ctx.reopen(), kek }).get('S-1'))).toBe(true);
    });
  });
};
