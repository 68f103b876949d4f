import {
  cosigner,
  generateNoteKey,
  noteVerifier,
  openCheckpoint,
  verifyCosignature,
  cosignatureVerifier,
} from '@redress/core';
import { startTestWitness } from '@redress/testing';
import { expect, test } from 'vitest';
import { run } from './provableHistory';

test('docs/audit-trust.md: the checkpointer, delivery evidence, and what verify finds without a checkpoint', async () => {
  const log = generateNoteKey('complaints.example.com/log');
  const witnessKey = generateNoteKey('witness.example.org/w1');
  const witness = await startTestWitness({
    logs: [noteVerifier(log.verifierKey)],
    cosigner: cosigner(witnessKey.signerKey),
  });
  try {
    const shown = await run({ witnessUrl: witness.url, witnessKey: witnessKey.verifierKey, log });
    // The checkpointer's first checkpoint: signed, cosigned by the witness over HTTP.
    expect(openCheckpoint(shown.trusted, noteVerifier(log.verifierKey))).toMatchObject({
      size: 2,
      extensions: ['deliveries 0 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='],
    });
    expect(verifyCosignature(shown.trusted, cosignatureVerifier(witnessKey.verifierKey)).timestamp).toBeGreaterThan(0);
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
  } finally {
    await witness.close();
  }
});
