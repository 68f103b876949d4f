import { RedressError } from '@redress/core';
import { buildAudit } from '../audit/timeline';
import { renderHtml } from '../audit/renderHtml';
import { renderText } from '../audit/renderText';
import { EXIT } from '../cli/exitCodes';
import { checkOutPath, writeOutFile } from '../cli/outFile';
import type { Output } from '../cli/output';
import type { Source } from '../source/source';
import { safeJson } from '../text/visibleText';
import { loadComplaint } from './loadComplaint';
import { defineCommand } from '../cli/command';

const FORMATS = ['text', 'json', 'html'] as const;

/**
 * The audit of one complaint: who did what and when, time per stage, deadlines
 * met or missed, notifications sent. `--format html` writes one self-contained page.
 *
 * @example
 * await audit(source, 'C-17', { format: 'html', out: 'C-17.html' }, out);
 */
export const audit = async (
  source: Source,
  id: string,
  options: { format?: string | undefined; out?: string | undefined },
  out: Output,
): Promise<number> => {
  const format = options.format ?? (out.json ? 'json' : 'text');
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new RedressError('VALIDATION', `--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
  if (options.out !== undefined) checkOutPath(options.out);
  const { events, states } = await loadComplaint(source, id);
  const now = new Date();
  const report = buildAudit(events, states, await source.outbox(id), now);
  const body = format === 'html' ? renderHtml(report, now) : format === 'json' ? `${safeJson(report, 2)}\n` : `${renderText(report)}\n`;
  if (options.out !== undefined) {
    writeOutFile(options.out, body);
    out.result(`Wrote the ${format} audit of ${id} to ${options.out}`, { complaintId: id, format, out: options.out });
  } else {
    await out.write(body);
  }
  return EXIT.ok;
};

/** `redress audit`: its command line, help and run. */
export const auditCommand = defineCommand({
  name: 'audit',
  synopsis: 'audit ID [--format text|json|html] [--out FILE]',
  summary: ['timeline: who, role, what, when, time in each stage,', 'deadlines met or missed, notifications sent'],
  argument: 'complaint id',
  options: { format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' } },
  store: 'read',
  run: ({ source, argument, values, out }) => audit(source, argument, values, out),
});
