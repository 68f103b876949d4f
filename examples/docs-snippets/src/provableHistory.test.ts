import { cosignatureVerifier, noteVerifier, openCheckpoint, verifyCosignature } from '@redress/core';
import { expect, test } from 'vitest';

test('docs/audit-trust.md: the checkpointer, delivery evidence, and what verify finds without a checkpoint', async () => {
  const { shown } = await import('./provableHistory');
  // The checkpointer's first checkpoint: signed, cosigned by the witness over HTTP, covering no deliveries yet.
  expect(openCheckpoint(shown.trusted, noteVerifier(shown.logKey))).toMatchObject({
    size: 2,
    extensions: ['deliveries 0 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='],
  });
  expect(verifyCosignature(shown.trusted, cosignatureVerifier(shown.witnessKey)).timestamp).toBeGreaterThan(0);
  // The delivery record, covered by the next checkpoint; the outbox agrees with it.
  expect(shown.records).toMatchObject([{ seq: 1, outcome: 'delivered' }]);
  expect(shown.later?.extensions[0]).toMatch(/^deliveries 1 /);
  expect(shown.audit).toMatchObject({ ok: true, findings: [] });
  expect(shown.deliveryFindings).toEqual([]);
  // Without a checkpoint: an edit is refused and found; a rewrite re-hashed passes, and only the checkpoint catches it.
  expect(shown.refusedIsTampered).toBe(true);
  expect(shown.refused).toMatchObject({ details: { version: 1, failed: 'hash' } });
  expect(shown.found).toMatchObject({ ok: false, version: 1 });
  expect(shown.missed.ok).toBe(true);
  expect(shown.caught.ok).toBe(false);
  expect(shown.caught.findings[0]?.kind).toBe('rewritten');
});
