import { randomBytes } from 'node:crypto';
import {
  isErased,
  isRedressError,
  rewrapKeys,
  secretKek,
  subjectKeys,
  type KeyEncryptionKey,
  type KeyStore,
  type WrappedKey,
} from '@redress/core';
import { describe, expect, test } from 'vitest';
import { rawKey, type keyStoreContext } from './keyStoreContext';

type Ctx = ReturnType<typeof keyStoreContext>;

const kek = (id: string) => secretKek(randomBytes(32), { id });

/** `count` subjects with keys wrapped by `by`, and each one's raw key. */
const seed = async (store: KeyStore, by: KeyEncryptionKey, count: number, prefix = 'S-') => {
  const keys = subjectKeys({ store, kek: by });
  const raw = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const id = `${prefix}${String(i).padStart(3, '0')}`;
    raw.set(id, rawKey(await keys.create(id)));
  }
  return raw;
};

/** The KEK id each subject's stored record names now, or 'erased'. */
const wrappedBy = async (store: KeyStore, ids: Iterable<string>) => {
  const out = new Map<string, string>();
  for (const id of ids) {
    const held = await store.fetch(id);
    out.set(id, held === undefined ? 'none' : isErased(held) ? 'erased' : held.kekId);
  }
  return out;
};

/** Re-wrapping from one key-encryption key to another: complete, atomic per batch, resumable, fenced. */
export const rewrapFeatures = (ctx: Ctx) => {
  describe('rotating the key-encryption key (rewrapKeys)', () => {
    const rewrappable = () => typeof ctx.store.list === 'function' && typeof ctx.store.replace === 'function';

    test('a store without list and replace is refused with VALIDATION that says what is missing', async () => {
      if (rewrappable()) return;
      const error = await rewrapKeys({ store: ctx.store, from: kek('old'), to: kek('new') }).catch((e: unknown) => e);
      expect(isRedressError(error, 'VALIDATION')).toBe(true);
      expect((error as Error).message).toMatch(/cannot list and replace its keys/);
    });

    test('every key moves to the new KEK and reads the same; the old KEK no longer opens any; erased stay erased', async () => {
      if (!rewrappable()) return;
      const [from, to] = [kek('kek-old'), kek('kek-new')];
      const raw = await seed(ctx.store, from, 7);
      const keys = subjectKeys({ store: ctx.store, kek: from });
      await keys.destroy('S-002');
      await keys.destroy('S-never-had-one');
      const result = await rewrapKeys({ store: ctx.store, from, to, batchSize: 3 });
      expect(result).toEqual({ rewrapped: 6, already: 0, skipped: 0, others: {}, complete: true });
      const after = subjectKeys({ store: await ctx.reopen(), kek: to, cacheSize: 0 });
      for (const [id, key] of raw) {
        const found = await after.get(id);
        if (id === 'S-002') expect(isErased(found), id).toBe(true);
        else expect(rawKey(found).equals(key), id).toBe(true);
      }
      expect(isErased(await after.get('S-never-had-one'))).toBe(true);
      await expect(after.create('S-002')).rejects.toMatchObject({ code: 'CONFLICT' });
      // The old KEK is refused by name: nothing is left under it.
      const old = subjectKeys({ store: ctx.store, kek: from, cacheSize: 0 });
      await expect(old.get('S-000')).rejects.toMatchObject({ code: 'VALIDATION' });
      // Running it again finds nothing to do.
      expect(await rewrapKeys({ store: ctx.store, from, to })).toEqual({
        rewrapped: 0,
        already: 6,
        skipped: 0,
        others: {},
        complete: true,
      });
    });

    test('stopped between batches, every key reads under one of the two KEKs; running again finishes', async () => {
      if (!rewrappable()) return;
      const [from, to] = [kek('kek-old'), kek('kek-new')];
      const raw = await seed(ctx.store, from, 10);
      const stop = new AbortController();
      const partial = await rewrapKeys({
        store: ctx.store,
        from,
        to,
        batchSize: 4,
        signal: stop.signal,
        onBatch: () => stop.abort(),
      });
      expect(partial).toMatchObject({ rewrapped: 4, already: 0, skipped: 0, complete: false });
      const by = await wrappedBy(ctx.store, raw.keys());
      expect([...by.values()].filter((k) => k === 'kek-new')).toHaveLength(4);
      expect([...by.values()].filter((k) => k === 'kek-old')).toHaveLength(6);
      // A keyring with both reads every key, the same key as before, while the rotation is half done.
      const both = subjectKeys({ store: ctx.store, kek: to, previousKeks: [from], cacheSize: 0 });
      for (const [id, key] of raw) expect(rawKey(await both.get(id)).equals(key), id).toBe(true);
      // New keys during the rotation are wrapped by the new KEK.
      await both.create('S-new');
      expect((await wrappedBy(ctx.store, ['S-new'])).get('S-new')).toBe('kek-new');
      expect(await rewrapKeys({ store: await ctx.reopen(), from, to })).toEqual({
        rewrapped: 6,
        already: 5,
        skipped: 0,
        others: {},
        complete: true,
      });
      const after = subjectKeys({ store: ctx.store, kek: to, cacheSize: 0 });
      for (const [id, key] of raw) expect(rawKey(await after.get(id)).equals(key), id).toBe(true);
    });

    test('replace swaps a key only where it is still the record read: never an erased one, never one changed meanwhile', async () => {
      if (!rewrappable()) return;
      const store = ctx.store as Required<Pick<KeyStore, 'replace' | 'list'>> & KeyStore;
      const [from, to] = [kek('kek-old'), kek('kek-new')];
      await seed(store, from, 3);
      const listed = await store.list({ kekId: from.id, limit: 10 });
      expect(listed.map((l) => l.subjectId)).toEqual(['S-000', 'S-001', 'S-002']);
      await subjectKeys({ store, kek: from }).destroy('S-001');
      const stale: WrappedKey = { kekId: from.id, wrapped: new Uint8Array(61).fill(3) };
      const next = (byte: number): WrappedKey => ({ kekId: to.id, wrapped: new Uint8Array(61).fill(byte) });
      const done = await store.replace([
        { subjectId: 'S-000', expected: (listed[0] as { record: WrappedKey }).record, next: next(1) },
        { subjectId: 'S-001', expected: (listed[1] as { record: WrappedKey }).record, next: next(2) },
        { subjectId: 'S-002', expected: stale, next: next(3) },
        { subjectId: 'S-404', expected: stale, next: next(4) },
      ]);
      expect(done).toEqual([true, false, false, false]);
      expect(Buffer.from(((await store.fetch('S-000')) as WrappedKey).wrapped).equals(Buffer.alloc(61, 1))).toBe(true);
      expect(isErased(await store.fetch('S-001'))).toBe(true);
      expect(((await store.fetch('S-002')) as WrappedKey).kekId).toBe(from.id);
      expect(await store.fetch('S-404')).toBeUndefined();
      // Listing pages in subject order, after the cursor, by KEK.
      expect((await store.list({ kekId: from.id, limit: 10 })).map((l) => l.subjectId)).toEqual(['S-002']);
      expect((await store.list({ kekId: to.id, after: 'S-000', limit: 10 })).map((l) => l.subjectId)).toEqual([]);
      expect((await store.list({ limit: 10 })).map((l) => [l.subjectId, l.record.kekId])).toEqual([
        ['S-000', to.id],
        ['S-002', from.id],
      ]);
      expect((await store.list({ after: 'S-000', limit: 1 })).map((l) => l.subjectId)).toEqual(['S-002']);
    });

    test('a key destroyed while the run is at it stays destroyed, and is counted as skipped', async () => {
      if (!rewrappable()) return;
      const [from, to] = [kek('kek-old'), kek('kek-new')];
      await seed(ctx.store, from, 4);
      const other = await ctx.reopen();
      // The destroy lands between the listing and the write: the first wrap of S-001 triggers it.
      const racing: KeyEncryptionKey = {
        id: to.id,
        async wrap(key, context) {
          if (context.subjectId === 'S-001') await subjectKeys({ store: other, kek: from }).destroy('S-001');
          return to.wrap(key, context);
        },
        unwrap: (wrapped, context) => to.unwrap(wrapped, context),
      };
      expect(await rewrapKeys({ store: ctx.store, from, to: racing })).toMatchObject({
        rewrapped: 3,
        skipped: 1,
        complete: true,
      });
      expect(isErased(await ctx.store.fetch('S-001'))).toBe(true);
      await expect(subjectKeys({ store: ctx.store, kek: to }).create('S-001')).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    test('the wrong old KEK, a same id, or a new KEK that does not give the key back: refused, nothing changed', async () => {
      if (!rewrappable()) return;
      const [from, to] = [kek('kek-old'), kek('kek-new')];
      const raw = await seed(ctx.store, from, 3);
      const impostor = kek('kek-old');
      await expect(rewrapKeys({ store: ctx.store, from: impostor, to })).rejects.toMatchObject({ code: 'TAMPERED' });
      await expect(rewrapKeys({ store: ctx.store, from, to: kek('kek-old') })).rejects.toMatchObject({
        code: 'VALIDATION',
      });
      const broken: KeyEncryptionKey = {
        id: 'kek-broken',
        wrap: (key) => Uint8Array.from(key),
        unwrap: () => randomBytes(32),
      };
      await expect(rewrapKeys({ store: ctx.store, from, to: broken })).rejects.toMatchObject({ code: 'VALIDATION' });
      expect([...(await wrappedBy(ctx.store, raw.keys())).values()]).toEqual(['kek-old', 'kek-old', 'kek-old']);
      const keys = subjectKeys({ store: ctx.store, kek: from, cacheSize: 0 });
      for (const [id, key] of raw) expect(rawKey(await keys.get(id)).equals(key)).toBe(true);
    });

    test('keys of a third KEK are left alone', async () => {
      if (!rewrappable()) return;
      const [from, to, third] = [kek('kek-old'), kek('kek-new'), kek('kek-third')];
      await seed(ctx.store, from, 2);
      const kept = await seed(ctx.store, third, 2, 'T-');
      expect(await rewrapKeys({ store: ctx.store, from, to })).toEqual({
        rewrapped: 2,
        already: 0,
        skipped: 0,
        others: { 'kek-third': 2 },
        complete: true,
      });
      // An old KEK given with the wrong id re-wraps nothing, and says so: every key is counted as another's.
      expect(await rewrapKeys({ store: ctx.store, from: kek('kek-typo'), to: kek('kek-newer') })).toMatchObject({
        rewrapped: 0,
        others: { 'kek-new': 2, 'kek-third': 2 },
      });
      const keys = subjectKeys({ store: ctx.store, kek: third, cacheSize: 0 });
      for (const [id, key] of kept) expect(rawKey(await keys.get(id)).equals(key)).toBe(true);
    });

    test('at rest, the old wrappings are gone after the rotation (durable stores)', async () => {
      if (!rewrappable() || !ctx.durable) return;
      const [from, to] = [kek('kek-old'), kek('kek-new')];
      const raw = await seed(ctx.store, from, 4);
      const old = new Map<string, Buffer>();
      for (const id of raw.keys()) old.set(id, Buffer.from(((await ctx.store.fetch(id)) as WrappedKey).wrapped));
      await rewrapKeys({ store: ctx.store, from, to });
      const bytes = (await ctx.bytesAtRest()) as Buffer;
      for (const [id, wrapped] of old)
        expect(bytes.includes(wrapped), `the old wrapping of ${id} is at rest`).toBe(false);
      for (const id of raw.keys())
        expect(bytes.includes(Buffer.from(((await ctx.store.fetch(id)) as WrappedKey).wrapped))).toBe(true);
    });
  });
};
