import { randomUUID } from 'node:crypto';
import { RedressError } from '../errors/redressError';
import type { Leases } from '../store/eventStore';
import { storeCall } from '../store/storeCall';

/** One signer's turn: `sign` is run while the turn holds; `stillHeld` says, just before claiming, whether it does. */
export type SigningTurn = <T>(sign: (stillHeld: () => Promise<boolean>) => Promise<T>) => Promise<T | undefined>;

/**
 * Turns of signing across app instances, taken through the store's lease
 * `checkpointer:<origin>`: one signer at a time reads the tree and the delivery
 * records, signs and claims, so the next one starts from the checkpoint claimed
 * before it and reads at least as much. Without a lease two signers read side
 * by side, and one could claim a larger tree over fewer delivery records than a
 * smaller tree claimed a moment earlier: the records would seem to shrink
 * along the line of checkpoints. The lease is renewed every third of `leaseMs`
 * while a turn runs and given up after it; a turn whose lease was lost, or may
 * have run out (another signer may have had a turn since), claims nothing.
 * Without leases in the store every call is a turn.
 *
 * @example
 * const turn = signingTurns({ leases: store.leases, origin, clock: () => new Date() });
 * await turn(async (stillHeld) => ((await stillHeld()) ? claim() : undefined));
 */
export const signingTurns = (options: {
  readonly leases: Leases | undefined;
  readonly origin: string;
  readonly clock: () => Date;
  readonly leaseMs?: number | undefined;
  readonly holder?: string | undefined;
}): SigningTurn => {
  const { leases, origin, clock } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 3)
    throw new RedressError('VALIDATION', `checkpointer option leaseMs must be a whole number ≥ 3, got ${leaseMs}`, {
      option: 'leaseMs',
    });
  const holder = options.holder ?? `checkpointer-${randomUUID()}`;
  if (holder.length === 0)
    throw new RedressError('VALIDATION', 'checkpointer option holder must be a non-empty string', {
      option: 'holder',
    });
  if (leases === undefined) return (sign) => sign(async () => true);
  const name = `checkpointer:${origin}`;
  return async (sign) => {
    // Held while renewed before it ran out: once it may have run out, another signer may have had a turn.
    let until = 0;
    let lost = false;
    const acquire = async () => {
      const now = clock();
      if (until > 0 && now.getTime() >= until) return false;
      const held = await storeCall(() => leases.acquire(name, { holder, now, ttlMs: leaseMs }));
      if (held) until = now.getTime() + leaseMs;
      return held;
    };
    if (!(await acquire())) return undefined;
    const renew = setInterval(
      () => {
        acquire().then(
          (held) => (lost ||= !held),
          () => (lost = true),
        );
      },
      Math.floor(leaseMs / 3),
    );
    try {
      return await sign(async () => !lost && (await acquire()));
    } finally {
      clearInterval(renew);
      await storeCall(() => leases.release(name, holder)).catch(() => undefined);
    }
  };
};
