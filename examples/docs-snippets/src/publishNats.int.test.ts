import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { sqliteStore } from '@redress/store-sqlite';
import { describe, expect, test } from 'vitest';
import { startProgram, workDir } from './program.testkit';

const NATS_URL = process.env.REDRESS_NATS_URL ?? 'nats://127.0.0.1:4222';
const unreachable = await connect({ servers: NATS_URL, timeout: 2000, reconnect: false }).then(
  async (nc) => void (await nc.close()),
  (e: unknown) => (e instanceof Error ? e.message : String(e)),
);
const skip = unreachable !== undefined && !process.env.CI;
if (skip)
  console.warn(`docs-snippets: skipping the publishing example: NATS at ${NATS_URL} is not reachable (${unreachable})`);

describe.skipIf(skip)('publishing to NATS', () => {
  test('docs/publishing.md: the example publishes the store to JetStream, personal data as ciphertext', async () => {
    const dir = workDir();
    const tenant = `docs-${process.pid}-${Date.now().toString(36)}`;
    const program = startProgram('publishNats', dir, { TENANT: tenant, NATS_URL });
    expect(await program.lines(1)).toEqual(['publishing']);
    const nc = await connect({ servers: NATS_URL });
    const jsm = await jetstreamManager(nc);
    try {
      const stream = `redress-${tenant}`;
      let messages = 0;
      for (let i = 0; i < 200 && messages < 2; i++) {
        await new Promise((r) => setTimeout(r, 50));
        messages = (await jsm.streams.info(stream).catch(() => undefined))?.state.messages ?? 0;
      }
      expect(messages).toBe(2);
      const first = await jsm.streams.getMessage(stream, { seq: 1 });
      expect(first?.subject).toBe(`redress.${tenant}.ComplaintReceived`);
      const text = new TextDecoder().decode(first?.data);
      expect(text).not.toContain('王芳');
      expect(text).not.toContain('Kettle leaks');
      program.child.kill('SIGTERM');
      expect(await program.exited).toBe(0);
      const store = sqliteStore({ path: join(dir, 'complaints.db') });
      expect(await store.checkpoints.get('publisher:nats')).toBe(2);
      await store.close();
      await jsm.streams.delete(stream);
    } finally {
      await nc.close();
    }
  });
});
