import { RedressError, isRedressError, type RecordedEvent, type StoredEvent } from '@redress/core';
import { EXIT } from '../cli/exitCodes';
import type { Output } from '../cli/output';
import { progressBar } from '../progress/progressBar';
import { ndjsonSource } from '../source/ndjsonSource';
import type { Source } from '../source/source';
import { sharedScope } from '../verify/machineLegality';
import { verifyStream } from '../verify/verifyStream';
import { defineCommand } from '../cli/command';

const withoutPosition = (e: StoredEvent): RecordedEvent => {
  const { position: _p, ...event } = e;
  return event;
};

/**
 * Load an NDJSON export into the store, streaming. First the whole file is
 * verified (schemas, hash chains, legality) and the store checked for clashes,
 * so a corrupt line or a complaint the store already holds stops the import
 * before anything is written; then each complaint is appended in one write,
 * byte for byte, so its hashes stay intact.
 *
 * @example
 * await importLog(target, 'backup.ndjson', output);
 */
export const importLog = async (target: Source, file: string, out: Output): Promise<number> => {
  const store = target.store();
  if (store === undefined)
    throw new RedressError(
      'VALIDATION',
      'Cannot import into an NDJSON file; point --store at a SQLite file or a postgres:// URL',
    );
  const input = ndjsonSource(file);
  const scope = sharedScope();

  const check = progressBar('import: verify', undefined);
  let complaints = 0;
  try {
    for await (const stream of input.streams()) {
      check.add(stream.events.length);
      const bad = await verifyStream(stream, scope);
      if (bad !== undefined) {
        throw new RedressError(
          'TAMPERED',
          `${file} ${bad.where}: ${bad.streamId} v${bad.version} ${bad.reason}; nothing was imported`,
          bad,
        );
      }
      for await (const _ of store.readStream(stream.streamId, { toVersion: 1 })) {
        throw new RedressError(
          'CONFLICT',
          `${target.label} already holds complaint ${stream.streamId}; nothing was imported. Import into an empty store`,
          {
            streamId: stream.streamId,
          },
        );
      }
      complaints++;
    }
  } finally {
    check.done();
  }

  const bar = progressBar('import: write', undefined);
  let events = 0;
  try {
    for await (const stream of input.streams()) {
      const batch = stream.events.map((raw) => withoutPosition(raw.value as StoredEvent));
      await store.append(stream.streamId, batch, { expectedVersion: 0 });
      events += batch.length;
      bar.add(batch.length);
    }
  } catch (error) {
    if (isRedressError(error))
      throw new RedressError(error.code, `Import stopped after ${events} events: ${error.message}`, error.details, {
        cause: error,
      });
    throw error;
  } finally {
    bar.done();
  }
  out.result(`Imported ${events} events of ${complaints} complaints into ${target.label}`, { events, complaints });
  return EXIT.ok;
};

/** `redress import`: its command line, help and run. */
export const importCommand = defineCommand({
  name: 'import',
  synopsis: 'import FILE',
  summary: ['load an NDJSON export into the --store (verified first)'],
  argument: 'file',
  options: {},
  store: 'create',
  run: ({ source, argument, out }) => importLog(source, argument, out),
});
