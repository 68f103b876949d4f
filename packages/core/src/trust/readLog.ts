import { GENESIS_HASH, hashEvent } from '../audit/hashChain';
import type { RecordedEvent } from '../domain/envelope';
import { isRedressError } from '../errors/redressError';
import { compactTree, type CompactTree } from '../merkle/compactTree';
import { isRecord } from '../store/optionChecks';
import { finding, nameOf, type EventName, type FindingList } from './findings';

/** Where a stream stands while the log is read: its highest version so far, that event's hash and position, and how many events it had. */
interface StreamState {
  hi: number;
  hash: string;
  position: number | undefined;
  count: number;
  /** The first place its versions jumped forward: a gap, unless the versions skipped arrive later. */
  jump: { from: number; to: number } | undefined;
}

/**
 * What reading the whole log gave: the tree recomputed from the events' hashes,
 * how many complaints it holds, and what event each leaf is.
 *
 * @example
 * const log = await readLog(store.readAll(), found);
 * log.tree.root(trusted.size);
 */
export interface ReadLog {
  readonly tree: CompactTree;
  readonly streams: number;
  /** The event at leaf `index` (its place in the order read), or undefined past the end or for a record that is not an event. */
  eventAt(index: number): EventName | undefined;
  /** Positions of events found out of their complaint's version order. */
  readonly moved: ReadonlySet<number>;
}

const eventName = (r: Record<string, unknown>, position: number | undefined): EventName | undefined => {
  const { streamId, version } = r;
  if (typeof streamId !== 'string' || typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1)
    return undefined;
  if (typeof r.prevHash !== 'string' || typeof r.hash !== 'string') return undefined;
  return { streamId, version, position };
};

/** The hash the content gives, or undefined when it cannot be encoded (then it is not the hash stored). */
const contentHash = (r: Record<string, unknown>): string | undefined => {
  try {
    return hashEvent(r as unknown as RecordedEvent);
  } catch (error) {
    if (isRedressError(error)) return undefined;
    throw error;
  }
};

/**
 * Read the log in its global order and check what the events themselves say,
 * trusting nothing the store computed: each event's hash is recomputed from
 * its content, each complaint's chain is followed in the order read, and the
 * tree is rebuilt from the hashes. Anything wrong goes into `found`. A store
 * that refuses to read on (its own check failed) is an `unreadable` finding;
 * a store that cannot be reached is thrown.
 *
 * @example
 * const found = findingList();
 * const log = await readLog(store.readAll(), found);
 */
export const readLog = async (events: AsyncIterable<unknown>, found: FindingList): Promise<ReadLog> => {
  const tree = compactTree();
  const streams = new Map<string, StreamState>();
  const streamIds: string[] = [];
  const streamIndex = new Map<string, number>();
  const leafStream: number[] = [];
  const leafVersion: number[] = [];
  const leafPosition: (number | undefined)[] = [];
  const moved = new Set<number>();

  const check = (raw: unknown): void => {
    const r = isRecord(raw) ? raw : {};
    const hash = typeof r.hash === 'string' ? r.hash : '';
    tree.add(hash);
    const position = typeof r.position === 'number' ? r.position : undefined;
    leafPosition.push(position);
    const at = eventName(r, position);
    if (at === undefined) {
      leafStream.push(-1);
      leafVersion.push(0);
      const where = position === undefined ? `Record ${tree.size} of the log` : `The record at position ${position}`;
      found.add(
        finding(
          'malformed',
          undefined,
          `${where} is not an event: it lacks a stream id, a version, its prevHash or its hash`,
        ),
      );
      return;
    }
    let index = streamIndex.get(at.streamId);
    if (index === undefined) {
      index = streamIds.push(at.streamId) - 1;
      streamIndex.set(at.streamId, index);
    }
    leafStream.push(index);
    leafVersion.push(at.version);
    if (contentHash(r) !== hash)
      found.add(
        finding(
          'edited',
          at,
          `${nameOf(at)}: its content no longer gives its hash, so it was changed in place after it was written`,
        ),
      );
    const s = streams.get(at.streamId) ?? { hi: 0, hash: GENESIS_HASH, position: undefined, count: 0, jump: undefined };
    streams.set(at.streamId, s);
    s.count++;
    if (at.version <= s.hi) {
      const before = nameOf({ streamId: at.streamId, version: s.hi, position: s.position });
      found.add(
        finding(
          'reordered',
          at,
          `${nameOf(at)} comes after ${before} in the log's global order: the events' positions were swapped or moved`,
        ),
      );
      if (position !== undefined) moved.add(position);
      if (s.position !== undefined) moved.add(s.position);
      return;
    }
    if (at.version === s.hi + 1) {
      if (r.prevHash !== s.hash) {
        found.add(
          finding(
            'chain',
            at,
            `${nameOf(at)}: its prevHash is not the hash of ${at.version === 1 ? 'a stream start' : `v${s.hi}`}, so the chain breaks there`,
          ),
        );
      }
    } else {
      s.jump ??= { from: s.hi, to: at.version };
    }
    s.hi = at.version;
    s.hash = hash;
    s.position = position;
  };

  let read = 0;
  try {
    for await (const raw of events) {
      check(raw);
      read++;
    }
  } catch (error) {
    if (!isRedressError(error) || error.code === 'STORE_UNAVAILABLE') throw error;
    found.add(finding('unreadable', undefined, `The store stopped reading after ${read} events: ${error.message}`));
  }

  for (const [streamId, s] of streams) {
    if (s.count >= s.hi || s.jump === undefined) continue;
    const missing = s.hi - s.count;
    const where = s.jump.from === 0 ? `before v${s.jump.to}` : `after v${s.jump.from}`;
    found.add(
      finding(
        'gap',
        { streamId, version: s.jump.to, position: undefined },
        `${streamId} has ${s.count} events but its versions reach v${s.hi}: ${missing === 1 ? 'one of its events is' : `${missing} of its events are`} gone, the first ${where}`,
      ),
    );
  }

  return {
    tree,
    streams: streams.size,
    moved,
    eventAt(index) {
      const stream = streamIds[leafStream[index] ?? -1];
      if (stream === undefined) return undefined;
      return { streamId: stream, version: leafVersion[index] as number, position: leafPosition[index] };
    },
  };
};
