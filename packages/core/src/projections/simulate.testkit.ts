import type { Actor } from '../domain/roles';
import { createEngine, type Engine } from '../engine/createEngine';
import { definePolicy } from '../domain/policy';
import { sequentialIds } from '../engine/ids';
import { isRedressError } from '../errors/redressError';
import type { EventStore } from '../store/eventStore';
import { businessCalendar } from '../deadlines/calendar';
import { deadlinePolicy } from '../deadlines/deadlinePolicy';

/** Test helper (not exported from the package): drive an engine through a list of random steps. */
const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
// Staff of no one department: the simulation sends complaints to several.
const dept: Actor = { id: 'dept-1', role: 'department' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };

export const ACTIONS = [
  'receive',
  'accept',
  'reject',
  'investigate',
  'propose',
  'approve',
  'implement',
  'acceptRemedy',
  'refuseRemedy',
  'review',
  'followUp',
  'escalate',
  'withdraw',
  'pause',
  'resume',
  'reassign',
  'tick',
  'advance',
] as const;
export type Action = (typeof ACTIONS)[number];
/** Actions weighted so that random walks reach every stage: closing ones are rare. */
export const WEIGHTED_ACTIONS: readonly Action[] = ACTIONS.flatMap((a) =>
  Array<Action>(
    a === 'advance'
      ? 30
      : a === 'reject' || a === 'withdraw'
        ? 1
        : a === 'receive' || a === 'pause' || a === 'resume' || a === 'escalate' || a === 'reassign'
          ? 2
          : 5,
  ).fill(a),
);
export interface SimStep {
  readonly action: Action;
  readonly target: number;
  readonly hours: number;
  readonly pick: number;
}

const CATEGORIES = ['quality', 'billing', 'service'];
const DEPARTMENTS = ['quality-control', 'billing', 'service'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** An engine on `store` with a test calendar and deadlines, and a function to play steps. */
export const simulator = (store: EventStore, start = Date.parse('2026-01-05T01:00:00Z')) => {
  let now = start;
  const engine: Engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => new Date(now),
    policy: definePolicy({ departmentScoped: false }),
    deadlines: deadlinePolicy({
      calendar: businessCalendar({ timeZone: 'Asia/Shanghai', holidays: ['2026-01-01'] }),
      rules: (f) => ({
        acknowledge: { within: { workingHours: 2 } },
        decide: { within: { businessDays: f.category === 'billing' ? 1 : 3 }, escalate: true },
        resolve: { within: { calendarDays: 7 } },
        followUp: { within: { calendarDays: 2 } },
      }),
    }),
  });
  const ids: string[] = [];
  /** The next command of the procedure for this complaint. */
  const next = async (id: string, pick: number): Promise<Action> => {
    const c = await engine.load(id);
    if (c.stage === 'received') return 'accept';
    if (c.stage === 'judged') return 'investigate';
    if (c.stage === 'investigated') return 'propose';
    if (c.stage === 'proposal')
      return c.approvedProposalId !== undefined
        ? 'implement'
        : c.proposals.some((p) => p.status === 'proposed')
          ? 'approve'
          : 'propose';
    if (c.stage === 'implemented')
      return c.customerAccepted === true ? 'review' : pick % 3 === 0 ? 'refuseRemedy' : 'acceptRemedy';
    return 'followUp';
  };
  const play = async (s: SimStep) => {
    const { target, hours, pick } = s;
    now += hours * 3_600_000;
    const complaintId = ids[target % Math.max(1, ids.length)] as string;
    const action = s.action === 'advance' && ids.length > 0 ? await next(complaintId, pick) : s.action;
    const run = (cmd: Record<string, unknown>) => engine.execute({ complaintId, ...cmd } as never);
    try {
      if (action === 'receive' || ids.length === 0) {
        const r = await engine.execute({
          type: 'receive',
          actor: agent,
          channel: 'web',
          category: CATEGORIES[pick % 3] as string,
          complainant: { name: 'Zhang' },
          summary: 'Problem',
        });
        ids.push(r.complaintId);
      } else if (action === 'tick') await engine.tick();
      else if (action === 'accept')
        await run({
          type: 'accept',
          actor: handler,
          department: DEPARTMENTS[pick % 3],
          priority: PRIORITIES[pick % 4],
        });
      else if (action === 'reject') await run({ type: 'reject', actor: handler, reason: 'Not valid' });
      else if (action === 'reassign')
        await run({ type: 'reassign', actor: handler, department: DEPARTMENTS[(pick + 1) % 3] });
      else if (action === 'investigate')
        await run({ type: 'recordInvestigation', actor: dept, rootCause: 'Cause', responsibleParty: 'Us' });
      else if (action === 'propose')
        await run({ type: 'proposeRemedy', actor: dept, remedy: { description: 'Refund' } });
      else if (action === 'approve') {
        const c = await engine.load(complaintId);
        const open = c.proposals.find((p) => p.status === 'proposed');
        if (open !== undefined) await run({ type: 'approveRemedy', actor: supervisor, proposalId: open.id });
      } else if (action === 'implement') await run({ type: 'implementRemedy', actor: dept, actionsTaken: 'Refunded' });
      else if (action === 'acceptRemedy' || action === 'refuseRemedy')
        await run({ type: 'recordCustomerResponse', actor: agent, accepted: action === 'acceptRemedy' });
      else if (action === 'review')
        await run({ type: 'review', actor: supervisor, summary: 'Done', classification: 'refund' });
      else if (action === 'followUp') await run({ type: 'recordFollowUp', actor: agent, satisfaction: 1 + (pick % 5) });
      else if (action === 'escalate') await run({ type: 'escalate', actor: agent, reason: 'Angry' });
      else if (action === 'withdraw') await run({ type: 'withdraw', actor: agent });
      else if (action === 'pause') await run({ type: 'pause', actor: agent, reason: 'Waiting for documents' });
      else await run({ type: 'resume', actor: agent });
    } catch (error) {
      if (!isRedressError(error, 'NOT_ALLOWED')) throw error;
    }
  };
  return { engine, play, at: (ms: number) => (now = ms) };
};
