import type { Actor } from '../domain/roles';
import type { ResponseKind } from '../domain/response';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { memoryStore } from '../store/memoryStore';
import type { BusinessCalendar } from './calendar';
import { deadlinePolicy } from './deadlinePolicy';
import type { DeadlineRules } from './deadlineRules';

export const agent: Actor = { id: 'agent-1', role: 'agent' };
export const handler: Actor = { id: 'handler-1', role: 'handler' };
export const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };

/** An engine on a memory store whose clock the test sets, with one complaint received at `received`. */
export const presetEngine = (calendar: BusinessCalendar, rules: DeadlineRules, received: string) => {
  let now = new Date(received);
  const engine = createEngine({
    store: memoryStore(),
    ids: sequentialIds(),
    clock: () => now,
    deadlines: deadlinePolicy({ calendar, rules }),
  });
  const at = (iso: string) => {
    now = new Date(iso);
  };
  const receive = async () =>
    (
      await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'phone',
        category: 'card',
        complainant: { name: '李雷' },
        summary: 'Fee',
      })
    ).complaintId;
  const respond = (complaintId: string, kind: ResponseKind, extra: Record<string, unknown> = {}) =>
    engine.execute({
      type: 'respond',
      complaintId,
      actor: handler,
      kind,
      channel: 'letter',
      text: 'Our answer',
      ...extra,
    });
  const accept = (complaintId: string) =>
    engine.execute({ type: 'accept', complaintId, actor: handler, department: 'cards', priority: 'normal' });
  const clock = async (id: string, kind: 'decide' | 'resolve' | 'progress' | 'acknowledge' | 'followUp') =>
    (await engine.load(id)).deadlines?.[kind];
  const breachesAt = async (iso: string) => {
    at(iso);
    return (await engine.tick()).events
      .filter((e) => e.type === 'DeadlineBreached')
      .map((e) => e.data as { deadline: string })
      .map((d) => d.deadline);
  };
  return { engine, at, receive, respond, accept, clock, breachesAt };
};
