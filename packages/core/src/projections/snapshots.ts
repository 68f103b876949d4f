/** A saved projection state and the global position it includes. */
export interface Snapshot {
  readonly position: number;
  readonly state: unknown;
}

/**
 * Where projection runners keep their state between runs. Apps with durable read
 * models implement it over a file, a table or a key-value store; the runner only
 * trusts a snapshot whose position equals the store's checkpoint.
 */
export interface SnapshotStore {
  load(name: string): Promise<Snapshot | undefined>;
  save(name: string, snapshot: Snapshot): Promise<void>;
}

/**
 * Snapshots in process memory (kept as JSON text, so nothing is shared by reference).
 *
 * @example
 * const snapshots = memorySnapshots();
 * projectionRunner({ store, projection: complaintListProjection(), snapshots });
 */
export const memorySnapshots = (): SnapshotStore & { readonly names: string[] } => {
  const saved = new Map<string, string>();
  return {
    get names() {
      return [...saved.keys()];
    },
    async load(name) {
      const text = saved.get(name);
      return text === undefined ? undefined : (JSON.parse(text) as Snapshot);
    },
    async save(name, snapshot) {
      saved.set(name, JSON.stringify(snapshot));
    },
  };
};
