import type { CommandType } from './commands';
import type { Complaint } from './complaint';

/** Which roles may issue which command, and related rules the embedding app may change. */
export interface Policy {
  readonly roles: Readonly<Record<CommandType, readonly string[]>>;
  /**
   * When true (the default), an actor whose `department` is set may act only on
   * complaints assigned to that department (or not yet assigned).
   */
  readonly departmentScoped: boolean;
  /**
   * How many distinct approvers a proposed remedy needs (default 1). Fixed into the
   * `RemedyProposed` event, so replay never depends on the policy of the day.
   */
  readonly approvalsRequired: (remedy: RemedyDraft, complaint: Complaint | undefined) => number;
}

/** A remedy as proposed: what the approval rule looks at. */
export interface RemedyDraft {
  readonly description: string;
  readonly compensation?: { readonly amount: number; readonly currency: string } | undefined;
}

const everyone = ['agent', 'handler', 'department', 'supervisor'] as const;

/**
 * The defaults of the procedure: who acts in each stage.
 *
 * @example
 * defaultPolicy.roles.approveRemedy; // ['supervisor']
 */
export const defaultPolicy: Policy = {
  roles: {
    receive: ['agent'],
    accept: ['handler', 'supervisor'],
    reject: ['handler', 'supervisor'],
    reassign: ['handler', 'supervisor'],
    recordInvestigation: ['department'],
    proposeRemedy: ['department'],
    approveRemedy: ['supervisor'],
    implementRemedy: ['department'],
    recordCustomerResponse: ['agent'],
    review: ['supervisor'],
    recordFollowUp: ['agent'],
    escalate: ['agent', 'handler', 'department'],
    withdraw: ['agent', 'handler'],
    addNote: everyone,
    pause: everyone,
    resume: everyone,
    extendDeadline: ['supervisor'],
    // The roles that talk to complainants.
    respond: ['agent', 'handler', 'department', 'supervisor'],
  },
  departmentScoped: true,
  approvalsRequired: () => 1,
};

/**
 * Build a policy from the defaults and the app's changes.
 *
 * @example
 * const policy = definePolicy({
 *   roles: { approveRemedy: ['supervisor', 'manager'] },
 *   approvalsRequired: (remedy) => ((remedy.compensation?.amount ?? 0) > 5000 ? 2 : 1),
 * });
 */
export const definePolicy = (
  changes: {
    roles?: Partial<Record<CommandType, readonly string[]>>;
    departmentScoped?: boolean;
    approvalsRequired?: Policy['approvalsRequired'];
  } = {},
): Policy => ({
  roles: { ...defaultPolicy.roles, ...changes.roles },
  departmentScoped: changes.departmentScoped ?? defaultPolicy.departmentScoped,
  approvalsRequired: changes.approvalsRequired ?? defaultPolicy.approvalsRequired,
});
