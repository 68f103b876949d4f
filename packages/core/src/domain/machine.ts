import { assign, setup } from 'xstate';
import { applyEvent } from './applyEvent';
import { guardPasses, type GuardName } from './guards';
import type { MachineContext, MachineEvent } from './machineTypes';
import type { Stage } from './stages';

export type { MachineContext, MachineEvent } from './machineTypes';

const guard =
  (name: GuardName) =>
  ({ context, event }: { context: MachineContext; event: MachineEvent }) =>
    context.complaint !== undefined && guardPasses(name, context.complaint, event.event);

const apply = (stage: Stage) => ({ type: 'apply' as const, params: { stage } });
const to = (target: Stage) => ({ target, actions: apply(target) });
const stay = (stage: Stage) => ({ actions: apply(stage) });

/** Links and merged duplicates are recorded in every stage but `merged`, the final ones too. */
const recorded = (stage: Stage) => ({
  ComplaintLinked: { guard: 'notLinked' as const, ...stay(stage) },
  DuplicateMerged: { guard: 'notMergedYet' as const, ...stay(stage) },
});

/** Transitions every open stage has. */
const whileOpen = (stage: Stage) => ({
  ComplaintEscalated: stay(stage),
  NoteAdded: stay(stage),
  DeadlineWarned: stay(stage),
  DeadlineBreached: stay(stage),
  DeadlineSet: stay(stage),
  DeadlineExtended: { guard: 'deadlineRunning' as const, ...stay(stage) },
  ComplaintPaused: { guard: 'notPaused' as const, ...stay(stage) },
  ComplaintResumed: { guard: 'paused' as const, ...stay(stage) },
  ComplaintWithdrawn: to('withdrawn'),
  ComplaintMerged: to('merged'),
  PersonalDataErased: stay(stage),
  ResponseSent: stay(stage),
  ...recorded(stage),
});

/** Erasure is possible in every stage a complaint can be in, the final ones too. */
const erasable = (stage: Stage) => ({ PersonalDataErased: stay(stage) });

/**
 * The complaint lifecycle: the one definition of which event may happen in which
 * stage, and under which rule. Everything else (the fast replay table, the list
 * of allowed commands, error messages) is derived from it.
 *
 * @example
 * import { transition, initialTransition } from 'xstate';
 * const [s0] = initialTransition(complaintMachine);
 * const [s1] = transition(complaintMachine, s0, { type: 'ComplaintReceived', event });
 */
export const complaintMachine = setup({
  types: {
    context: {} as MachineContext,
    events: {} as MachineEvent,
  },
  guards: {
    notAcknowledged: guard('notAcknowledged'),
    canPropose: guard('canPropose'),
    canApprove: guard('canApprove'),
    hasApprovedRemedy: guard('hasApprovedRemedy'),
    remedyAccepted: guard('remedyAccepted'),
    remedyRefused: guard('remedyRefused'),
    customerAccepted: guard('customerAccepted'),
    noFollowUp: guard('noFollowUp'),
    notPaused: guard('notPaused'),
    paused: guard('paused'),
    deadlineRunning: guard('deadlineRunning'),
    notLinked: guard('notLinked'),
    notMergedYet: guard('notMergedYet'),
  },
  actions: {
    apply: assign(({ context, event }, params: { stage: Stage }) => ({
      complaint: applyEvent(context.complaint, event.event, params.stage),
    })),
  },
}).createMachine({
  id: 'complaint',
  initial: 'new',
  context: { complaint: undefined },
  states: {
    new: { on: { ComplaintReceived: to('received') } },
    received: {
      on: {
        ComplaintAcknowledged: { guard: 'notAcknowledged', ...stay('received') },
        ComplaintAccepted: to('judged'),
        ComplaintRejected: to('rejected'),
        // First-contact resolution: settled at once; the review and the follow-up still follow.
        ResolvedAtFirstContact: to('implemented'),
        ...whileOpen('received'),
      },
    },
    judged: {
      on: {
        ComplaintReassigned: stay('judged'),
        InvestigationCompleted: to('investigated'),
        ...whileOpen('judged'),
      },
    },
    investigated: {
      on: {
        ComplaintReassigned: stay('investigated'),
        RemedyProposed: { guard: 'canPropose', ...to('proposal') },
        ...whileOpen('investigated'),
      },
    },
    proposal: {
      on: {
        RemedyProposed: { guard: 'canPropose', ...stay('proposal') },
        RemedyApproved: { guard: 'canApprove', ...stay('proposal') },
        RemedyImplemented: { guard: 'hasApprovedRemedy', ...to('implemented') },
        ...whileOpen('proposal'),
      },
    },
    implemented: {
      on: {
        CustomerResponded: [
          { guard: 'remedyAccepted', ...stay('implemented') },
          { guard: 'remedyRefused', ...to('proposal') },
        ],
        ComplaintReviewed: { guard: 'customerAccepted', ...to('reviewed') },
        ...whileOpen('implemented'),
      },
    },
    reviewed: {
      // The follow-up visit keeps a deadline of its own after the review.
      on: {
        FollowUpRecorded: { guard: 'noFollowUp', ...stay('reviewed') },
        DeadlineSet: { guard: 'noFollowUp', ...stay('reviewed') },
        DeadlineWarned: { guard: 'noFollowUp', ...stay('reviewed') },
        DeadlineBreached: { guard: 'noFollowUp', ...stay('reviewed') },
        ...erasable('reviewed'),
        ...recorded('reviewed'),
      },
    },
    // Closed for good, yet not XState's `final`: a final state takes no event, and a closed
    // complaint still records the erasure of its personal data.
    rejected: { on: { ...erasable('rejected'), ...recorded('rejected') } },
    withdrawn: { on: { ...erasable('withdrawn'), ...recorded('withdrawn') } },
    // A duplicate closed in favour of the complaint it names; links go to that one.
    merged: { on: erasable('merged') },
  },
});

/** The type of `complaintMachine`, for code that takes the lifecycle as a parameter. */
export type ComplaintMachine = typeof complaintMachine;
