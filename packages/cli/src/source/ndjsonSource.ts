import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { RedressError } from '@redress/core';
import { groupStreams, type KeyedRecord } from './groupStreams';
import { rawFrom, type Source } from './source';

const streamIdOf = (value: unknown): string | undefined => {
  const id = (value as { streamId?: unknown } | null)?.streamId;
  return typeof id === 'string' ? id : undefined;
};

/**
 * An NDJSON export: one stored event per line, each complaint's events together
 * and in version order (what `redress export` writes). Read as a stream, so the
 * file may be larger than memory.
 *
 * @example
 * for await (const s of ndjsonSource('log.ndjson').streams()) console.log(s.streamId);
 */
export const ndjsonSource = (path: string): Source => {
  if (!existsSync(path)) throw new RedressError('STORE_UNAVAILABLE', `No such file: ${path}; check the path`, { path });
  if (statSync(path).isDirectory()) throw new RedressError('STORE_UNAVAILABLE', `${path} is a directory; point at an .ndjson file`, { path });

  async function* records(): AsyncIterable<KeyedRecord> {
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      const raw = rawFrom(line, `line ${n}`);
      const streamId = streamIdOf(raw.value);
      if (streamId === undefined) {
        throw new RedressError(
          'TAMPERED',
          `${path} line ${n} ${raw.corrupt ?? 'has no streamId'}; the export is damaged, export it again from the store`,
          { path, line: n },
        );
      }
      yield { streamId, raw };
    }
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
    async outbox() {
      return undefined;
    },
    store: () => undefined,
    async close() {},
  };
};
