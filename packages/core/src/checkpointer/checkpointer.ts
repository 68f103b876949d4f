import { signCheckpoint, type Checkpoint } from '../checkpoint/checkpoint';
import type { NoteSigner } from '../checkpoint/noteKeys';
import { shownText } from '../checkpoint/shownText';
import { RedressError } from '../errors/redressError';
import { verifyConsistency } from '../merkle/verifyProofs';
import type { EventStore, Leases, Outbox } from '../store/eventStore';
import { storeCall } from '../store/storeCall';
import type { PublishedCheckpoint } from './checkpointTable';
import { deliveriesLine, deliveriesOf, deliveriesTree } from './deliveryEvidence';
import type { CheckpointSink, SignedCheckpoint, SinkContext } from './sink';
import { signingTurns } from './signingTurn';

/**
 * What `checkpointer` takes: the store whose Merkle tree it signs, the log's
 * signing key (given by the app, never kept in the event database), when to
 * sign, and where the checkpoints go.
 *
 * @example
 * const options: CheckpointerOptions = { store, signer: noteSigner(key), every: { events: 1000, seconds: 60 }, sinks: [directorySink({ path: 'checkpoints' })] };
 */
export interface CheckpointerOptions {
  /**
   * The store: its Merkle tree is signed and, when its outbox keeps delivery
   * records (`outbox.deliveries`), the checkpoint covers them too (a
   * `deliveries` extension line). When it has leases (every Redress store
   * does), signers of one origin take turns through the lease
   * `checkpointer:<origin>`, so that app instances signing one log never
   * claim a larger tree over fewer delivery records.
   */
  readonly store: Pick<EventStore, 'merkle'> & {
    readonly outbox?: Pick<Outbox, 'deliveries'>;
    readonly leases?: Leases | undefined;
  };
  readonly signer: NoteSigner;
  /** The log's origin line; default the signer's key name (C2SP tlog-checkpoint says they match). */
  readonly origin?: string;
  /** Sign once this many events were appended since the last checkpoint, or this many seconds passed (with events appended). */
  readonly every: { readonly events?: number; readonly seconds?: number };
  readonly sinks: readonly CheckpointSink[];
  /** The time, for `seconds` and the lease; default the system clock. */
  readonly clock?: () => Date;
  /** How long a signer's turn holds the lease unless renewed (every third of it while it signs). Default 30 s. */
  readonly leaseMs?: number;
  /** This signer in the lease. Default `checkpointer-<random UUID>`. */
  readonly holder?: string;
}

/**
 * One checkpoint signed and handed to the sinks: the checkpoint (its note as
 * the last sink left it, cosignatures included), whether this signer's note is
 * the one kept (false: another signer had claimed that size first, with the
 * same tree, and its note was published), and each sink's outcome.
 *
 * @example
 * const run = await cp.checkpoint();
 * for (const s of run?.sinks ?? []) if (!s.ok) console.error(s.name, s.error);
 */
export interface CheckpointRun {
  readonly checkpoint: SignedCheckpoint;
  readonly claimed: boolean;
  readonly sinks: readonly { readonly name: string; readonly ok: boolean; readonly error?: unknown }[];
}

/** What `checkpointer` returns. */
export interface Checkpointer {
  /**
   * Sign the store's tree now, if it grew since the last checkpoint (or none was published yet), and publish it;
   * undefined when there was nothing new, or another app instance's signer has its turn now.
   */
  checkpoint(): Promise<CheckpointRun | undefined>;
  /** Sign and publish if `every` says one is due. */
  tick(): Promise<CheckpointRun | undefined>;
  /** Tick every `pollMs` (default 1000) until `stop()`; errors go to `onError`, the next tick tries again. */
  start(options?: { readonly pollMs?: number; readonly onError?: (error: unknown) => void }): void;
  stop(): Promise<void>;
  /** The last checkpoint this signer published or continued from. */
  readonly last: PublishedCheckpoint | undefined;
}

const wholeAtLeast1 = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

const checkOptions = (options: CheckpointerOptions) => {
  const { every } = options;
  if (
    typeof every !== 'object' ||
    every === null ||
    (every.events === undefined && every.seconds === undefined) ||
    (every.events !== undefined && !wholeAtLeast1(every.events)) ||
    (every.seconds !== undefined && !(typeof every.seconds === 'number' && every.seconds > 0))
  )
    throw new RedressError(
      'VALIDATION',
      'checkpointer needs every: { events?, seconds? }, at least one of them: events a whole number ≥ 1, seconds a number > 0',
      { option: 'every' },
    );
  if (!Array.isArray(options.sinks) || options.sinks.length === 0)
    throw new RedressError(
      'VALIDATION',
      'checkpointer needs sinks: at least one place for its checkpoints (directorySink, witnessSink, storeSink)',
      { option: 'sinks' },
    );
  if (options.store?.merkle === undefined)
    throw new RedressError(
      'VALIDATION',
      "checkpointer needs a store that keeps the log's Merkle tree (store.merkle); every Redress store does",
      { option: 'store' },
    );
  return { merkle: options.store.merkle, origin: options.origin ?? options.signer.name };
};

/**
 * A checkpointer: signs the store's Merkle tree root as a C2SP tlog-checkpoint
 * every N events or T seconds and hands it to its sinks. It never signs a tree
 * that does not extend the last checkpoint published (its own, or the latest a
 * sink holds): a store that lost events, or whose tree was rebuilt over
 * rewritten events, is refused with `TAMPERED` and nothing is signed. Sinks
 * that can `claim` (the store's table) are asked first: with several app
 * instances signing one log, the table keeps the first checkpoint of each
 * size, and a signer whose tree of that size differs publishes nothing.
 * Signers of one log take turns through the store's lease
 * `checkpointer:<origin>`: each reads the tree and the delivery records
 * after the checkpoint claimed before it, so along the checkpoints ordered by
 * size the records covered never shrink.
 *
 * @example
 * const cp = checkpointer({ store, signer: noteSigner(process.env.LOG_KEY!), every: { events: 1000, seconds: 300 },
 *   sinks: [storeSink(store), directorySink({ path: '/var/lib/complaints/checkpoints' }), witnessSink({ url })] });
 * cp.start({ onError: console.error });
 */
export const checkpointer = (options: CheckpointerOptions): Checkpointer => {
  const { merkle, origin } = checkOptions(options);
  const { signer, sinks, every } = options;
  const clock = options.clock ?? (() => new Date());
  let last: (PublishedCheckpoint & Checkpoint) | undefined;
  const outbox = options.store.outbox;
  let lastAt = clock().getTime();
  let running: Promise<CheckpointRun | undefined> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let turning: Promise<void> | undefined;
  const context: SinkContext = { consistencyProof: (m, n) => storeCall(() => merkle.consistencyProof(m, n)) };

  /** The latest checkpoint published, by this signer or (as a sink holds it) by another. */
  const previous = async (): Promise<Checkpoint | undefined> => {
    let latest: Checkpoint | undefined = last;
    for (const sink of sinks) {
      const held = await sink.latest?.(origin);
      if (held !== undefined && (latest === undefined || held.size > latest.size)) latest = held;
    }
    return latest;
  };

  const refuse = (size: number, why: string) =>
    new RedressError(
      'TAMPERED',
      `Refusing to sign the tree of ${size} events of ${shownText(origin)}: ${why}. Nothing was signed; run \`redress verify --trusted\` against the last checkpoint`,
      { origin, size },
    );

  /** The `deliveries` line: the records' tree, which must extend the one the last checkpoint covered. */
  const deliveryLines = async (before: Checkpoint | undefined, size: number): Promise<string[]> => {
    if (outbox?.deliveries === undefined) return [];
    const tree = deliveriesTree(
      await storeCall(() => (outbox.deliveries as () => ReturnType<NonNullable<Outbox['deliveries']>>)()),
    );
    const covered = before === undefined ? undefined : deliveriesOf(before.extensions);
    if (covered !== undefined && (tree.size < covered.size || tree.root(covered.size) !== covered.rootHash))
      throw refuse(
        size,
        `the store's delivery records do not extend the ${covered.size} the last checkpoint covered: records were deleted or changed`,
      );
    return [deliveriesLine(tree.size, tree.root(tree.size))];
  };

  const turn = signingTurns({
    leases: options.store.leases,
    origin,
    clock,
    leaseMs: options.leaseMs,
    holder: options.holder,
  });

  const signInTurn = async (stillHeld: () => Promise<boolean>): Promise<CheckpointRun | undefined> => {
    const before = await previous();
    const size = await storeCall(() => merkle.size());
    if (before !== undefined && size === before.size) {
      // Nothing new to sign, unless this signer's tree of that size is another one: then the log forked.
      if ((await storeCall(() => merkle.root(size))) !== before.rootHash)
        throw refuse(
          size,
          'the last checkpoint published has that size and another root: another signer published a different tree of as many events',
        );
      return undefined;
    }
    if (before !== undefined && size < before.size)
      throw refuse(size, `the last checkpoint published has ${before.size}, so events it covers were deleted`);
    const rootHash = await storeCall(() => merkle.root(size));
    if (before !== undefined) {
      const proof = await context.consistencyProof(before.size, size);
      if (
        !verifyConsistency({ oldSize: before.size, oldRoot: before.rootHash, newSize: size, newRoot: rootHash, proof })
      )
        throw refuse(
          size,
          `it does not extend the last checkpoint published (size ${before.size}): history was rewritten`,
        );
    }
    const extensions = await deliveryLines(before, size);
    const mine = signCheckpoint({ origin, size, rootHash, extensions }, signer);
    let checkpoint: SignedCheckpoint = { origin, size, rootHash, extensions, note: mine };
    // Another signer's turn may have begun if this one's lease ran out: it read after this one, so it claims.
    if (!(await stillHeld())) return undefined;
    // Every claim before any publishing: a claim refused stops this checkpoint everywhere.
    let claimed = true;
    for (const sink of sinks) {
      if (sink.claim === undefined) continue;
      const note = await sink.claim(checkpoint);
      claimed &&= note === mine;
      checkpoint = { ...checkpoint, note };
    }
    const outcomes: { name: string; ok: boolean; error?: unknown }[] = [];
    for (const sink of sinks) {
      try {
        const note = await sink.publish(checkpoint, context);
        if (note !== undefined) checkpoint = { ...checkpoint, note };
        outcomes.push({ name: sink.name, ok: true });
      } catch (error) {
        outcomes.push({ name: sink.name, ok: false, error });
      }
    }
    for (const sink of sinks) {
      if (sink.settle === undefined) continue;
      try {
        await sink.settle(checkpoint);
      } catch (error) {
        const outcome = outcomes.find((o) => o.name === sink.name);
        if (outcome?.ok) Object.assign(outcome, { ok: false, error });
      }
    }
    last = { origin, size, rootHash, extensions, note: checkpoint.note };
    lastAt = clock().getTime();
    return { checkpoint, claimed, sinks: outcomes };
  };

  // One checkpoint at a time in this process; across processes, one signer's turn at a time and the sinks' claims.
  const checkpoint = () => {
    running ??= turn(signInTurn).finally(() => {
      running = undefined;
    });
    return running;
  };

  const due = async (): Promise<boolean> => {
    const size = await storeCall(() => merkle.size());
    const grown = size - (last?.size ?? 0);
    if (last === undefined && size > 0) return true;
    if (every.events !== undefined && grown >= every.events) return true;
    return every.seconds !== undefined && grown > 0 && clock().getTime() - lastAt >= every.seconds * 1000;
  };

  return {
    checkpoint,
    async tick() {
      return (await due()) ? checkpoint() : undefined;
    },
    start({ pollMs = 1000, onError } = {}) {
      if (timer !== undefined) return;
      // A turn never overlaps the one before: `stop()` waits for the one in flight, and none starts after it.
      const turn = () => {
        if (turning !== undefined) return;
        turning = (async () => {
          if (running === undefined && (await due())) await checkpoint();
        })()
          .catch((e: unknown) => onError?.(e))
          .finally(() => {
            turning = undefined;
          });
      };
      timer = setInterval(turn, pollMs);
      turn();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await turning;
      await running?.catch(() => undefined);
    },
    get last() {
      return last;
    },
  };
};
