import { expect, test } from 'vitest';

test('docs/audit-trust.md: a checkpoint signed, cosigned and extended, the log verified against it, a complaint proven without the log', async () => {
  const { included, trusted, timestamp, second, result, proof, check } = (await import('./auditTrust')).shown;
  expect(included).toBe(true);
  expect(trusted).toMatchObject({ origin: 'complaints.example.com/log', size: 2 });
  expect(timestamp).toBeGreaterThan(1_700_000_000);
  expect(second.status).toBe(200);
  expect(result).toMatchObject({
    ok: true,
    events: 5,
    complaints: 2,
    agreedThrough: 2,
    findings: [],
    cosignatures: [{ witness: 'witness.example.org/w1' }],
  });
  expect(proof.events).toHaveLength(3);
  expect(JSON.stringify(proof)).not.toContain('王芳');
  expect(check).toMatchObject({ ok: true, failures: [] });
});
