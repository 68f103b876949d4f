import { existsSync, statSync } from 'node:fs';
import { RedressError } from '@redress/core';
import { UNKNOWN_STREAM, groupStreams, type KeyedRecord } from './groupStreams';
import { damagedRaw, rawFrom, type RawEvent, type Source } from './source';
import { textLines, type TextLine } from './textLines';

/**
 * The longest line read as an event: 16 Mi characters. An event Redress writes
 * is at most some tens of kilobytes (free text holds up to 10,000 characters, a
 * list up to 50 items), so this leaves ample room for events of older schemas,
 * while a damaged file can neither fill memory nor reach JavaScript's longest
 * string (about 512 Mi characters, where readline fails).
 */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

/** A line that is no readable event, waiting for the next readable line to tell whose it is. */
interface DamagedLine {
  readonly raw: RawEvent;
  /** The streamId its text still shows, if any. */
  readonly named: string | undefined;
}

/** A readable line: the stream it names, and its version if it has one. */
interface Neighbour {
  readonly streamId: string;
  readonly version: number | undefined;
}

const streamIdOf = (value: unknown): string | undefined => {
  const id = (value as { streamId?: unknown } | null)?.streamId;
  return typeof id === 'string' ? id : undefined;
};

const versionOf = (value: unknown): number | undefined => {
  const version = (value as { version?: unknown } | null)?.version;
  return typeof version === 'number' ? version : undefined;
};

/** The streamId a damaged line's text still shows, if any. */
const namedIn = (text: string): string | undefined => /"streamId"\s*:\s*"([^"\\]{1,128})"/.exec(text)?.[1];

const damaged = (line: TextLine, raw: RawEvent | undefined): DamagedLine => {
  const where = `line ${line.n}`;
  if (raw === undefined) {
    return {
      raw: damagedRaw(
        where,
        `is too long to be an event (more than ${MAX_LINE_LENGTH.toLocaleString('en')} characters without a line break)`,
      ),
      named: namedIn(line.head),
    };
  }
  return { raw: damagedRaw(where, raw.corrupt ?? 'has no streamId'), named: namedIn(line.text ?? '') };
};

/**
 * Give each damaged line between two readable ones to the complaint it sits in:
 * the one around it when both neighbours are of the same complaint; else the
 * next complaint when that one's version says the lines before it are its own,
 * or whichever neighbour the line's own text names. A line that none of this
 * places stands alone (`UNKNOWN_STREAM`), reported by its number. Lines keep
 * their order, so each complaint's lines stay together.
 */
function* place(
  run: readonly DamagedLine[],
  before: string | undefined,
  after: Neighbour | undefined,
): Iterable<KeyedRecord> {
  let phase: 'before' | 'alone' | 'after' = 'before';
  for (const [i, line] of run.entries()) {
    if (before !== undefined && before === after?.streamId) {
      yield { streamId: before, raw: line.raw };
      continue;
    }
    const earlierEventsOfAfter = after !== undefined && (after.version ?? 1) - 1 >= run.length - i;
    if (after !== undefined && (phase === 'after' || earlierEventsOfAfter || line.named === after.streamId)) {
      phase = 'after';
      yield { streamId: after.streamId, raw: line.raw };
    } else if (phase === 'before' && before !== undefined && line.named === before) {
      yield { streamId: before, raw: line.raw };
    } else {
      phase = 'alone';
      const reason = `${line.raw.corrupt}; which complaint it belongs to cannot be told from the lines around it`;
      yield { streamId: UNKNOWN_STREAM, raw: damagedRaw(line.raw.where, reason) };
    }
  }
}

/**
 * An NDJSON export: one stored event per line, each complaint's events together
 * and in version order (what `redress export` writes). Read as a stream, so the
 * file may be larger than memory. A damaged line (not JSON, no streamId, or too
 * long) does not stop the reading: it becomes the damaged event of the complaint
 * it sits in, as a damaged row of a store does.
 *
 * @example
 * for await (const s of ndjsonSource('log.ndjson').streams()) console.log(s.streamId);
 */
export const ndjsonSource = (path: string): Source => {
  if (!existsSync(path)) throw new RedressError('STORE_UNAVAILABLE', `No such file: ${path}; check the path`, { path });
  if (statSync(path).isDirectory())
    throw new RedressError('STORE_UNAVAILABLE', `${path} is a directory; point at an .ndjson file`, { path });

  async function* records(): AsyncIterable<KeyedRecord> {
    let before: string | undefined;
    // Damaged lines since the last readable one: only their number and fault, never their text.
    let run: DamagedLine[] = [];
    for await (const line of textLines(path, MAX_LINE_LENGTH)) {
      if (line.text?.trim() === '') continue;
      const raw = line.text === undefined ? undefined : rawFrom(line.text, `line ${line.n}`);
      const streamId = streamIdOf(raw?.value);
      if (raw === undefined || streamId === undefined) {
        run.push(damaged(line, raw));
        continue;
      }
      if (run.length > 0) yield* place(run, before, { streamId, version: versionOf(raw.value) });
      run = [];
      before = streamId;
      yield { streamId, raw };
    }
    yield* place(run, before, undefined);
  }

  return {
    kind: 'ndjson',
    label: path,
    async count() {
      return undefined;
    },
    async *streams(filter = {}) {
      for await (const s of groupStreams(records(), path)) {
        if (filter.streamId === undefined || s.streamId === filter.streamId) yield s;
      }
    },
    log() {
      return {
        // An export lists each complaint's events together; its events in global order are
        // its lines sorted by the positions they carry (memory grows with the export).
        async *readAll() {
          const values: unknown[] = [];
          for await (const { raw } of records()) values.push(raw.value ?? {});
          const at = (v: unknown) => {
            const p = (v as { position?: unknown } | null)?.position;
            return typeof p === 'number' ? p : Number.MAX_SAFE_INTEGER;
          };
          yield* values.sort((a, b) => at(a) - at(b));
        },
        merkle: undefined,
      };
    },
    async outbox() {
      return undefined;
    },
    store: () => undefined,
    async close() {},
  };
};
