import type { Complaint } from './complaint';
import type { RecordedEvent } from './envelope';
import type { Actor } from './roles';
import type { DeadlineKind } from './events';

/**
 * A rule of the lifecycle. `state` must hold for the event type to be possible
 * at all (this is what `allowedCommands` asks); `event`, if present, must hold
 * for the particular event. `explain` says why it failed, for error messages.
 */
export interface LifecycleGuard {
  readonly state: (c: Complaint) => boolean;
  readonly event?: (c: Complaint, e: RecordedEvent) => boolean;
  /** Optionally, whether this actor in particular could make the event pass (for `allowedCommands`). */
  readonly actor?: (c: Complaint, actor: Actor) => boolean;
  readonly explain: (c: Complaint, e?: RecordedEvent) => string;
}

const data = <T>(e: RecordedEvent) => e.data as T;
const hasApproved = (c: Complaint) => c.approvedProposalId !== undefined;
const awaitingAnswer = (c: Complaint) => c.customerAccepted === undefined;

/**
 * The rules the lifecycle's transitions are guarded by, by name.
 *
 * @example
 * if (!guards.hasApprovedRemedy.state(complaint)) console.log(guards.hasApprovedRemedy.explain(complaint));
 */
export const guards = {
  notAcknowledged: {
    state: (c) => c.acknowledgedAt === undefined,
    explain: () => 'it has already been acknowledged',
  },
  canPropose: {
    state: (c) => !hasApproved(c),
    event: (c, e) => !c.proposals.some((p) => p.id === data<{ proposalId: string }>(e).proposalId),
    explain: (c, e) =>
      hasApproved(c)
        ? `remedy ${c.approvedProposalId} is already approved; implement it`
        : `proposal id "${e ? data<{ proposalId: string }>(e).proposalId : ''}" is already used`,
  },
  canApprove: {
    state: (c) => !hasApproved(c) && c.proposals.some((p) => p.status === 'proposed'),
    actor: (c, a) => c.proposals.some((p) => p.status === 'proposed' && !p.approvals.includes(a.id)),
    event: (c, e) =>
      c.proposals.some(
        (p) =>
          p.id === data<{ proposalId: string }>(e).proposalId &&
          p.status === 'proposed' &&
          !p.approvals.includes(e.actor.id),
      ),
    explain: (c, e) => {
      if (hasApproved(c)) return `remedy ${c.approvedProposalId} is already approved; exactly one may be`;
      const asked = e ? data<{ proposalId: string }>(e).proposalId : '';
      const same = c.proposals.find(
        (p) => p.id === asked && p.status === 'proposed' && e !== undefined && p.approvals.includes(e.actor.id),
      );
      if (same !== undefined) {
        return `${e?.actor.id ?? ''} has already approved proposal "${asked}"; it needs ${same.approvalsRequired} different approvers`;
      }
      const open = c.proposals.filter((p) => p.status === 'proposed').map((p) => p.id);
      return open.length === 0
        ? 'no remedy is waiting for approval; propose one first'
        : `proposal "${asked}" is not waiting for approval; waiting: ${open.join(', ')}`;
    },
  },
  hasApprovedRemedy: {
    state: hasApproved,
    explain: () => 'no remedy has been approved; a supervisor must approve exactly one first',
  },
  remedyAccepted: {
    state: awaitingAnswer,
    event: (_c, e) => data<{ accepted: boolean }>(e).accepted,
    explain: () => 'the customer has already answered',
  },
  remedyRefused: {
    state: awaitingAnswer,
    event: (_c, e) => !data<{ accepted: boolean }>(e).accepted,
    explain: () => 'the customer has already answered',
  },
  customerAccepted: {
    state: (c) => c.customerAccepted === true,
    explain: () => "the customer has not accepted the remedy; record the customer's acceptance first",
  },
  noFollowUp: {
    state: (c) => c.followUp === undefined,
    explain: () => 'the follow-up has already been recorded',
  },
  notPaused: {
    state: (c) => c.pausedAt === undefined,
    explain: (c) => `it has been paused since ${c.pausedAt ?? ''}; resume it first`,
  },
  paused: {
    state: (c) => c.pausedAt !== undefined,
    explain: () => 'it is not paused',
  },
  deadlineRunning: {
    state: (c) => Object.values(c.deadlines ?? {}).some((d) => d.status === 'running'),
    event: (c, e) => c.deadlines?.[data<{ deadline: DeadlineKind }>(e).deadline]?.status === 'running',
    explain: (c, e) => {
      const running = Object.values(c.deadlines ?? {})
        .filter((d) => d.status === 'running')
        .map((d) => d.kind);
      const asked = e ? data<{ deadline: string }>(e).deadline : 'this';
      return `the ${asked} deadline is not running; running: ${running.join(', ') || '(none)'}`;
    },
  },
  notLinked: {
    state: () => true,
    event: (c, e) => !c.links.includes(data<{ relatedId: string }>(e).relatedId),
    explain: (_c, e) => `it is already linked to ${e ? data<{ relatedId: string }>(e).relatedId : 'that complaint'}`,
  },
  notMergedYet: {
    state: () => true,
    event: (c, e) => !c.duplicates.includes(data<{ duplicateId: string }>(e).duplicateId),
    explain: (c, e) =>
      `${e ? data<{ duplicateId: string }>(e).duplicateId : 'that complaint'} is already merged into ${c.id}`,
  },
} satisfies Record<string, LifecycleGuard>;

/** The name of one of the lifecycle's `guards`. */
export type GuardName = keyof typeof guards;

/**
 * Whether `guard` lets `event` happen to `c`.
 *
 * @example
 * guardPasses('canApprove', complaint, approvalEvent); // false if this actor already approved
 */
export const guardPasses = (name: GuardName, c: Complaint, event: RecordedEvent): boolean => {
  const g: LifecycleGuard = guards[name];
  return g.state(c) && (g.event === undefined || g.event(c, event));
};
