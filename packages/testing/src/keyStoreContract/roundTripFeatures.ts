import { ephemeralKek, isErased, subjectKeys, type WrappedKey } from '@redress/core';
import { describe, expect, test } from 'vitest';
import { rawKey, type keyStoreContext } from './keyStoreContext';

type Ctx = ReturnType<typeof keyStoreContext>;

const record = (byte: number): WrappedKey => ({ kekId: 'kek-test', wrapped: new Uint8Array(61).fill(byte) });

/** Making keys, reading them back, one key per subject, unknown subjects, and keys that outlive a handle. */
export const roundTripFeatures = (ctx: Ctx) => {
  describe('keys', () => {
    test('create then get gives the same key; creating again gives it again', async () => {
      const keys = subjectKeys({ store: ctx.store, kek: ephemeralKek() });
      const key = await keys.create('S-1');
      expect(key.subjectId).toBe('S-1');
      expect(rawKey(await keys.get('S-1')).equals(rawKey(key))).toBe(true);
      expect(rawKey(await keys.create('S-1')).equals(rawKey(key))).toBe(true);
    });

    test('a keyring without a cache reads the same key from the store', async () => {
      const kek = ephemeralKek();
      const key = await subjectKeys({ store: ctx.store, kek }).create('S-1');
      const uncached = subjectKeys({ store: ctx.store, kek, cacheSize: 0 });
      expect(rawKey(await uncached.get('S-1')).equals(rawKey(key))).toBe(true);
      expect(rawKey(await uncached.create('S-1')).equals(rawKey(key))).toBe(true);
    });

    test('each subject has a key of its own', async () => {
      const keys = subjectKeys({ store: ctx.store, kek: ephemeralKek() });
      const ids = ['S-1', 'S-2', 'S-3', 'a.b:c_d-9'];
      const made = await Promise.all(ids.map((id) => keys.create(id)));
      expect(new Set(made.map((k) => rawKey(k).toString('hex'))).size).toBe(ids.length);
    });

    test('an unknown subject has no key, and asking does not make one', async () => {
      const keys = subjectKeys({ store: ctx.store, kek: ephemeralKek() });
      expect(await keys.get('S-404')).toBeUndefined();
      expect(await ctx.store.fetch('S-404')).toBeUndefined();
      expect(await keys.get('S-404')).toBeUndefined();
    });

    test('insert keeps the first record for a subject and returns it, byte for byte', async () => {
      const first = await ctx.store.insert('S-1', record(1));
      expect(isErased(first)).toBe(false);
      const second = (await ctx.store.insert('S-1', record(2))) as WrappedKey;
      expect(second.kekId).toBe('kek-test');
      expect(Buffer.from(second.wrapped).equals(Buffer.from(record(1).wrapped))).toBe(true);
      const fetched = (await ctx.store.fetch('S-1')) as WrappedKey;
      expect(Buffer.from(fetched.wrapped).equals(Buffer.from(record(1).wrapped))).toBe(true);
    });

    test('keys outlive the handle that made them (for a store without another handle: the same store, read afresh)', async () => {
      const kek = ephemeralKek();
      const key = await subjectKeys({ store: ctx.store, kek }).create('S-1');
      const again = subjectKeys({ store: await ctx.reopen(), kek });
      const found = await again.get('S-1');
      expect(isErased(found)).toBe(false);
      expect(rawKey(found).equals(rawKey(key))).toBe(true);
    });

    test('a subject id that could be personal data is refused with VALIDATION that does not show it', async () => {
      const keys = subjectKeys({ store: ctx.store, kek: ephemeralKek() });
      for (const id of ['li.wei@example.com', 'Wang Fang', '', ' S-1', 'x'.repeat(129)]) {
        const error = await keys.create(id).then(
          () => undefined,
          (e: unknown) => e as Error & { code?: string },
        );
        expect(error?.code, `subject id ${JSON.stringify(id)}`).toBe('VALIDATION');
        if (id.length > 3) expect(error?.message).not.toContain(id);
      }
    });
  });
};
