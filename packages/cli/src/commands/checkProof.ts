import { RedressError, checkProof, type ProofCheck } from '@redress/core';
import { EXIT } from '../cli/exitCodes';
import { logVerifier, witnessVerifiers } from '../cli/keys';
import type { Output } from '../cli/output';
import { defineCommand } from '../cli/command';
import { readOptionFile } from '../verify/trustedCheck';
import { visibleText } from '../text/visibleText';

/** What `redress check-proof` takes. */
export interface CheckProofOptions {
  readonly 'public-key'?: string | undefined;
  readonly 'witness-key'?: readonly string[] | undefined;
}

const CONTENT: Record<ProofCheck['events'][number]['content'], string> = {
  checked: 'content hashed again: it gives this hash',
  withheld: 'personal data withheld: the hash is proven, the content shown is not',
  changed: 'content does NOT give this hash',
};

/** The report for people: a verdict, then a line an event; every value from the file escaped. */
const report = (check: ProofCheck): string => {
  const cp = check.checkpoint;
  const head = check.ok
    ? `OK ${visibleText(check.complaintId)}: ${check.events.length} events proven in the tree of ${visibleText(cp?.origin ?? '')} at ${cp?.size} events, signed by its key${check.cosignatures.map((c) => `, cosigned by ${visibleText(c.witness)}`).join('')}`
    : `FAILED ${visibleText(check.complaintId)}: the proof does not check out`;
  const rows = check.events.map(
    (e) =>
      `  ${`v${e.version ?? '?'}`.padEnd(5)}${visibleText(e.type ?? '?').padEnd(24)}leaf ${String(e.leafIndex ?? '?').padEnd(8)}${e.included ? 'in the tree' : 'NOT in the tree'}; ${CONTENT[e.content]}`,
  );
  return [
    head,
    ...check.failures.map((f) => `  ${visibleText(f)}`),
    ...rows,
    ...(check.notCovered > 0
      ? [`  ${check.notCovered} later event(s) of the complaint are not covered by this checkpoint`]
      : []),
    '  A proof shows these events are in the log; that the complaint has no others it cannot show.',
  ].join('\n');
};

/**
 * Check an inclusion proof written by `redress prove`, without the log: the
 * checkpoint's signature by the log's key (and each witness's cosignature),
 * each event's inclusion, its content where it is all there, the chain links.
 * Exit 1 when any of that fails; a file that is no proof is refused (exit 6).
 *
 * @example
 * const code = await checkProofFile('C-17.proof.json', { 'public-key': vkey }, out);
 */
export const checkProofFile = async (file: string, options: CheckProofOptions, out: Output): Promise<number> => {
  const verifier = logVerifier(options['public-key'], '--public-key');
  const witnesses = witnessVerifiers(options['witness-key'] ?? [], '--witness-key');
  let proof: unknown;
  try {
    proof = JSON.parse(readOptionFile(file, 'check-proof').toString('utf8'));
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new RedressError(
        'VALIDATION',
        `${file} is not JSON (${error.message}); give a file written by \`redress prove\``,
        { path: file },
      );
    throw error;
  }
  const check = checkProof(proof, { verifier, witnesses });
  out.result(report(check), check);
  return check.ok ? EXIT.ok : EXIT.verifyFailed;
};

/** `redress check-proof`: its command line, help and run. */
export const checkProofCommand = defineCommand({
  name: 'check-proof',
  synopsis: 'check-proof FILE --public-key KEY [--witness-key KEY]…',
  summary: [
    'check a proof from prove without the log: the signature, each',
    "event's inclusion and content; exit 1 when it does not check out",
  ],
  argument: 'file',
  options: { 'public-key': { type: 'string' }, 'witness-key': { type: 'string', multiple: true } },
  store: 'none',
  run: ({ argument, values, out }) => checkProofFile(argument, values, out),
});
