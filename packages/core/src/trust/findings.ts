/**
 * What `verifyTrusted` can find, each named for what was done to the log:
 *
 * - `rewritten`: events the trusted checkpoint covers were changed and re-hashed
 *   (or replaced): each hash and chain checks out, the checkpoint's root does not.
 * - `deleted`: events the checkpoint covers are gone (a complaint deleted whole
 *   or cut short).
 * - `reordered`: a complaint's events come out of version order in the log's
 *   global order (positions swapped).
 * - `edited`: an event's content no longer gives its hash (changed in place).
 * - `chain`: an event's `prevHash` is not the hash of the event before it.
 * - `gap`: a complaint's versions skip one: events were taken out of it.
 * - `malformed`: a record that is not an event (no stream, version or hashes).
 * - `tree`: the store's own Merkle tree does not match its events, or does not
 *   prove that they extend the checkpoint.
 * - `unreadable`: the store refused to read on (its own check failed).
 * - `delivery`: an outbox message marked delivered (or dead) without a
 *   delivery record saying so, a delivery whose row no longer says so, or
 *   records the checkpoint covers that were deleted or changed.
 *
 * @example
 * const kinds: TrustedFindingKind[] = result.findings.map((f) => f.kind); // ['rewritten', 'tree']
 */
export type TrustedFindingKind =
  | 'rewritten'
  | 'deleted'
  | 'reordered'
  | 'edited'
  | 'chain'
  | 'gap'
  | 'malformed'
  | 'tree'
  | 'unreadable'
  | 'delivery';

/**
 * One thing `verifyTrusted` found wrong, with the event it concerns when it
 * concerns one. `message` names stream ids as stored: escape it before printing.
 *
 * @example
 * for (const f of result.findings) console.log(`${f.kind}: ${f.message}`);
 */
export interface TrustedFinding {
  readonly kind: TrustedFindingKind;
  readonly message: string;
  readonly streamId?: string;
  readonly version?: number;
  readonly position?: number;
}

/**
 * An event as `verifyTrusted` names it: its complaint, version and global position.
 *
 * @example
 * const at: EventName = { streamId: 'C-2', version: 6, position: 26 };
 */
export interface EventName {
  readonly streamId: string;
  readonly version: number;
  readonly position: number | undefined;
}

/**
 * An event named for a message: `C-2 v6 at position 26`.
 *
 * @example
 * nameOf({ streamId: 'C-2', version: 6, position: 26 }); // 'C-2 v6 at position 26'
 */
export const nameOf = (e: EventName): string =>
  `${e.streamId} v${e.version}${e.position === undefined ? '' : ` at position ${e.position}`}`;

/**
 * A finding about one event, with its place.
 *
 * @example
 * finding('edited', at, `${nameOf(at)}: its content no longer gives its hash`);
 */
export const finding = (kind: TrustedFindingKind, at: EventName | undefined, message: string): TrustedFinding =>
  at === undefined
    ? { kind, message }
    : {
        kind,
        message,
        streamId: at.streamId,
        version: at.version,
        ...(at.position === undefined ? {} : { position: at.position }),
      };

/**
 * At most this many findings of one kind are listed; the rest are counted in `omitted`.
 *
 * @example
 * result.findings.filter((f) => f.kind === 'rewritten').length <= MAX_FINDINGS_PER_KIND; // always
 */
export const MAX_FINDINGS_PER_KIND = 20;

/**
 * Findings as they are found, at most `MAX_FINDINGS_PER_KIND` of a kind (a log
 * re-hashed from its first event would otherwise give one per event), with a
 * count of those left out.
 *
 * @example
 * const found = findingList(); found.add(f); found.list(); found.omitted;
 */
export const findingList = () => {
  const kept: TrustedFinding[] = [];
  const perKind = new Map<TrustedFindingKind, number>();
  let omitted = 0;
  return {
    add(f: TrustedFinding): void {
      const n = perKind.get(f.kind) ?? 0;
      perKind.set(f.kind, n + 1);
      if (n < MAX_FINDINGS_PER_KIND) kept.push(f);
      else omitted++;
    },
    has: (kind: TrustedFindingKind): boolean => perKind.has(kind),
    list: (): readonly TrustedFinding[] => kept,
    get omitted(): number {
      return omitted;
    },
  };
};

/**
 * Findings collected by `findingList`.
 *
 * @example
 * const found: FindingList = findingList();
 */
export type FindingList = ReturnType<typeof findingList>;
