import type { Complaint, Channel, Priority } from '../domain/complaint';
import type { DeadlineKind, DomainEvent } from '../domain/events';
import type { BusinessCalendar } from './calendar';
import type { ClockAnswer } from '../domain/response';
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

/**
 * One step of an extension: how long the deadline runs from the clock's start, and
 * whether the step needs an approval by one of `approvalRoles` (recorded in
 * `DeadlineExtended.approval`), as a further extension by senior management does
 * under the NFRA complaint rules (art. 20).
 */
export interface ExtensionStep {
  readonly within: Duration;
  readonly approvalRoles?: readonly string[];
}

/** A response that moves the deadline instead of meeting it: a holding reply (DISP 1.6.2AR(2)). */
export interface ExtendOnResponse {
  readonly answer: ClockAnswer;
  /** The new limit, counted from the clock's start; the response's `expectedBy` may not be later. */
  readonly to: Duration;
}

/** The rule text a versioned rule set implements. */
export interface RuleSetRef {
  /** A slug naming the rule set, e.g. `cn-nfra-complaints`. */
  readonly id: string;
  /** A new version for each change of the regulator's rules; a complaint keeps the one it started under. */
  readonly version: number;
}

/** One deadline of a policy. */
export interface DeadlineRule {
  readonly within: Duration;
  /**
   * What answers the deadline: event types, or responses (`ResponseSent`) of given kinds that
   * say what the rule requires. Default: the built-in `DEADLINE_MET_BY` (and, for `progress`,
   * a response of kind `progress`). Recorded in `DeadlineSet`.
   */
  readonly metBy?: readonly ClockAnswer[];
  /** A recurring clock: once met it starts again from that moment, while the complaint is open. */
  readonly repeat?: boolean;
  /**
   * `nextBusinessDay`: a complaint received on a day that is not a working day, or after
   * close of business, counts as received at the opening of the next working day (former
   * FCA DISP 1.5.3G(1)). Default `asReceived`. Only clocks that start at receipt.
   */
  readonly receivedOutsideHours?: 'asReceived' | 'nextBusinessDay';
  /** A response that extends the deadline rather than meeting it. */
  readonly extendOn?: ExtendOnResponse;
  /** The versioned rule set this rule comes from; recorded in `DeadlineSet`. */
  readonly ruleSet?: RuleSetRef;
  /** Default `received`, and `reviewed` for `followUp`. */
  readonly from?: ClockStart;
  /** Share of the time after which `tick` warns; overrides the policy's `warnShare`. */
  readonly warnShare?: number;
  /** Whether a breach escalates the complaint. Default false. */
  readonly escalate?: boolean;
  /** Successive extension limits, each counted from the clock's start (e.g. 30 then 60 days). */
  readonly extensions?: readonly (Duration | ExtensionStep)[];
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
  /**
   * Earlier versions of rule sets, for complaints that started under them (the built-in
   * presets' versions are known already). An extension or a repeat of a clock follows the
   * version its `DeadlineSet` recorded.
   */
  readonly ruleSets?: readonly VersionedRules[];
}

/** A version of a rule set: its reference and its rules. */
export interface VersionedRules {
  readonly ruleSet: RuleSetRef;
  readonly rules: DeadlineRules;
}

/** A deadline policy as the engine uses it: it adds `DeadlineSet` events to a command's events. */
export interface DeadlinePolicy {
  readonly calendar: BusinessCalendar;
  readonly warnShare: number;
  rulesFor(facts: DeadlineFacts): DeadlineRules;
  /** The rule of one kind, from the rule set version a clock started under when it differs from today's. */
  ruleFor(facts: DeadlineFacts, kind: DeadlineKind, ruleSet?: RuleSetRef | undefined): DeadlineRule | undefined;
  /** The command's events with the `DeadlineSet` events they cause, each right after its cause. */
  plan(before: Complaint | undefined, drafts: readonly DomainEvent[], at: string): DomainEvent[];
}
