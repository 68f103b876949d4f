import type { Complaint, Channel, Priority } from '../domain/complaint';
import type { DeadlineKind, DomainEvent } from '../domain/events';
import type { BusinessCalendar } from './calendar';
import type { Duration } from './duration';

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
