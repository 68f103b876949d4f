import { RedressError, isRedressError } from '@redress/core';
import type { Output } from '../cli/output';
import { EXIT } from '../cli/exitCodes';
import { progressBar } from '../progress/progressBar';
import type { Source } from '../source/source';
import { sharedScope } from '../verify/machineLegality';
import { verifyStream, type BadEvent } from '../verify/verifyStream';

/** What `redress verify` found. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly complaints: number;
  readonly events: number;
  readonly failures: readonly BadEvent[];
}

const line = (b: BadEvent) => `${b.streamId} v${b.version}${b.eventId === undefined ? '' : ` (event ${b.eventId}`}${b.eventId === undefined ? ` (${b.where})` : `, ${b.where})`}: ${b.reason}`;

/**
 * Check every complaint (or one): schemas, versions, hash chain, and legality by
 * replay through the XState machine. Exit 1 when anything is wrong.
 *
 * @example
 * const code = await verify(source, { complaint: 'C-17' }, out);
 */
export const verify = async (source: Source, options: { complaint?: string | undefined }, out: Output): Promise<number> => {
  const one = options.complaint;
  const total = one === undefined ? await source.count() : undefined;
  const bar = progressBar('verify', total);
  const scope = sharedScope();
  const failures: BadEvent[] = [];
  let complaints = 0;
  let events = 0;
  try {
    for await (const stream of source.streams(one === undefined ? {} : { streamId: one })) {
      complaints++;
      events += stream.events.length;
      bar.add(stream.events.length);
      const bad = await verifyStream(stream, scope);
      if (bad !== undefined) failures.push(bad);
    }
  } catch (error) {
    // A record too damaged to know its complaint (a corrupt export line) ends the walk.
    if (!isRedressError(error, 'TAMPERED')) throw error;
    const details = (error.details ?? {}) as { line?: number };
    failures.push({ streamId: '?', version: 0, eventId: undefined, where: details.line === undefined ? '' : `line ${details.line}`, reason: error.message });
  } finally {
    bar.done();
  }
  if (one !== undefined && complaints === 0) {
    throw new RedressError('NOT_FOUND', `No complaint ${one} in ${source.label}; check the id`, { complaintId: one });
  }
  const report: VerifyReport = { ok: failures.length === 0, complaints, events, failures };
  const text = report.ok
    ? `OK ${events} events in ${complaints} complaint${complaints === 1 ? '' : 's'}: schemas, versions, hash chains and every transition (replayed through the lifecycle machine) check out`
    : [`FAILED ${failures.length} of ${complaints} complaint${complaints === 1 ? '' : 's'} (${events} events read); first bad event of each:`, ...failures.map((b) => `  ${line(b)}`)].join('\n');
  out.result(text, report);
  return report.ok ? EXIT.ok : EXIT.verifyFailed;
};
