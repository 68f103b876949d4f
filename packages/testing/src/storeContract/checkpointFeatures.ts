import { describe, expect, test } from 'vitest';
import { expectRedressError, type storeContext } from './storeContext';

type Ctx = ReturnType<typeof storeContext>;

/** Named positions for subscribers. */
export const checkpointFeatures = (ctx: Ctx) => {
  describe('checkpoints', () => {
    test('an unknown checkpoint is null; set then get gives it back; set again moves it', async () => {
      expect(await ctx.store.checkpoints.get('projection:stats')).toBeNull();
      await ctx.store.checkpoints.set('projection:stats', 42);
      expect(await ctx.store.checkpoints.get('projection:stats')).toBe(42);
      await ctx.store.checkpoints.set('projection:stats', 97);
      expect(await ctx.store.checkpoints.get('projection:stats')).toBe(97);
    });

    test('checkpoints are independent by name, including non-ASCII names', async () => {
      await ctx.store.checkpoints.set('统计', 5);
      await ctx.store.checkpoints.set('notify', 0);
      expect(await ctx.store.checkpoints.get('统计')).toBe(5);
      expect(await ctx.store.checkpoints.get('notify')).toBe(0);
    });

    test.each([-1, 1.5, Number.NaN])('position %s is refused with VALIDATION and changes nothing', async (position) => {
      await ctx.store.checkpoints.set('p', 3);
      await expectRedressError(ctx.store.checkpoints.set('p', position), 'VALIDATION');
      expect(await ctx.store.checkpoints.get('p')).toBe(3);
    });
  });
};
