/**
 * A bounded cache of recently used entries: at most `max` entries, each for at
 * most `ttlMs` after it was put. Least recently used entries go first.
 * Insertion order of a `Map` keeps the order of use.
 */
export const keyCache = <V>(max: number, ttlMs: number, now: () => number) => {
  const entries = new Map<string, { value: V; until: number }>();
  return {
    get(key: string): V | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      if (entry.until <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key: string, value: V): void {
      if (max === 0) return;
      entries.delete(key);
      entries.set(key, { value, until: now() + ttlMs });
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    delete(key: string): void {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
};
