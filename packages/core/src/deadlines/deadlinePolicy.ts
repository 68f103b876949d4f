import type { Complaint, Channel, Priority } from '../domain/complaint';
import { DEADLINE_KINDS, type DeadlineKind, type DomainEvent } from '../domain/events';
import { RedressError } from '../errors/redressError';
import type { BusinessCalendar } from './calendar';
import { basisOf, checkDuration, type Duration } from './duration';
import { planDeadlines } from './planDeadlines';

/** What of a complaint a deadline rule may depend on. `priority` and `department` are known once accepted. */
export interface DeadlineFacts {
  readonly category: string;
  readonly channel: Channel;
  readonly priority?: Priority | undefined;
  readonly department?: string | undefined;
}

/** The event that starts a clock: receipt, acceptance, or the review (for the follow-up). */
export type ClockStart = 'received' | 'accepted' | 'reviewed';

/** One deadline of a policy. */
export interface DeadlineRule {
  readonly within: Duration;
  /** Default `received`, and `reviewed` for `followUp`. */
  readonly from?: ClockStart;
  /** Share of the time after which `tick` warns; overrides the policy's `warnShare`. */
  readonly warnShare?: number;
  /** Whether a breach escalates the complaint. Default false. */
  readonly escalate?: boolean;
  /** Successive extension limits, each counted from the clock's start (e.g. 30 then 60 days). */
  readonly extensions?: readonly Duration[];
}

/** Rules by deadline kind; kinds without a rule get no clock. */
export type DeadlineRules = Readonly<Partial<Record<DeadlineKind, DeadlineRule>>>;

/** What `deadlinePolicy` is built from. */
export interface DeadlinePolicyOptions {
  readonly calendar: BusinessCalendar;
  /** Fixed rules, or rules chosen by category, channel, priority and department. */
  readonly rules: DeadlineRules | ((facts: DeadlineFacts) => DeadlineRules);
  /** Share of a deadline's time after which `tick` warns. Default 0.8. */
  readonly warnShare?: number;
}

/** A deadline policy as the engine uses it: it adds `DeadlineSet` events to a command's events. */
export interface DeadlinePolicy {
  readonly calendar: BusinessCalendar;
  readonly warnShare: number;
  rulesFor(facts: DeadlineFacts): DeadlineRules;
  /** The command's events with the `DeadlineSet` events they cause, each right after its cause. */
  plan(before: Complaint | undefined, drafts: readonly DomainEvent[], at: string): DomainEvent[];
}

const checkShare = (share: number, where: string) => {
  if (!(share > 0 && share <= 1)) throw new RedressError('VALIDATION', `${where}: warnShare must be > 0 and ≤ 1, got ${String(share)}`);
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
      if (basisOf(d) !== basisOf(rule.within)) throw new RedressError('VALIDATION', `${where}: extensions must count like "within" (calendar or business time)`);
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
