import type { Invariant } from '@redress/testing';
import { TWO_SUPERVISOR_THRESHOLD } from './policy';

interface Proposed {
  readonly amount: number;
  readonly supervisors: Set<string>;
}

/**
 * The rule as a property of every log: whenever a remedy paying more than 5,000
 * is implemented, two different supervisors approved it before.
 *
 * @example
 * await runModel({ policy: twoSupervisorPolicy, invariants: [largeRemediesNeedTwoSupervisors] });
 */
export const largeRemediesNeedTwoSupervisors: Invariant = {
  name: 'remedies above 5,000 need two supervisors',
  check: ({ events }) => {
    const proposals = new Map<string, Proposed>();
    let latest: string | undefined;
    for (const e of events) {
      if (e.type === 'RemedyProposed') {
        const d = e.data as { proposalId: string; compensation?: { amount: number } };
        proposals.set(d.proposalId, { amount: d.compensation?.amount ?? 0, supervisors: new Set() });
      }
      if (e.type === 'RemedyApproved' && e.actor.role === 'supervisor') {
        latest = (e.data as { proposalId: string }).proposalId;
        proposals.get(latest)?.supervisors.add(e.actor.id);
      }
      if (e.type === 'RemedyImplemented' && latest !== undefined) {
        const p = proposals.get(latest);
        if (p !== undefined && p.amount > TWO_SUPERVISOR_THRESHOLD && p.supervisors.size < 2) {
          return `v${e.version} implements ${latest} (compensation ${p.amount}) approved by ${[...p.supervisors].join(', ')} only`;
        }
      }
    }
    return true;
  },
};
