import { createHash } from 'node:crypto';
import type { ParsedCommand } from '../domain/commands';
import type { IdGenerator } from './ids';

/**
 * The stream a command writes to: its complaint's id, or for a `receive` the id
 * it names, one derived from its `commandId`, or a new one.
 *
 * @example
 * streamIdFor({ type: 'receive', commandId: 'web-form-81', … }, ids); // 'C-' and 32 hex digits, the same every time
 */
export const streamIdFor = (cmd: ParsedCommand, ids: IdGenerator): string => {
  if (cmd.type !== 'receive') return cmd.complaintId;
  if (cmd.complaintId !== undefined) return cmd.complaintId;
  // The same commandId always names the same complaint, so a repeated receive meets
  // the first one at the store's version check instead of creating a twin.
  if (cmd.commandId !== undefined) return `C-${createHash('sha256').update(cmd.commandId).digest('hex').slice(0, 32)}`;
  return ids.complaintId();
};
