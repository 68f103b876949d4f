import { definePolicy, type ProcedureRule } from '@redress/core';

export const regulatorReferrals: ProcedureRule = {
  name: 'regulator-referrals',
  commands: ['reject'],
  refuse: ({ complaint, actor }) =>
    complaint?.channel === 'regulator' && actor.role === 'handler'
      ? 'a complaint referred by a regulator may be rejected by a supervisor only'
      : undefined,
};

export const referralPolicy = definePolicy({ rules: [regulatorReferrals] });
