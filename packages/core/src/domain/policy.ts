import type { CommandType } from './commands';

/** Which roles may issue which command, and related rules the embedding app may change. */
export interface Policy {
  readonly roles: Readonly<Record<CommandType, readonly string[]>>;
  /**
   * When true (the default), an actor whose `department` is set may act only on
   * complaints assigned to that department (or not yet assigned).
   */
  readonly departmentScoped: boolean;
}

const everyone = ['agent', 'handler', 'department', 'supervisor'] as const;

/** The defaults of the procedure: who acts in each stage. */
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
  },
  departmentScoped: true,
};

/**
 * Build a policy from the defaults and the app's changes.
 *
 * @example
 * const policy = definePolicy({ roles: { approveRemedy: ['supervisor', 'manager'] } });
 */
export const definePolicy = (changes: { roles?: Partial<Record<CommandType, readonly string[]>>; departmentScoped?: boolean } = {}): Policy => ({
  roles: { ...defaultPolicy.roles, ...changes.roles },
  departmentScoped: changes.departmentScoped ?? defaultPolicy.departmentScoped,
});
