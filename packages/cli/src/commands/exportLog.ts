import { RedressError } from '@redress/core';
import { EXIT } from '../cli/exitCodes';
import { partialFile } from '../cli/outFile';
import type { Output } from '../cli/output';
import { progressBar } from '../progress/progressBar';
import type { Source } from '../source/source';
import { safeJson } from '../text/visibleText';
import { defineCommand } from '../cli/command';
import { holdsClearPersonalData } from '../privacy/personalFields';

/**
 * Write every stored event as one JSON line, each complaint's events together
 * and in version order, exactly as stored (hashes intact). Streams: memory does
 * not grow with the log. With `--out`, the file appears only when complete.
 * Encrypted fields are exported as ciphertext; events with personal data in
 * clear (a log written without encryption) are exported as they are, and a
 * one-line note on stderr says how many there were.
 *
 * @example
 * await exportLog(source, { out: 'backup.ndjson' }, output);
 */
export const exportLog = async (
  source: Source,
  options: { out?: string | undefined },
  out: Output,
): Promise<number> => {
  const total = await source.count();
  // Opened before any event is read: a path that cannot be written is refused at once.
  const file = options.out === undefined ? undefined : await partialFile(options.out);
  const write = (chunk: string) => (file === undefined ? out.write(chunk) : file.write(chunk));
  const bar = progressBar('export', total);
  let events = 0;
  let complaints = 0;
  let inClear = 0;
  try {
    for await (const stream of source.streams()) {
      complaints++;
      let chunk = '';
      for (const raw of stream.events) {
        if (raw.corrupt !== undefined) {
          throw new RedressError(
            'TAMPERED',
            `${stream.streamId} at ${raw.where} ${raw.corrupt}; run \`redress verify\` and restore the store from a backup`,
            {
              streamId: stream.streamId,
            },
          );
        }
        // As stored, with controls and bidi characters as JSON escapes: the same value, safe on a terminal.
        // Never masked: an export moves the log with every hash intact (encrypted fields stay ciphertext).
        chunk += `${safeJson(raw.value)}\n`;
        if (holdsClearPersonalData(raw.value)) inClear++;
      }
      events += stream.events.length;
      bar.add(stream.events.length);
      await write(chunk);
    }
    await file?.commit();
  } catch (error) {
    await file?.discard();
    throw error;
  } finally {
    bar.done();
  }
  // One line on stderr, whatever else is printed: the export is not protected the way the store may be.
  const clear =
    inClear === 0
      ? undefined
      : `${inClear} of these events hold personal data in clear (written without encryption): keep the export as safe as the store, and delete it when done`;
  const where = options.out ?? 'stdout';
  if (options.out !== undefined) {
    out.result(`Exported ${events} events of ${complaints} complaints to ${where}`, {
      events,
      complaints,
      out: where,
      personalDataInClear: inClear,
    });
    if (clear !== undefined) out.note(`Note: ${clear}`);
  } else out.note(`Exported ${events} events of ${complaints} complaints${clear === undefined ? '' : `; ${clear}`}`);
  return EXIT.ok;
};

/** `redress export`: its command line, help and run. */
export const exportCommand = defineCommand({
  name: 'export',
  synopsis: 'export [--out FILE]',
  summary: [
    'NDJSON, one stored event per line, hashes intact: encrypted fields stay',
    'ciphertext; a note on stderr counts events with personal data in clear',
  ],
  options: { out: { type: 'string', short: 'o' } },
  store: 'read',
  run: ({ source, values, out }) => exportLog(source, values, out),
});
