import { RedressError } from '@redress/core';
import type { RawEvent, RawStream } from './source';

/** A record with the stream it says it belongs to. */
export interface KeyedRecord {
  readonly streamId: string;
  readonly raw: RawEvent;
}

/**
 * The stream of records whose complaint cannot be told (a damaged export line
 * between two complaints). Each run of them is a group of its own, wherever it sits.
 */
export const UNKNOWN_STREAM = '?';

/**
 * Turn records sorted by stream into one `RawStream` per stream. Sources sort by
 * (stream, version), so only one stream is held in memory at a time.
 */
export async function* groupStreams(
  records: AsyncIterable<KeyedRecord> | Iterable<KeyedRecord>,
  source: string,
): AsyncIterable<RawStream> {
  let current: { streamId: string; events: RawEvent[] } | undefined;
  const seen = new Set<string>();
  for await (const { streamId, raw } of records) {
    if (current?.streamId !== streamId) {
      if (current !== undefined) yield current;
      if (seen.has(streamId) && streamId !== UNKNOWN_STREAM) {
        throw new RedressError(
          'VALIDATION',
          `${source}: the events of ${streamId} are not together (again at ${raw.where}); export with \`redress export\`, which writes each complaint's events together`,
          { streamId, where: raw.where },
        );
      }
      seen.add(streamId);
      current = { streamId, events: [] };
    }
    current.events.push(raw);
  }
  if (current !== undefined) yield current;
}
