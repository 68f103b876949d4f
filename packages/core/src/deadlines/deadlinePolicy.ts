import { DEADLINE_KINDS } from '../domain/events';
import { RedressError } from '../errors/redressError';
import type { DeadlineFacts, DeadlinePolicy, DeadlinePolicyOptions, DeadlineRules } from './deadlineRules';
import { basisOf, checkDuration } from './duration';
import { planDeadlines } from './planDeadlines';

const checkShare = (share: number, where: string) => {
  if (!(share > 0 && share <= 1))
    throw new RedressError('VALIDATION', `${where}: warnShare must be > 0 and ≤ 1, got ${String(share)}`);
};

const checkRules = (rules: DeadlineRules): DeadlineRules => {
  for (const [kind, rule] of Object.entries(rules)) {
    const where = `Deadline rule "${kind}"`;
    if (!(DEADLINE_KINDS as readonly string[]).includes(kind)) {
      throw new RedressError('VALIDATION', `${where} is not a deadline kind; use ${DEADLINE_KINDS.join(', ')}`);
    }
    checkDuration(rule.within, where);
    rule.extensions?.forEach((d, i) => {
      checkDuration(d, `${where}, extension ${i + 1}`);
      if (basisOf(d) !== basisOf(rule.within))
        throw new RedressError(
          'VALIDATION',
          `${where}: extensions must count like "within" (calendar or business time)`,
        );
    });
    if (rule.warnShare !== undefined) checkShare(rule.warnShare, where);
  }
  return rules;
};

/**
 * A deadline policy: which deadlines a complaint gets, counted on which calendar.
 * Give it to `createEngine({ deadlines })`; due times are computed when a clock
 * starts and recorded in `DeadlineSet` events.
 *
 * @example
 * const deadlines = deadlinePolicy({
 *   calendar: businessCalendar({ timeZone: 'Asia/Shanghai' }),
 *   rules: (f) => ({ decide: { within: { businessDays: f.priority === 'urgent' ? 1 : 7 }, escalate: true } }),
 * });
 * const engine = createEngine({ store, deadlines });
 */
export const deadlinePolicy = (options: DeadlinePolicyOptions): DeadlinePolicy => {
  const warnShare = options.warnShare ?? 0.8;
  checkShare(warnShare, 'Deadline policy');
  const { rules } = options;
  const fixed = typeof rules === 'function' ? undefined : checkRules(rules);
  const policy: DeadlinePolicy = {
    calendar: options.calendar,
    warnShare,
    rulesFor: (facts) => fixed ?? checkRules((rules as (f: DeadlineFacts) => DeadlineRules)(facts)),
    plan: (before, drafts, at) => planDeadlines(policy, before, drafts, at),
  };
  return policy;
};
