import { COMMAND_EVENT, COMMAND_TYPES, STAGES, defaultPolicy, transitionTable } from '@redress/core';

/** The transition table as Markdown: every stage, event, guard and target. */
export const transitionsMarkdown = (): string => {
  const rows = ['| stage | event | rule (guard) | goes to |', '|---|---|---|---|'];
  for (const stage of ['new', ...STAGES] as const) {
    for (const [event, entries] of Object.entries(transitionTable[stage])) {
      for (const e of entries ?? []) rows.push(`| ${stage} | ${event} | ${e.guard ?? ''} | ${e.target} |`);
    }
  }
  return rows.join('\n');
};

/** Commands, the events they record and the roles the default policy lets issue them. */
export const commandsMarkdown = (): string => {
  const rows = ['| command | records | roles (default policy) |', '|---|---|---|'];
  for (const t of COMMAND_TYPES) {
    rows.push(
      `| ${t} | ${COMMAND_EVENT[t]}${t === 'receive' ? ', ComplaintAcknowledged' : ''} | ${defaultPolicy.roles[t].join(', ')} |`,
    );
  }
  return rows.join('\n');
};
