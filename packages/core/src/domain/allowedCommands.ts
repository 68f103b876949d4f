import type { Complaint } from './complaint';
import { COMMAND_EVENT, COMMAND_TYPES, type CommandType } from './commands';
import { guards } from './guards';
import { transitionTable, type TransitionTable } from './transitionTable';

/**
 * Commands the lifecycle allows next for this complaint, whoever asks
 * (`undefined`: a complaint that does not exist yet, so only `receive`).
 */
export const commandsAllowedInStage = (c: Complaint | undefined, table: TransitionTable = transitionTable): CommandType[] =>
  COMMAND_TYPES.filter((type) => {
    const entries = table[c?.stage ?? 'new'][COMMAND_EVENT[type]];
    if (entries === undefined) return false;
    return entries.some((e) => e.guard === undefined || (c !== undefined && guards[e.guard].state(c)));
  });
