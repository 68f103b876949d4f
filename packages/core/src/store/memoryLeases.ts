import type { Leases } from './eventStore';
import { checkLeaseArgs, checkReleaseArgs } from './leaseArgs';

/**
 * Leases in process memory, for the memory store: one map of name to holder
 * and end, each step atomic since nothing awaits inside it.
 *
 * @example
 * const leases = memoryLeases();
 * await leases.acquire('publisher:nats', { holder: 'p-1', now: new Date(), ttlMs: 30_000 }); // true
 */
export const memoryLeases = (): Leases => {
  const held = new Map<string, { holder: string; until: number }>();
  return {
    async acquire(name, options) {
      const until = checkLeaseArgs(name, options);
      const current = held.get(name);
      if (current !== undefined && current.holder !== options.holder && current.until > options.now.getTime())
        return false;
      held.set(name, { holder: options.holder, until });
      return true;
    },
    async release(name, holder) {
      checkReleaseArgs(name, holder);
      if (held.get(name)?.holder === holder) held.delete(name);
    },
  };
};
