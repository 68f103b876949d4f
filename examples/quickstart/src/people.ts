import type { Actor, StaffMember } from '@redress/core';

/** The staff of the demo's call centre, one per role of the procedure. */
export const agent: Actor = { id: 'agent-7', role: 'agent' };
export const handler: Actor = { id: 'handler-li', role: 'handler' };
export const qc: Actor = { id: 'qc-zhang', role: 'department', department: 'quality-control' };
export const service: Actor = { id: 'svc-chen', role: 'department', department: 'service' };
export const supervisor: Actor = { id: 'sup-wang', role: 'supervisor' };

/** The same staff as message recipients: who gets told what, on which address. */
export const staff: readonly StaffMember[] = [
  { id: 'handler-li', name: '李处理', roles: ['handler'], addresses: { email: 'li.handler@example.cn' } },
  {
    id: 'qc-zhang',
    name: '张质检',
    roles: ['department'],
    department: 'quality-control',
    addresses: { email: 'qc@example.cn' },
  },
  {
    id: 'svc-chen',
    name: '陈服务',
    roles: ['department'],
    department: 'service',
    addresses: { email: 'service@example.cn' },
  },
  {
    id: 'sup-wang',
    name: '王主管',
    roles: ['supervisor'],
    addresses: { email: 'wang.sup@example.cn', sms: '+86 139 0000 0001' },
  },
];
