import type { RecordedEvent } from '../domain/envelope';
import { RedressError } from '../errors/redressError';
import { GENESIS_HASH, hashEvent, hashOfStoredText } from './hashChain';

/**
 * Stamps a private field on an object (a base class constructor that returns
 * the object it is given makes a subclass's fields land on that object): the
 * mark of events whose stored form was hashed while they were read, and gave
 * their hash. A store's row reader hashes the row's text (canonical JSON
 * hashes without re-encoding anything) before it lifts old schema versions, so
 * the chain check need not encode the event again, and could not once
 * upcasters changed its data. Like a `WeakSet`, the mark is the object's alone:
 * a copy (spread, `structuredClone`, JSON) does not carry it, and nothing but
 * this module can read or set it; unlike one, it costs a property's add, not a
 * hash table's insert and the collector's work on its entries, for every event read.
 */
class Returns {
  constructor(o: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the point: fields of subclasses land on `o`.
    return o;
  }
}
class HashedMark extends Returns {
  readonly #hashed = true;
  static add(o: object): void {
    if (#hashed in o) return;
    if (Object.isExtensible(o)) new HashedMark(o);
    else frozenHashed.add(o);
  }
  static has(o: object): boolean {
    return #hashed in o || frozenHashed.has(o);
  }
}
/** Objects that take no new fields (frozen ones), marked the other way. */
const frozenHashed = new WeakSet<object>();
const hashedOnRead = { add: HashedMark.add, has: HashedMark.has };

/**
 * Hash a stored event as read: its stored text when that is canonical JSON
 * (`hashOfStoredText`), else the parsed body re-encoded. When it gives the
 * event's hash, `event` (what the read hands out) is remembered as checked.
 * Called by the store-kit's row reader; a hash that does not match leaves the
 * event unmarked, and the chain check then names it.
 *
 * @example
 * hashOnRead(body, JSON.parse(body), event);
 */
export const hashOnRead = (text: string, raw: Record<string, unknown>, event: object): void => {
  const { prevHash, hash } = raw;
  if (typeof prevHash !== 'string' || typeof hash !== 'string') return;
  const fromText = hashOfStoredText(text, prevHash, hash);
  if ((fromText ?? hashEvent(raw as unknown as RecordedEvent)) === hash) hashedOnRead.add(event);
};

/**
 * Whether the read that handed out `event` hashed its stored form and found
 * its hash (see `hashOnRead`): its content as stored gives `event.hash`, even
 * if upcasters lifted its data since.
 *
 * @example
 * if (!hashedWhenRead(e) && hashEvent(e) !== e.hash) report(e);
 */
export const hashedWhenRead = (event: object): boolean => hashedOnRead.has(event);

/**
 * An event made from a stored one, such as its decrypted form, counts as
 * hashed when the stored one gives its hash: the chain covers what is stored,
 * so a read that opens events checks each as stored, then hands out the opened
 * one. A stored event that does not give its hash leaves `opened` unmarked, and
 * the chain check names it.
 *
 * @example
 * const opened = await decrypt(stored);
 * openedFrom(stored, opened);
 */
export const openedFrom = (stored: RecordedEvent, opened: object): void => {
  if (hashedOnRead.has(stored) || hashEvent(stored) === stored.hash) hashedOnRead.add(opened);
};

/**
 * What broke a complaint's chain at an event: `hash` — its content no longer
 * gives its hash (changed in place); `prevHash` — it does not link to the
 * hash of the event before it (an event changed, re-hashed, or taken out);
 * `version` — its version is not the one after the event before it.
 *
 * @example
 * if (isRedressError(e, 'TAMPERED') && e.details?.failed === 'hash') console.log('changed in place');
 */
export type ChainFault = 'hash' | 'prevHash' | 'version';

const WHY: Record<ChainFault, (e: RecordedEvent, prevHash: string, version: number) => string> = {
  hash: () => 'its content no longer gives its hash: it was changed after it was written',
  prevHash: (e, prevHash) =>
    `its prevHash ${e.prevHash.slice(0, 12)}… is not the hash ${prevHash.slice(0, 12)}… of ${e.version === 1 ? 'a stream start' : `v${e.version - 1}`}: an event before it was changed, re-hashed or taken out`,
  version: (e, _, version) =>
    `it has version ${e.version} where ${version} was expected: events were taken out or moved`,
};

/** The error naming where and how the chain broke. */
const broken = (e: RecordedEvent & { position?: number }, fault: ChainFault, prevHash: string, version: number) =>
  new RedressError(
    'TAMPERED',
    `Stored event ${e.streamId} v${e.version}${e.position === undefined ? '' : ` (position ${e.position})`}: ${WHY[fault](e, prevHash, version)}; the store does not hold what Redress wrote. Nothing was appended; run engine.verify or \`redress verify --trusted\` to see the damage, and restore the store from a backup`,
    {
      streamId: e.streamId,
      version: e.version,
      ...(e.position === undefined ? {} : { position: e.position }),
      failed: fault,
    },
  );

/**
 * The check every read that folds a complaint makes: each event's version is
 * the next one, its `prevHash` is the hash of the event before it, and its
 * content gives its hash (unless the read already hashed its stored form).
 * A break is `TAMPERED`, naming the stream, version and position and, in
 * `details.failed`, what failed. Start it where the read starts: after the
 * version and hash of the complaint as already folded, or at the stream's start.
 *
 * @example
 * const chain = chainChecker(cached?.version ?? 0, cached?.lastHash);
 * for await (const e of store.readStream(id, { fromVersion })) { chain.check(e); fold(e); }
 */
export const chainChecker = (version = 0, lastHash: string = GENESIS_HASH) => {
  const at = { version, hash: lastHash };
  return {
    check(e: RecordedEvent): void {
      checkLink(e, at);
    },
  };
};

/** Where a chain stands: the version and hash of the last event it took. */
interface ChainEnd {
  version: number;
  hash: string;
}

/** The check of `chainChecker`: `e` continues the chain at `end`, which then moves to `e`. */
const checkLink = (e: RecordedEvent, end: ChainEnd): void => {
  const fault: ChainFault | undefined =
    e.version !== end.version + 1
      ? 'version'
      : e.prevHash !== end.hash
        ? 'prevHash'
        : !hashedOnRead.has(e) && hashEvent(e) !== e.hash
          ? 'hash'
          : undefined;
  if (fault !== undefined) throw broken(e, fault, end.hash, end.version + 1);
  end.hash = e.hash;
  end.version = e.version;
};

/**
 * The chain check of a read across complaints (the global order): one chain
 * per stream, each continued from where the read last saw it. A stream first
 * met past its first version (a read that starts after position 0) is
 * continued from the event before it as the store holds it, given to `start`
 * (whose own hash is checked too), or else from the event itself, whose own
 * hash is still checked.
 *
 * @example
 * const chains = chainsChecker();
 * for (const e of batch) {
 *   if (chains.needsStart(e)) chains.start(e, await eventBefore(store, e));
 *   chains.check(e);
 * }
 */
export const chainsChecker = () => {
  // Each stream's end is moved in place: a read across complaints checks every event here.
  const last = new Map<string, ChainEnd>();
  /** Check `e` from a new end (the stream is not yet in `last`), and keep that end. */
  const begin = (e: RecordedEvent, version: number, hash: string) => {
    const end = { version, hash };
    checkLink(e, end);
    last.set(e.streamId, end);
  };
  return {
    /** Whether `e` is the first event of its stream this read meets, and not the stream's first. */
    needsStart: (e: RecordedEvent): boolean => e.version > 1 && !last.has(e.streamId),
    /**
     * Start `e`'s stream from `before`, the event before `e` as the store holds
     * it; `undefined` (the store has none) breaks the chain at `e`.
     */
    start(e: RecordedEvent, before: RecordedEvent | undefined): void {
      if (last.has(e.streamId)) return;
      if (before === undefined) checkLink(e, { version: 0, hash: GENESIS_HASH });
      else begin(before, before.version - 1, before.prevHash);
    },
    check(e: RecordedEvent): void {
      const seen = last.get(e.streamId);
      if (seen !== undefined) checkLink(e, seen);
      else if (e.version === 1) begin(e, 0, GENESIS_HASH);
      else begin(e, e.version - 1, e.prevHash);
    },
  };
};
