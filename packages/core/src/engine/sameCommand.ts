import { canonicalJson } from '../audit/canonicalJson';
import { COMMAND_EVENT, type ParsedCommand } from '../domain/commands';
import type { Complaint } from '../domain/complaint';
import { decide } from '../domain/decide';
import type { RecordedEvent } from '../domain/envelope';
import type { Policy } from '../domain/policy';

// What the policy derives when the command runs is not part of what the caller sent.
// So is the subject id an engine with privacy on gives a new complaint, unless the caller named one.
const content = (data: unknown, keepSubject: boolean) => {
  const { approvalsRequired: _a, contactIndex: _c, subjectId, ...rest } = data as Record<string, unknown>;
  return canonicalJson(keepSubject && subjectId !== undefined ? { ...rest, subjectId } : rest);
};

/**
 * Whether `first`, the first event a commandId recorded, is what `cmd` records
 * now: the same event type, actor and content. A commandId reused for anything
 * else is a client bug, not a retry.
 *
 * @example
 * if (!sameCommand(before, cmd, first, policy)) throw new RedressError('CONFLICT', '…');
 */
export const sameCommand = (
  before: Complaint | undefined,
  cmd: ParsedCommand,
  first: RecordedEvent,
  policy: Policy,
): boolean => {
  if (first.type !== COMMAND_EVENT[cmd.type]) return false;
  if (canonicalJson(first.actor) !== canonicalJson(cmd.actor)) return false;
  const draft = decide(before, cmd, policy)[0];
  const keep = (cmd as { subjectId?: unknown }).subjectId !== undefined;
  return draft !== undefined && draft.type === first.type && content(draft.data, keep) === content(first.data, keep);
};
