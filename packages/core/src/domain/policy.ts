import type { CommandType } from './commands';
import type { Complaint, Priority } from './complaint';
import type { ProcedureRule } from './procedureRules';
import type { RoutingRule } from './routing';
import { checkPolicy } from './checkPolicy';

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
  /**
   * Segregation of duties: whoever proposed a remedy may not approve it, whatever
   * role they act in, judged by actor id. Default (`undefined`) on.
   */
  readonly segregateDuties?: boolean | undefined;
  /** The app's own rules, which may refuse a command in a situation (see `ProcedureRule`). */
  readonly rules?: readonly ProcedureRule[] | undefined;
  /**
   * Where an accepted complaint goes when `accept` names no department: the first
   * rule that matches its category, channel and priority. Default: none.
   */
  readonly routing?: readonly RoutingRule[] | undefined;
  /** Which complaints an agent may settle at first contact. Default (`undefined`): none. */
  readonly firstContact?: FirstContactPolicy | undefined;
}

/**
 * Which complaints may be resolved at first contact: their categories (`'*'`: any)
 * and the priorities the agent may give them.
 *
 * @example
 * const firstContact: FirstContactPolicy = { categories: ['delivery', 'usage'], priorities: ['low', 'normal'] };
 */
export interface FirstContactPolicy {
  readonly categories: readonly string[] | '*';
  readonly priorities: readonly Priority[];
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
    resolveAtFirstContact: ['agent'],
    link: ['handler', 'supervisor'],
    merge: ['handler', 'supervisor'],
  },
  departmentScoped: true,
  approvalsRequired: () => 1,
  segregateDuties: true,
};

/**
 * Build a policy from the defaults and the app's changes.
 *
 * @example
 * const policy = definePolicy({
 *   roles: { approveRemedy: ['supervisor', 'manager'] },
 *   approvalsRequired: (remedy) => ((remedy.compensation?.amount ?? 0) > 5000 ? 2 : 1),
 *   routing: [{ name: 'defects', category: 'quality', department: 'quality-control' }],
 *   firstContact: { categories: ['delivery'], priorities: ['low'] },
 * });
 */
export const definePolicy = (
  changes: {
    roles?: Partial<Record<CommandType, readonly string[]>>;
    departmentScoped?: boolean;
    approvalsRequired?: Policy['approvalsRequired'];
    segregateDuties?: boolean;
    rules?: readonly ProcedureRule[];
    routing?: readonly RoutingRule[];
    firstContact?: FirstContactPolicy;
  } = {},
): Policy =>
  checkPolicy({
    roles: { ...defaultPolicy.roles, ...changes.roles },
    departmentScoped: changes.departmentScoped ?? defaultPolicy.departmentScoped,
    approvalsRequired: changes.approvalsRequired ?? defaultPolicy.approvalsRequired,
    segregateDuties: changes.segregateDuties ?? true,
    ...(changes.rules === undefined ? {} : { rules: changes.rules }),
    ...(changes.routing === undefined ? {} : { routing: changes.routing }),
    ...(changes.firstContact === undefined ? {} : { firstContact: changes.firstContact }),
  });
