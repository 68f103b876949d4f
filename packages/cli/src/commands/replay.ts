import { RedressError, type Complaint, type StoredEvent } from '@redress/core';
import { EXIT } from '../cli/exitCodes';
import type { Output } from '../cli/output';
import type { Source } from '../source/source';
import { loadComplaint } from './loadComplaint';

export interface ReplayOptions {
  readonly at?: string | undefined;
  readonly version?: string | undefined;
}

const cutOff = (options: ReplayOptions): ((e: StoredEvent) => boolean) => {
  if (options.at !== undefined && options.version !== undefined) {
    throw new RedressError('VALIDATION', 'Give --at or --version, not both');
  }
  if (options.version !== undefined) {
    const n = Number(options.version);
    if (!Number.isInteger(n) || n < 1) throw new RedressError('VALIDATION', `--version must be a whole number ≥ 1, got "${options.version}"`);
    return (e) => e.version <= n;
  }
  if (options.at !== undefined) {
    const t = new Date(options.at);
    if (Number.isNaN(t.getTime())) throw new RedressError('VALIDATION', `--at must be a date-time such as 2026-03-02T10:00:00Z, got "${options.at}"`);
    const limit = t.getTime();
    return (e) => Date.parse(e.occurredAt) <= limit;
  }
  return () => true;
};

const summary = (c: Complaint): string =>
  [
    `${c.id} at version ${c.version} (${c.updatedAt})`,
    `  stage       ${c.stage} (${c.status})`,
    `  received    ${c.receivedAt} via ${c.channel}, category ${c.category}`,
    `  summary     ${c.summary}`,
    ...(c.department === undefined ? [] : [`  department  ${c.department}${c.priority === undefined ? '' : `, priority ${c.priority}`}`]),
    ...(c.proposals.length === 0 ? [] : [`  proposals   ${c.proposals.map((p) => `${p.id} ${p.status} (${p.approvals.length}/${p.approvalsRequired} approvals)`).join('; ')}`]),
    ...(c.customerAccepted === undefined ? [] : [`  customer    ${c.customerAccepted ? 'accepted' : 'refused'}`]),
    ...(c.closedAt === undefined ? [] : [`  closed      ${c.closedAt}`]),
  ].join('\n');

/**
 * The complaint's state as of a version or a time, by full replay through the
 * lifecycle machine.
 *
 * @example
 * await replay(source, 'C-1', { version: '3' }, out);
 */
export const replay = async (source: Source, id: string | undefined, options: ReplayOptions, out: Output): Promise<number> => {
  if (id === undefined) throw new RedressError('VALIDATION', 'replay needs a complaint id: redress replay <ID> [--at TIME | --version N]');
  const { complaint } = await loadComplaint(source, id, cutOff(options));
  if (options.version !== undefined && complaint.version < Number(options.version)) {
    throw new RedressError('NOT_FOUND', `Complaint ${id} has only ${complaint.version} events; --version ${options.version} is beyond it`, { complaintId: id });
  }
  out.result(summary(complaint), complaint);
  return EXIT.ok;
};
