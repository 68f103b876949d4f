import { RedressError, parseCheckpoint, parseSignedNote } from '@redress/core';
import { buildAudit } from '../audit/timeline';
import { renderHtml, type EmbeddedProof } from '../audit/renderHtml';
import { renderText } from '../audit/renderText';
import { EXIT } from '../cli/exitCodes';
import { checkOutPath, writeOutFile } from '../cli/outFile';
import type { Output } from '../cli/output';
import type { Source } from '../source/source';
import { safeJson, visibleText } from '../text/visibleText';
import { loadComplaint } from './loadComplaint';
import { publicKeys } from '../cli/keys';
import { checkLine, complaintProof } from '../proof/complaintProof';
import { defineCommand } from '../cli/command';
import { openLens, REVEAL_OPTIONS, REVEALED_NOTICE, type RevealValues } from '../privacy/revealOptions';
import { withoutCiphertext } from '../privacy/personalFields';

const FORMATS = ['text', 'json', 'html'] as const;

/**
 * The audit of one complaint: who did what and when, time per stage, deadlines
 * met or missed, notifications sent. `--format html` writes one self-contained page.
 * It holds no personal data, unless `--reveal` asks for it (with the keys of an
 * encrypted log): then it says so at its top.
 *
 * @example
 * await audit(source, 'C-17', { format: 'html', out: 'C-17.html' }, out);
 */
export const audit = async (
  source: Source,
  id: string,
  options: {
    format?: string | undefined;
    out?: string | undefined;
    checkpoint?: string | undefined;
    'public-key'?: string | undefined;
  } & RevealValues,
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> => {
  const format = options.format ?? (out.json ? 'json' : 'text');
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new RedressError('VALIDATION', `--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
  if (options.out !== undefined) checkOutPath(options.out);
  const { lens, close } = openLens(options, env, source);
  let loaded: Awaited<ReturnType<typeof loadComplaint>>;
  try {
    loaded = await loadComplaint(source, id, undefined, lens);
  } finally {
    await close();
  }
  const { events, states, shown, hiddenValues } = loaded;
  const proof =
    options.checkpoint === undefined
      ? undefined
      : await embeddedProof(source, id, options.checkpoint, options['public-key']);
  const now = new Date();
  const report = buildAudit(events, states, await source.outbox(id), now, {
    shown,
    hiddenValues,
    revealed: lens.reveal,
  });
  const body =
    format === 'html'
      ? renderHtml(report, now, proof)
      : format === 'json'
        ? `${safeJson({ ...(lens.reveal ? { notice: REVEALED_NOTICE } : {}), ...report, ...(proof === undefined ? {} : { proof: JSON.parse(proof.json) as unknown }) }, 2)}\n`
        : `${renderText(report)}\n${proof === undefined ? '' : `\nProof: ${proof.events} events in the tree of the checkpoint of ${visibleText(proof.origin)} at ${proof.size} events; write it with redress prove, check it with ${visibleText(proof.checkLine)}\n`}`;
  if (options.out !== undefined) {
    writeOutFile(options.out, body);
    out.result(`Wrote the ${format} audit of ${id} to ${options.out}`, { complaintId: id, format, out: options.out });
  } else {
    await out.write(body);
  }
  return EXIT.ok;
};

/** The proof of the complaint for the report, from the checkpoint file. */
const embeddedProof = async (
  source: Source,
  id: string,
  checkpoint: string,
  publicKey: string | undefined,
): Promise<EmbeddedProof> => {
  const proved = await complaintProof(source, id, { checkpoint, publicKey });
  // The report carries no ciphertext: encrypted fields are withheld like personal data in clear.
  const proof = {
    ...proved,
    events: proved.events.map((e) => {
      const { event, withheld } = withoutCiphertext(e.event as Record<string, unknown>);
      return { ...e, event, withheld: [...e.withheld, ...withheld] };
    }),
  };
  const fileName = `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.proof.json`;
  const { origin, size } = parseCheckpoint(parseSignedNote(proof.checkpoint).text);
  const key = publicKey === undefined ? undefined : publicKeys(publicKey, '--public-key')[0];
  return {
    json: `${safeJson(proof, 2)}\n`,
    fileName,
    checkLine: checkLine(fileName, key),
    events: proof.events.length,
    origin,
    size,
  };
};

/** `redress audit`: its command line, help and run. */
export const auditCommand = defineCommand({
  name: 'audit',
  synopsis:
    'audit ID [--format text|json|html] [--out FILE] [--checkpoint FILE [--public-key KEY]] [--reveal [--key-store FILE|postgres://…] [--key-schema NAME] [--kek-env NAME] [--kek-id ID]]',
  summary: [
    'timeline: who, role, what, when, time in each stage,',
    'deadlines met or missed, notifications sent; with --checkpoint, the',
    "proof that its events are in that signed checkpoint's tree. No personal",
    'data unless --reveal (decrypting with the keys of --key-store, default',
    'the .keys file beside a SQLite store, and the key-encryption key in',
    '$REDRESS_KEK or the variable --kek-env names)',
  ],
  argument: 'complaint id',
  options: {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    checkpoint: { type: 'string' },
    'public-key': { type: 'string' },
    ...REVEAL_OPTIONS,
  },
  store: 'read',
  run: ({ source, argument, values, out, env }) => audit(source, argument, values, out, env),
});
