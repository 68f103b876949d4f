import { describe, expect, test } from 'vitest';
import { expectRedressError, type storeContext } from './storeContext';

type Ctx = ReturnType<typeof storeContext>;

const at = (ms: number) => new Date(Date.UTC(2026, 2, 1, 8) + ms);

/** Named leases: one holder at a time, renewals, expiry, release (skipped for a store without `leases`). */
export const leaseFeatures = (ctx: Ctx) => {
  describe('leases', () => {
    const leases = () => {
      const l = ctx.store.leases;
      if (l === undefined) throw new Error('The store has no leases');
      return l;
    };
    const skip = (run: () => Promise<void>) => async () => {
      if (ctx.store.leases === undefined) return;
      await run();
    };

    test(
      'a free lease is taken; another holder is refused while it runs; its holder renews it',
      skip(async () => {
        expect(await leases().acquire('publisher:a', { holder: 'p-1', now: at(0), ttlMs: 1000 })).toBe(true);
        expect(await leases().acquire('publisher:a', { holder: 'p-2', now: at(500), ttlMs: 1000 })).toBe(false);
        expect(await leases().acquire('publisher:a', { holder: 'p-1', now: at(900), ttlMs: 1000 })).toBe(true);
        // Renewed at 900 for 1000 ms: still held at 1500, where the first lease would have run out.
        expect(await leases().acquire('publisher:a', { holder: 'p-2', now: at(1500), ttlMs: 1000 })).toBe(false);
      }),
    );

    test(
      'a lease that ran out goes to the next holder, and the old holder is then refused',
      skip(async () => {
        expect(await leases().acquire('l', { holder: 'p-1', now: at(0), ttlMs: 1000 })).toBe(true);
        expect(await leases().acquire('l', { holder: 'p-2', now: at(1000), ttlMs: 1000 })).toBe(true);
        expect(await leases().acquire('l', { holder: 'p-1', now: at(1500), ttlMs: 1000 })).toBe(false);
      }),
    );

    test(
      'release frees the lease for another holder; a release by someone else changes nothing',
      skip(async () => {
        await leases().acquire('l', { holder: 'p-1', now: at(0), ttlMs: 60_000 });
        await leases().release('l', 'p-2');
        expect(await leases().acquire('l', { holder: 'p-2', now: at(1), ttlMs: 1000 })).toBe(false);
        await leases().release('l', 'p-1');
        expect(await leases().acquire('l', { holder: 'p-2', now: at(2), ttlMs: 1000 })).toBe(true);
      }),
    );

    test(
      'leases are independent by name',
      skip(async () => {
        expect(await leases().acquire('统计', { holder: 'p-1', now: at(0), ttlMs: 1000 })).toBe(true);
        expect(await leases().acquire('notify', { holder: 'p-2', now: at(0), ttlMs: 1000 })).toBe(true);
      }),
    );

    test(
      'of many holders racing for one free lease, exactly one gets it',
      skip(async () => {
        const got = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            leases().acquire('race', { holder: `p-${i}`, now: at(0), ttlMs: 60_000 }),
          ),
        );
        expect(got.filter(Boolean)).toHaveLength(1);
      }),
    );

    test.each([
      ['', { holder: 'p', now: at(0), ttlMs: 1 }],
      ['l', { holder: '', now: at(0), ttlMs: 1 }],
      ['l', { holder: 'p', now: new Date(Number.NaN), ttlMs: 1 }],
      ['l', { holder: 'p', now: at(0), ttlMs: 0 }],
      ['l', { holder: 'p', now: at(0), ttlMs: 1.5 }],
    ])('acquire(%j, %j) is refused with VALIDATION and takes nothing', async (name, options) => {
      if (ctx.store.leases === undefined) return;
      await expectRedressError(leases().acquire(name, options), 'VALIDATION');
      expect(await leases().acquire('l', { holder: 'other', now: at(0), ttlMs: 1000 })).toBe(true);
    });
  });
};
