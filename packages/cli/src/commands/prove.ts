import { RedressError } from '@redress/core';
import { EXIT } from '../cli/exitCodes';
import { publicKeys } from '../cli/keys';
import { checkOutPath, writeOutFile } from '../cli/outFile';
import type { Output } from '../cli/output';
import { defineCommand } from '../cli/command';
import { checkLine, complaintProof } from '../proof/complaintProof';
import type { Source } from '../source/source';
import { safeJson, visibleText } from '../text/visibleText';

/** What `redress prove` takes. */
export interface ProveOptions {
  readonly checkpoint?: string | undefined;
  readonly 'public-key'?: string | undefined;
  readonly out?: string | undefined;
  readonly 'personal-data'?: boolean | undefined;
}

/**
 * Write the proof that complaint `id`'s events are in the tree of a signed
 * checkpoint: JSON that `redress check-proof` checks with the log's public key
 * alone. Personal data in clear is left out unless `--personal-data` is given.
 *
 * @example
 * await prove(source, 'C-17', { checkpoint: 'checkpoint.txt', out: 'C-17.proof.json' }, out);
 */
export const prove = async (source: Source, id: string, options: ProveOptions, out: Output): Promise<number> => {
  if (options.checkpoint === undefined)
    throw new RedressError(
      'VALIDATION',
      'prove needs --checkpoint FILE: a signed checkpoint of this log (the checkpointer writes them)',
      { option: 'checkpoint' },
    );
  if (options.out !== undefined) checkOutPath(options.out);
  const proof = await complaintProof(source, id, {
    checkpoint: options.checkpoint,
    publicKey: options['public-key'],
    personalData: options['personal-data'],
  });
  const body = `${safeJson(proof, 2)}\n`;
  const withheld = proof.events.filter((e) => e.withheld.length > 0).length;
  const key = options['public-key'] === undefined ? undefined : publicKeys(options['public-key'], '--public-key')[0];
  const summary = [
    `Proved ${proof.events.length} events of ${visibleText(id)} in the checkpoint's tree${proof.notCovered > 0 ? ` (${proof.notCovered} later ones need a newer checkpoint)` : ''}${withheld > 0 ? `; personal data withheld from ${withheld}` : ''}`,
    `Check it without the log: ${visibleText(checkLine(options.out ?? `${id}.proof.json`, key))}`,
  ].join('\n');
  if (options.out === undefined) {
    await out.write(body);
    out.note(summary);
  } else {
    writeOutFile(options.out, body);
    out.result(`${summary}\nWrote ${visibleText(options.out)}`, {
      complaintId: id,
      events: proof.events.length,
      notCovered: proof.notCovered,
      out: options.out,
    });
  }
  return EXIT.ok;
};

/** `redress prove`: its command line, help and run. */
export const proveCommand = defineCommand({
  name: 'prove',
  synopsis: 'prove ID --checkpoint FILE [--public-key KEY] [--out FILE] [--personal-data]',
  summary: [
    "JSON proof that the complaint's events are in the tree of that",
    'signed checkpoint, for check-proof; personal data left out unless asked',
  ],
  argument: 'complaint id',
  options: {
    checkpoint: { type: 'string' },
    'public-key': { type: 'string' },
    out: { type: 'string', short: 'o' },
    'personal-data': { type: 'boolean' },
  },
  store: 'read',
  run: ({ source, argument, values, out }) => prove(source, argument, values, out),
});
