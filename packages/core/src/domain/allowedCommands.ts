import type { Complaint } from './complaint';
import { COMMAND_EVENT, COMMAND_TYPES, type CommandType } from './commands';
import { guards, type LifecycleGuard } from './guards';
import type { Actor } from './roles';
import { transitionTable, type TransitionTable } from './transitionTable';

/**
 * Commands the lifecycle allows next for this complaint (`undefined`: a complaint
 * that does not exist yet, so only `receive`). With an `actor`, rules that depend
 * on who acts are applied too (a supervisor who already approved a proposal may
 * not approve it again). Roles are the policy's business, not checked here.
 *
 * @example
 * commandsAllowedInStage(complaint); // ['reassign', 'recordInvestigation', 'escalate', …]
 */
export const commandsAllowedInStage = (
  c: Complaint | undefined,
  table: TransitionTable = transitionTable,
  actor?: Actor,
): CommandType[] =>
  COMMAND_TYPES.filter((type) => {
    const entries = table[c?.stage ?? 'new'][COMMAND_EVENT[type]];
    if (entries === undefined) return false;
    return entries.some((e) => {
      if (e.guard === undefined) return true;
      if (c === undefined) return false;
      const g: LifecycleGuard = guards[e.guard];
      return g.state(c) && (actor === undefined || g.actor === undefined || g.actor(c, actor));
    });
  });
