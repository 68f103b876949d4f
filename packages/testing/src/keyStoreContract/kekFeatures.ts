import { ephemeralKek, isRedressError, secretKek, subjectKeys, type KeyStore, type WrappedKey } from '@redress/core';
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { rawKey, type keyStoreContext } from './keyStoreContext';

type Ctx = ReturnType<typeof keyStoreContext>;

const failure = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    expect(isRedressError(error), `expected a RedressError, got ${String(error)}`).toBe(true);
    return error as Error & { code: string; details: unknown };
  }
  throw new Error('expected the key to be refused, but it was handed out');
};

/** Key material in every form a message could leak it in. */
const forms = (bytes: Uint8Array) => {
  const b = Buffer.from(bytes);
  return [b.toString('hex'), b.toString('base64'), b.toString('base64url'), [...b].join(',')];
};

const noKeyMaterialIn = (error: Error & { details: unknown }, ...secrets: Uint8Array[]) => {
  const text = `${error.message} ${JSON.stringify(error.details)} ${String(error.stack)}`;
  for (const secret of secrets)
    for (const form of forms(secret)) expect(text.includes(form), 'the error shows key material').toBe(false);
};

const wrappedOf = async (store: KeyStore, subjectId: string) => (await store.fetch(subjectId)) as WrappedKey;

/** Keys read with the wrong key-encryption key fail clearly, and never leak what they protect. */
export const kekFeatures = (ctx: Ctx) => {
  describe('the key-encryption key', () => {
    test('a keyring with another key-encryption key is refused with VALIDATION naming both ids', async () => {
      const written = secretKek(randomBytes(32));
      const key = await subjectKeys({ store: ctx.store, kek: written }).create('S-1');
      const other = secretKek(randomBytes(32));
      const error = await failure(subjectKeys({ store: await ctx.reopen(), kek: other }).get('S-1'));
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toContain(written.id);
      expect(error.message).toContain(other.id);
      noKeyMaterialIn(error, rawKey(key), (await wrappedOf(ctx.store, 'S-1')).wrapped);
      // Refusing to read is all it does: the key is still there for the right key-encryption key.
      expect(
        rawKey(await subjectKeys({ store: ctx.store, kek: written, cacheSize: 0 }).get('S-1')).equals(rawKey(key)),
      ).toBe(true);
    });

    test('the same id with another secret is TAMPERED for get and for create, and changes nothing', async () => {
      const secret = randomBytes(32);
      const key = await subjectKeys({ store: ctx.store, kek: secretKek(secret, { id: 'prod-kek' }) }).create('S-1');
      const wrong = subjectKeys({
        store: ctx.store,
        kek: secretKek(randomBytes(32), { id: 'prod-kek' }),
        cacheSize: 0,
      });
      const onGet = await failure(wrong.get('S-1'));
      expect(onGet.code).toBe('TAMPERED');
      expect(onGet.message).toContain('S-1');
      noKeyMaterialIn(onGet, rawKey(key), secret, (await wrappedOf(ctx.store, 'S-1')).wrapped);
      expect((await failure(wrong.create('S-1'))).code).toBe('TAMPERED');
      const right = subjectKeys({ store: ctx.store, kek: secretKek(secret, { id: 'prod-kek' }), cacheSize: 0 });
      expect(rawKey(await right.get('S-1')).equals(rawKey(key))).toBe(true);
    });

    test('a wrapped key moved to another subject does not unwrap there', async () => {
      const kek = ephemeralKek();
      await subjectKeys({ store: ctx.store, kek }).create('S-1');
      await ctx.store.insert('S-2', await wrappedOf(ctx.store, 'S-1'));
      expect((await failure(subjectKeys({ store: ctx.store, kek }).get('S-2'))).code).toBe('TAMPERED');
    });
  });
};
