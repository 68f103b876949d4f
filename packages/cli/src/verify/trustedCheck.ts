import { readFileSync } from 'node:fs';
import { RedressError, verifyTrusted, type TrustedVerifyResult } from '@redress/core';
import { logVerifier, witnessVerifiers } from '../cli/keys';
import type { Source } from '../source/source';
import { visibleText } from '../text/visibleText';

/** What `verify --trusted` is given. */
export interface TrustedOptions {
  readonly trusted: string;
  readonly publicKey: string | undefined;
  readonly witnessKeys: readonly string[];
}

/**
 * A file's bytes for an option, or a `VALIDATION` error naming it.
 *
 * @example
 * const note = readOptionFile('checkpoint.txt', '--trusted');
 */
export const readOptionFile = (path: string, option: string): Buffer => {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new RedressError(
      'VALIDATION',
      `${option} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path`,
      { option, path },
    );
  }
};

const short = (hash: string) => `${hash.slice(0, 16)}…`;
const when = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The lines `verify --trusted` prints for a result; every value from the store or the files is escaped. */
export const trustedLines = (r: TrustedVerifyResult): string[] => {
  const at = `${visibleText(r.checkpoint.origin)} at ${r.checkpoint.size} events (root ${short(r.checkpoint.rootHash)})`;
  const cosigned = r.cosignatures.map((c) => `cosigned by ${visibleText(c.witness)} at ${when(c.timestamp)}`);
  if (r.ok) {
    const since = r.events - r.checkpoint.size;
    return [
      `OK the log extends the trusted checkpoint ${at}: its first ${r.checkpoint.size} events, each hashed again from its content, give the signed root; ${since === 0 ? 'none appended since' : `${since} appended since, each hash and chain checked`}${cosigned.length === 0 ? '' : `; ${cosigned.join(', ')}`}`,
      ...r.notes.map((n) => `  note: ${visibleText(n)}`),
    ];
  }
  return [
    `FAILED against the trusted checkpoint ${at}: ${r.findings.length + r.omitted} finding${r.findings.length + r.omitted === 1 ? '' : 's'}`,
    ...r.findings.map((f) => `  ${f.kind}: ${visibleText(f.message)}`),
    ...(r.omitted > 0 ? [`  … and ${r.omitted} more of the same kinds`] : []),
    ...r.notes.map((n) => `  note: ${visibleText(n)}`),
  ];
};

/**
 * The check of the source's whole log against a trusted checkpoint (see core's
 * `verifyTrusted`): the checkpoint file must be signed by `--public-key`, and
 * cosigned by each `--witness-key`. The keys and the file are read at once, so
 * a wrong one is refused before any event is read.
 *
 * @example
 * const check = trustedCheck({ trusted: 'checkpoint.txt', publicKey: vkey, witnessKeys: [] });
 * const result = await check(source);
 */
export const trustedCheck = (options: TrustedOptions): ((source: Source) => Promise<TrustedVerifyResult>) => {
  const verifier = logVerifier(options.publicKey, '--public-key');
  const witnesses = witnessVerifiers(options.witnessKeys, '--witness-key');
  const checkpoint = readOptionFile(options.trusted, '--trusted');
  return (source) => verifyTrusted({ store: source.log(), checkpoint, verifier, witnesses });
};
