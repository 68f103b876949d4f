import { RedressError, inclusionProof, type InclusionProof } from '@redress/core';
import { logVerifier } from '../cli/keys';
import type { Source } from '../source/source';
import { readOptionFile } from '../verify/trustedCheck';

/** What a proof of one complaint is made from: the checkpoint file, the log's key to check it with (optional), and whether personal data may go in. */
export interface ProofOptions {
  readonly checkpoint: string;
  readonly publicKey?: string | undefined;
  readonly personalData?: boolean | undefined;
}

/**
 * The inclusion proof of complaint `id` in the tree of the checkpoint file,
 * from the source's events and Merkle tree (see core's `inclusionProof`). An
 * export has no tree to prove from (`VALIDATION`); a complaint with no events
 * is `NOT_FOUND`; a damaged event is `TAMPERED`.
 *
 * @example
 * const proof = await complaintProof(source, 'C-17', { checkpoint: 'checkpoint.txt' });
 */
export const complaintProof = async (source: Source, id: string, options: ProofOptions): Promise<InclusionProof> => {
  const verifier = options.publicKey === undefined ? undefined : logVerifier(options.publicKey, '--public-key');
  const note = readOptionFile(options.checkpoint, '--checkpoint').toString('utf8');
  const { merkle } = source.log();
  if (merkle === undefined) {
    throw new RedressError(
      'VALIDATION',
      `${source.label} keeps no Merkle tree (an export has none): prove from the store itself, with --store <file.db | postgres://…>`,
    );
  }
  const events: unknown[] = [];
  let found = false;
  for await (const stream of source.streams({ streamId: id })) {
    found = true;
    for (const raw of stream.events) {
      if (raw.corrupt !== undefined)
        throw new RedressError(
          'TAMPERED',
          `${id} at ${raw.where} ${raw.corrupt}; run \`redress verify --complaint ${id}\``,
          { streamId: id, where: raw.where },
        );
      events.push(raw.value);
    }
  }
  if (!found)
    throw new RedressError('NOT_FOUND', `No complaint ${id} in ${source.label}; check the id`, { complaintId: id });
  return inclusionProof({
    complaintId: id,
    events,
    checkpoint: note,
    merkle,
    ...(verifier === undefined ? {} : { verifier }),
    personalData: options.personalData === true,
  });
};

/** A word as a POSIX shell reads it back: single-quoted, unless it needs no quotes. */
const shellWord = (word: string): string =>
  /^[A-Za-z0-9_./+=:@-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;

/**
 * The one line that tells a reader how to check a proof without the log.
 *
 * @example
 * checkLine('C-17.proof.json', vkey); // "redress check-proof C-17.proof.json --public-key 'complaints.example.com/log+…'"
 */
export const checkLine = (file: string, publicKey: string | undefined): string =>
  `redress check-proof ${shellWord(file)} --public-key ${publicKey === undefined ? "'<the log’s public key>'" : shellWord(publicKey)}`;
