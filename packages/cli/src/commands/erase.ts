import { createEngine, RedressError, type EraseTarget } from '@redress/core';
import { defineCommand } from '../cli/command';
import { EXIT } from '../cli/exitCodes';
import type { Output } from '../cli/output';
import { UsageError } from '../cli/usageError';
import { keyStoreTarget } from '../privacy/keyStoreTarget';
import { DEFAULT_KEK_ENV, openKeyring } from '../privacy/revealOptions';
import type { Source } from '../source/source';
import { visibleText } from '../text/visibleText';
import { sharedScope } from '../verify/machineLegality';
import { verifyStream, type BadEvent } from '../verify/verifyStream';

const SYNOPSIS =
  'erase (ID | --subject SUBJECT) --actor ID --role ROLE --reason TEXT [--key-store FILE|postgres://…] [--key-schema NAME] [--kek-env NAME] [--kek-id ID]';

/** What `redress erase` takes. */
export interface EraseOptions {
  readonly subject?: string | undefined;
  readonly actor?: string | undefined;
  readonly role?: string | undefined;
  readonly reason?: string | undefined;
  readonly 'key-store'?: string | undefined;
  readonly 'key-schema'?: string | undefined;
  readonly 'kek-env'?: string | undefined;
  readonly 'kek-id'?: string | undefined;
}

/** What `redress erase` did, as `--json` prints it: ids only, never a personal value. */
export interface EraseReport {
  readonly ok: boolean;
  readonly subjectId: string;
  readonly complaints: readonly string[];
  /** How many `PersonalDataErased` events this run appended (0: each was recorded already). */
  readonly recorded: number;
  /** The erased complaints checked afterwards, as `redress verify` checks them. */
  readonly verified: { readonly ok: boolean; readonly events: number; readonly failures: readonly BadEvent[] };
}

/** Whom to erase, from the argument or `--subject` (exactly one). */
const targetOf = (argument: string, subject: string | undefined): EraseTarget => {
  if (argument !== '' && subject !== undefined)
    throw new UsageError(`erase takes a complaint id or --subject, not both: redress ${SYNOPSIS}`);
  if (argument !== '') return { complaintId: argument };
  if (subject !== undefined && subject !== '') return { subjectId: subject };
  throw new UsageError(
    `erase needs whose personal data to erase: a complaint id (its complainant's, in every complaint of theirs) or --subject SUBJECT: redress ${SYNOPSIS}`,
  );
};

/** The options erase cannot go without; each missing one named, with what to pass. */
const required = (options: EraseOptions) => {
  const missing = [
    options.actor === undefined || options.actor === '' ? '--actor ID (who erases, as recorded in the log)' : '',
    options.role === undefined || options.role === ''
      ? '--role ROLE (the role erasing, privacy-officer or supervisor by default)'
      : '',
    options.reason === undefined || options.reason === ''
      ? '--reason TEXT (why, stored in clear: a ticket number or a legal ground, never personal data)'
      : '',
  ].filter((m) => m !== '');
  if (missing.length > 0) throw new UsageError(`erase needs ${missing.join(', ')}: redress ${SYNOPSIS}`);
  return { actor: options.actor as string, role: options.role as string, reason: options.reason as string };
};

/**
 * Erase a data subject's personal data: record `PersonalDataErased` on each of
 * their complaints, then destroy their data key in the key store, so the
 * ciphertext left in the log can never be read again. The hash chains are
 * untouched: the erased complaints are verified afterwards. It prints ids only.
 * The engine refuses a role its privacy policy does not allow (`FORBIDDEN`), and
 * a complaint written in plain text, which no key can erase (`CONFLICT`).
 *
 * @example
 * await erase(source, 'C-17', { actor: 'dpo-1', role: 'privacy-officer', reason: 'Art. 17 request #4411' }, out, process.env);
 */
export const erase = async (
  source: Source,
  argument: string,
  options: EraseOptions,
  out: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> => {
  const target = targetOf(argument, options.subject);
  const { actor, role, reason } = required(options);
  const store = source.store();
  if (store === undefined)
    throw new RedressError(
      'VALIDATION',
      `${source.label} is an export, which erase cannot write to: erase in the store itself (a SQLite file or postgres://…), then export again`,
      { option: '--store' },
    );
  const keyStore = keyStoreTarget(options['key-store'], options['key-schema'], source);
  if (keyStore === undefined)
    throw new RedressError(
      'VALIDATION',
      `erase destroys a data key in the log's key store, and ${source.kind === 'sqlite' ? `there is no key file beside ${source.label}` : 'none was named'}: give it with --key-store FILE or --key-store postgres://…`,
      { option: '--key-store' },
    );
  const keys = await openKeyring(
    keyStore,
    { variable: options['kek-env'] ?? DEFAULT_KEK_ENV, id: options['kek-id'] },
    env,
    'erase',
  );
  let result: Awaited<ReturnType<ReturnType<typeof createEngine>['erase']>>;
  try {
    // Before anything is written: a key-encryption key that is not the keys' one is refused here.
    if ('subjectId' in target) await keys.get(target.subjectId);
    const engine = createEngine({ store, privacy: { keys } });
    result = await engine.erase(target, { id: actor, role }, reason);
  } finally {
    await keys.close();
  }
  const scope = sharedScope();
  const failures: BadEvent[] = [];
  let events = 0;
  for (const complaintId of result.complaints)
    for await (const stream of source.streams({ streamId: complaintId })) {
      events += stream.events.length;
      const bad = await verifyStream(stream, scope);
      if (bad !== undefined) failures.push(bad);
    }
  const report: EraseReport = {
    ok: failures.length === 0,
    subjectId: result.subjectId,
    complaints: result.complaints,
    recorded: result.events.length,
    verified: { ok: failures.length === 0, events, failures },
  };
  const n = result.complaints.length;
  const ids = result.complaints.map(visibleText).join(', ');
  const lines = [
    `Erased the personal data of subject ${visibleText(result.subjectId)} in ${n} complaint${n === 1 ? '' : 's'}: ${ids}`,
    result.events.length === n
      ? `  recorded PersonalDataErased on each and destroyed the data key in ${visibleText(keyStore.label)}`
      : `  recorded PersonalDataErased on ${result.events.length} (the others had it already) and destroyed the data key in ${visibleText(keyStore.label)}`,
    failures.length === 0
      ? `Verified: OK ${events} events in ${n} complaint${n === 1 ? '' : 's'}; their hash chains are unchanged`
      : `Verified: FAILED ${failures.length} of ${n} complaints; first bad event of each:\n${failures.map((b) => `  ${visibleText(`${b.streamId} v${b.version}: ${b.reason}`)}`).join('\n')}`,
  ];
  out.result(lines.join('\n'), report);
  return report.ok ? EXIT.ok : EXIT.verifyFailed;
};

/** `redress erase`: its command line, help and run. */
export const eraseCommand = defineCommand({
  name: 'erase',
  synopsis: SYNOPSIS,
  summary: [
    "a data subject's personal data, for good: records",
    'PersonalDataErased on each of their complaints and destroys their data key',
    '(in --key-store: a key file, default the .keys file beside a SQLite store, or',
    'a PostgreSQL key table postgres://…?schema=S or --key-schema S, opened with',
    'the key-encryption key in $REDRESS_KEK or the variable --kek-env names,',
    'with the id --kek-id gives when the app gave it one of its own);',
    'then verifies those complaints. Prints ids only. ROLE: one the privacy',
    'policy lets erase (privacy-officer, supervisor)',
  ],
  argument: 'complaint id',
  argumentOptional: true,
  options: {
    subject: { type: 'string' },
    actor: { type: 'string' },
    role: { type: 'string' },
    reason: { type: 'string' },
    'key-store': { type: 'string' },
    'key-schema': { type: 'string' },
    'kek-env': { type: 'string' },
    'kek-id': { type: 'string' },
  },
  store: 'read',
  run: ({ source, argument, values, out, env }) => erase(source, argument, values, out, env),
});
