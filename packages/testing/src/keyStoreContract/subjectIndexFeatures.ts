import { ephemeralKek, subjectKeys, type PendingErasure, type SubjectIndex } from '@redress/core';
import { describe, expect, test } from 'vitest';
import type { keyStoreContext } from './keyStoreContext';

type Ctx = ReturnType<typeof keyStoreContext>;

const erasure = (subjectId: string, reason = 'ticket 1042'): PendingErasure => ({
  subjectId,
  basis: 'request',
  reason,
  actor: { id: 'dpo-1', role: 'privacy-officer' },
});

/** The subject index beside the keys (optional): links in order, erasures begun until destroy, the filled mark. */
export const subjectIndexFeatures = (ctx: Ctx) => {
  describe('the subject index (KeyStore.index, optional)', () => {
    const indexOf = (): SubjectIndex | undefined => ctx.store.index;

    test("links give each subject's complaints in the order first linked, in one write, repeats kept once", async () => {
      const index = indexOf();
      if (index === undefined) return;
      await index.link([
        { subjectId: 'S-1', complaintId: 'C-9' },
        { subjectId: 'S-2', complaintId: 'C-2' },
        { subjectId: 'S-1', complaintId: 'C-3' },
      ]);
      await index.link([
        { subjectId: 'S-1', complaintId: 'C-9' },
        { subjectId: 'S-1', complaintId: 'C-1' },
      ]);
      expect(await index.complaintsOf('S-1')).toEqual(['C-9', 'C-3', 'C-1']);
      expect(await index.complaintsOf('S-2')).toEqual(['C-2']);
      expect(await index.complaintsOf('S-404')).toEqual([]);
      // Another handle, as another process, sees the same.
      expect(await (await ctx.reopen()).index?.complaintsOf('S-1')).toEqual(['C-9', 'C-3', 'C-1']);
    });

    test('an erasure begun is pending until the subject is destroyed; none is begun on an erased subject', async () => {
      const index = indexOf();
      if (index === undefined) return;
      const keys = subjectKeys({ store: ctx.store, kek: ephemeralKek() });
      await keys.create('S-1');
      await index.beginErasure(erasure('S-1', 'first'));
      await index.beginErasure(erasure('S-1', 'second'));
      await index.beginErasure({ ...erasure('S-2'), basis: 'retention', at: '2031-01-01T00:00:00.000Z' });
      expect(await index.pendingErasures()).toEqual([
        erasure('S-1', 'second'),
        { ...erasure('S-2'), basis: 'retention', at: '2031-01-01T00:00:00.000Z' },
      ]);
      await keys.destroy('S-1');
      expect((await index.pendingErasures()).map((e) => e.subjectId)).toEqual(['S-2']);
      await index.beginErasure(erasure('S-1'));
      expect((await (await ctx.reopen()).index?.pendingErasures())?.map((e) => e.subjectId)).toEqual(['S-2']);
    });

    test('the filled mark is remembered', async () => {
      const index = indexOf();
      if (index === undefined) return;
      expect(await index.complete()).toBe(false);
      await index.markComplete();
      await index.markComplete();
      expect(await index.complete()).toBe(true);
      expect(await (await ctx.reopen()).index?.complete()).toBe(true);
    });
  });
};
