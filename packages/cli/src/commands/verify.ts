import { RedressError, type TrustedVerifyResult } from '@redress/core';
import type { Output } from '../cli/output';
import { EXIT } from '../cli/exitCodes';
import { parseWholeNumber } from '../cli/optionValues';
import { progressBar } from '../progress/progressBar';
import type { Source } from '../source/source';
import { sharedScope } from '../verify/machineLegality';
import { verifyStream, type BadEvent } from '../verify/verifyStream';
import { defaultThreads, verifyInThreads } from '../verify/verifyThreads';
import { trustedCheck, trustedLines } from '../verify/trustedCheck';
import { visibleText } from '../text/visibleText';
import { defineCommand } from '../cli/command';

/** Below this many events, starting threads costs more than it saves. */
const THREADS_FROM = 20_000;

/** The threads to verify with: `--workers N` when given, else the cores (at most four) for a large log. */
const threadsFor = (asked: string | undefined, total: number | undefined): number => {
  if (asked === undefined) return total !== undefined && total >= THREADS_FROM ? defaultThreads() : 1;
  const n = parseWholeNumber(asked);
  if (n === undefined || n < 1 || n > 64) {
    throw new RedressError(
      'VALIDATION',
      `--workers must be a whole number from 1 to 64 (1: this thread only), got "${asked}"`,
    );
  }
  return n;
};

/** What `redress verify` found; with `--trusted`, also what the check against the checkpoint found. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly complaints: number;
  readonly events: number;
  readonly failures: readonly BadEvent[];
  readonly trusted?: TrustedVerifyResult;
}

/** What `redress verify` takes. */
export interface VerifyOptions {
  readonly complaint?: string | undefined;
  readonly workers?: string | undefined;
  readonly trusted?: string | undefined;
  readonly 'public-key'?: string | undefined;
  readonly 'witness-key'?: readonly string[] | undefined;
}

/** The check against a trusted checkpoint that the options ask for, if any; options that only make sense with one are refused without it. */
const trustedOptions = (options: VerifyOptions): ReturnType<typeof trustedCheck> | undefined => {
  if (options.trusted === undefined) {
    const stray = (['public-key', 'witness-key'] as const).filter((o) => options[o] !== undefined);
    if (stray.length > 0)
      throw new RedressError(
        'VALIDATION',
        `${stray.map((o) => `--${o}`).join(' and ')} go with --trusted FILE, the checkpoint to check the log against`,
      );
    return undefined;
  }
  if (options.complaint !== undefined)
    throw new RedressError(
      'VALIDATION',
      '--trusted checks the whole log against the checkpoint; leave out --complaint',
    );
  return trustedCheck({
    trusted: options.trusted,
    publicKey: options['public-key'],
    witnessKeys: options['witness-key'] ?? [],
  });
};

const line = (b: BadEvent) =>
  `${b.streamId} v${b.version}${b.eventId === undefined ? '' : ` (event ${b.eventId}`}${b.eventId === undefined ? ` (${b.where})` : `, ${b.where})`}: ${b.reason}`;

/**
 * Check every complaint (or one): schemas, versions, hash chain, and legality by
 * replay through the XState machine. Exit 1 when anything is wrong. A large
 * SQLite log is checked on several threads (`workers`; 1: this thread only).
 *
 * @example
 * const code = await verify(source, { complaint: 'C-17' }, out);
 */
export const verify = async (source: Source, options: VerifyOptions, out: Output): Promise<number> => {
  const againstCheckpoint = trustedOptions(options);
  const one = options.complaint;
  const total = one === undefined ? await source.count() : undefined;
  const threads = threadsFor(options.workers, total);
  const bar = progressBar('verify', total);
  const failures: BadEvent[] = [];
  let complaints = 0;
  let events = 0;
  try {
    if (one === undefined && source.file !== undefined && threads > 1) {
      const tally = await verifyInThreads(source.file, threads, bar);
      complaints = tally.complaints;
      events = tally.events;
      failures.push(...tally.failures);
    } else {
      const scope = sharedScope();
      for await (const stream of source.streams(one === undefined ? {} : { streamId: one })) {
        complaints++;
        events += stream.events.length;
        bar.add(stream.events.length);
        const bad = await verifyStream(stream, scope);
        if (bad !== undefined) failures.push(bad);
      }
    }
  } finally {
    bar.done();
  }
  // Threads finish in any order; the report lists complaints in the store's order either way.
  failures.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  if (one !== undefined && complaints === 0) {
    throw new RedressError('NOT_FOUND', `No complaint ${one} in ${source.label}; check the id`, { complaintId: one });
  }
  const trusted = againstCheckpoint === undefined ? undefined : await againstCheckpoint(source);
  const report: VerifyReport = {
    ok: failures.length === 0 && (trusted?.ok ?? true),
    complaints,
    events,
    failures,
    ...(trusted === undefined ? {} : { trusted }),
  };
  const lines =
    failures.length === 0
      ? [
          `OK ${events} events in ${complaints} complaint${complaints === 1 ? '' : 's'}: schemas, versions, hash chains and every transition (replayed through the lifecycle machine) check out`,
        ]
      : [
          `FAILED ${failures.length} of ${complaints} complaint${complaints === 1 ? '' : 's'} (${events} events read); first bad event of each:`,
          ...failures.map((b) => `  ${visibleText(line(b))}`),
        ];
  out.result([...lines, ...(trusted === undefined ? [] : trustedLines(trusted))].join('\n'), report);
  return report.ok ? EXIT.ok : EXIT.verifyFailed;
};

/** `redress verify`: its command line, help and run. */
export const verifyCommand = defineCommand({
  name: 'verify',
  synopsis: 'verify [--complaint ID] [--workers N] [--trusted FILE --public-key KEY [--witness-key KEY]…]',
  summary: [
    'hash chains, event schemas and every transition',
    '(replayed through the lifecycle machine); exit 1 on a bad event;',
    'a large SQLite log is checked on N threads (default: cores, up to 4);',
    'with --trusted, also that the log extends that signed checkpoint, naming',
    "what was rewritten, deleted or reordered (KEY: the log's; --witness-key:",
    'a witness whose cosignature the checkpoint must carry)',
  ],
  options: {
    complaint: { type: 'string', short: 'c' },
    workers: { type: 'string' },
    trusted: { type: 'string' },
    'public-key': { type: 'string' },
    'witness-key': { type: 'string', multiple: true },
  },
  store: 'read',
  run: ({ source, values, out }) => verify(source, values, out),
});
