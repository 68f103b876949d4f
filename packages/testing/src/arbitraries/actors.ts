import fc from 'fast-check';
import { ROLES, type Actor, type DefaultRole } from '@redress/core';
import { identifier, slug } from './text';

/**
 * Departments the arbitraries assign complaints to and staff to.
 *
 * @example
 * fc.constantFrom(...DEPARTMENTS); // 'quality-control' | 'service' | 'billing' | 'logistics'
 */
export const DEPARTMENTS = ['quality-control', 'service', 'billing', 'logistics'] as const;

/**
 * An actor of one role. Department staff always carry a department (one of
 * `departments`); other roles carry none.
 *
 * @example
 * fc.sample(actor('supervisor'), 1); // [{ id: 'k3', role: 'supervisor' }]
 * fc.sample(actor('department', { departments: ['service'] }), 1); // [{ id: 'x', role: 'department', department: 'service' }]
 */
export const actor = (
  role: string,
  { departments = DEPARTMENTS }: { departments?: readonly string[] } = {},
): fc.Arbitrary<Actor> =>
  role === 'department'
    ? fc.record({ id: identifier(), role: fc.constant(role), department: fc.constantFrom(...departments) })
    : fc.record({ id: identifier(), role: fc.constant(role) });

/**
 * An actor of any default role (`agent`, `handler`, `department`, `supervisor`, `privacy-officer`).
 *
 * @example
 * fc.sample(anyActor(), 2);
 */
export const anyActor = (): fc.Arbitrary<Actor> => fc.constantFrom(...ROLES).chain((role) => actor(role));

/**
 * An actor whose role is not one of the defaults, for testing refusals.
 *
 * @example
 * fc.sample(strangerActor(), 1); // [{ id: 'q', role: 'intern' }]
 */
export const strangerActor = (): fc.Arbitrary<Actor> =>
  fc.record({ id: identifier(), role: slug().filter((r) => !(ROLES as readonly string[]).includes(r)) });

/**
 * Fixed actors, one per default role, for example tests.
 *
 * @example
 * await engine.execute({ type: 'accept', complaintId, actor: exampleActors.handler, department: 'quality-control', priority: 'high' });
 */
export const exampleActors: Readonly<Record<DefaultRole, Actor>> & { readonly otherDepartment: Actor } = {
  agent: { id: 'agent-7', role: 'agent' },
  handler: { id: 'handler-2', role: 'handler' },
  department: { id: 'qc-1', role: 'department', department: 'quality-control' },
  supervisor: { id: 'sup-1', role: 'supervisor' },
  'privacy-officer': { id: 'dpo-1', role: 'privacy-officer' },
  otherDepartment: { id: 'svc-1', role: 'department', department: 'service' },
};
