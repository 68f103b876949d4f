import { connect } from '@nats-io/transport-node';
import { describe, expect, test } from 'vitest';

/** The server the integration tests use: JetStream on. */
export const NATS_URL = process.env.REDRESS_NATS_URL ?? 'nats://127.0.0.1:4222';

const probe = async (): Promise<string | undefined> => {
  try {
    const nc = await connect({ servers: NATS_URL, timeout: 2000, reconnect: false });
    await nc.close();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

/** Why the server cannot be reached, or undefined when it answers. */
export const natsUnreachable = await probe();

/**
 * A describe block that needs NATS. When the server cannot be reached it is skipped with a printed
 * reason, except under CI, where it fails.
 */
export const describeNats = (name: string, body: () => void): void => {
  const skip = natsUnreachable !== undefined && !process.env.CI;
  if (skip)
    console.warn(
      `publish-nats: skipping "${name}": NATS at ${NATS_URL} is not reachable (${natsUnreachable}). Start nats-server -js there or set REDRESS_NATS_URL (with CI set they fail instead).`,
    );
  describe.skipIf(skip)(name, () => {
    test('NATS answers at REDRESS_NATS_URL', () => {
      expect(natsUnreachable, `NATS at ${NATS_URL} is not reachable; start it or set REDRESS_NATS_URL`).toBeUndefined();
    });
    if (natsUnreachable === undefined) body();
  });
};
