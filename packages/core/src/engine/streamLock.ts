/** Runs `work` once every earlier work on `key` is done. */
export type StreamLock = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/**
 * Runs work for one key at a time, in arrival order, so commands on the same
 * complaint inside one engine never race each other; other engines still meet
 * at the store's version check.
 *
 * @example
 * const lock = streamLock();
 * await lock('C-1', () => appendOnce());
 */
export const streamLock = (): StreamLock => {
  const tails = new Map<string, Promise<void>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const before = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    tails.set(key, tail);
    await before;
    try {
      return await work();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
};
