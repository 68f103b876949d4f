import type { Actor } from '@redress/core';

/** A member of the demo staff: who signs in, and the actor the engine sees. */
export interface StaffMember {
  readonly actor: Actor;
  /** How the sign-in page names them. */
  readonly name: string;
}

/** The demo's complaints team, one or two per role of the procedure (`ROLES` in @redress/core). */
export const STAFF: readonly StaffMember[] = [
  { actor: { id: 'agent-7', role: 'agent' }, name: '周小琳 (agent)' },
  { actor: { id: 'handler-li', role: 'handler' }, name: '李处理 (handler)' },
  { actor: { id: 'qc-zhang', role: 'department', department: 'quality-control' }, name: '张质检 (quality-control)' },
  { actor: { id: 'svc-chen', role: 'department', department: 'service' }, name: '陈服务 (service)' },
  { actor: { id: 'sup-wang', role: 'supervisor' }, name: '王主管 (supervisor)' },
];

/** The departments a handler can send a complaint to. */
export const DEPARTMENTS = ['quality-control', 'service', 'billing'] as const;

/** The categories the intake form offers. */
export const CATEGORIES = ['quality', 'service', 'billing', 'delivery'] as const;

/** The staff member with this id, or undefined: a session names an id, never a role. */
export const staffById = (id: string): StaffMember | undefined => STAFF.find((s) => s.actor.id === id);
