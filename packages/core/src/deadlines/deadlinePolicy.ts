import { DEADLINE_KINDS } from '../domain/events';
import type { ClockAnswer } from '../domain/response';
import { clockAnswerSchema } from '../domain/response';
import { RedressError } from '../errors/redressError';
import { ANSWERING_EVENTS } from './deadlineClock';
import type {
  DeadlineFacts,
  DeadlinePolicy,
  DeadlinePolicyOptions,
  DeadlineRules,
  RuleSetRef,
  VersionedRules,
} from './deadlineRules';
import { basisOf, checkDuration, type Duration } from './duration';
import { asStep } from './extensionStep';
import { planDeadlines } from './planDeadlines';
import { PRESET_VERSIONS } from './presets';

const checkShare = (share: number, where: string) => {
  if (!(share > 0 && share <= 1))
    throw new RedressError('VALIDATION', `${where}: warnShare must be > 0 and ≤ 1, got ${String(share)}`);
};

const checkAnswer = (a: ClockAnswer, where: string) => {
  if (!clockAnswerSchema.safeParse(a).success || !ANSWERING_EVENTS.includes(a.event as never)) {
    throw new RedressError(
      'VALIDATION',
      `${where}: metBy names { event, kinds?, requires? } with event one of ${ANSWERING_EVENTS.join(', ')}, got ${JSON.stringify(a)}`,
    );
  }
  if ((a.kinds !== undefined || a.requires !== undefined) && a.event !== 'ResponseSent')
    throw new RedressError('VALIDATION', `${where}: only a ResponseSent answer can name kinds or requires`);
};

const sameBasis = (d: Duration, within: Duration, where: string) => {
  if (basisOf(d) !== basisOf(within))
    throw new RedressError('VALIDATION', `${where}: extensions must count like "within" (calendar or business time)`);
};

const checkRules = (rules: DeadlineRules): DeadlineRules => {
  for (const [kind, rule] of Object.entries(rules)) {
    const where = `Deadline rule "${kind}"`;
    if (!(DEADLINE_KINDS as readonly string[]).includes(kind)) {
      throw new RedressError('VALIDATION', `${where} is not a deadline kind; use ${DEADLINE_KINDS.join(', ')}`);
    }
    checkDuration(rule.within, where);
    rule.extensions?.forEach((entry, i) => {
      const step = asStep(entry);
      checkDuration(step.within, `${where}, extension ${i + 1}`);
      sameBasis(step.within, rule.within, where);
    });
    if (rule.warnShare !== undefined) checkShare(rule.warnShare, where);
    if (rule.metBy !== undefined) {
      if (rule.metBy.length === 0) throw new RedressError('VALIDATION', `${where}: metBy names at least one answer`);
      for (const a of rule.metBy) checkAnswer(a, where);
    }
    if (rule.extendOn !== undefined) {
      checkAnswer(rule.extendOn.answer, `${where}, extendOn`);
      checkDuration(rule.extendOn.to, `${where}, extendOn`);
      sameBasis(rule.extendOn.to, rule.within, `${where}, extendOn`);
    }
  }
  return rules;
};

const key = (r: RuleSetRef) => `${r.id}@${r.version}`;

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
  const versions = new Map<string, DeadlineRules>();
  for (const v of [...PRESET_VERSIONS, ...(options.ruleSets ?? [])] as VersionedRules[])
    versions.set(key(v.ruleSet), checkRules(v.rules));
  const rulesFor = (facts: DeadlineFacts) => fixed ?? checkRules((rules as (f: DeadlineFacts) => DeadlineRules)(facts));
  const policy: DeadlinePolicy = {
    calendar: options.calendar,
    warnShare,
    rulesFor,
    ruleFor: (facts, kind, ruleSet) => {
      const today = rulesFor(facts)[kind];
      if (ruleSet === undefined || (today?.ruleSet !== undefined && key(today.ruleSet) === key(ruleSet))) return today;
      return versions.get(key(ruleSet))?.[kind] ?? today;
    },
    plan: (before, drafts, at) => planDeadlines(policy, before, drafts, at),
  };
  return policy;
};
