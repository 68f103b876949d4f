import type { Actor } from '@redress/core';

/** The staff of the demo's call centre, one per role of the procedure. */
export const agent: Actor = { id: 'agent-7', role: 'agent' };
export const handler: Actor = { id: 'handler-li', role: 'handler' };
export const qc: Actor = { id: 'qc-zhang', role: 'department', department: 'quality-control' };
export const service: Actor = { id: 'svc-chen', role: 'department', department: 'service' };
export const supervisor: Actor = { id: 'sup-wang', role: 'supervisor' };
