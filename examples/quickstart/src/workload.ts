import { defineProjection, type Priority } from '@redress/core';

/** An open complaint on its department's board. */
export interface Card {
  priority: Priority;
  escalations: number;
}

/** Each department's open complaints, by id, and the department each one is in. */
export interface Workload {
  boards: Record<string, Record<string, Card>>;
  departmentOf: Record<string, string>;
}

/** Take a complaint's card off its board. */
const take = (draft: Workload, id: string): Card | undefined => {
  const department = draft.departmentOf[id];
  if (department === undefined) return undefined;
  const card = draft.boards[department]?.[id];
  delete draft.boards[department]?.[id];
  delete draft.departmentOf[id];
  return card;
};

/** The departments' boards: a read model written as handlers that change a draft. */
export const workloadProjection = defineProjection<Workload>({
  name: 'workload',
  initial: { boards: {}, departmentOf: {} },
  on: {
    ComplaintAccepted(draft, { streamId, data }) {
      (draft.boards[data.department] ??= {})[streamId] = { priority: data.priority, escalations: 0 };
      draft.departmentOf[streamId] = data.department;
    },
    ComplaintReassigned(draft, { streamId, data }) {
      const card = take(draft, streamId);
      if (card === undefined) return;
      (draft.boards[data.department] ??= {})[streamId] = card;
      draft.departmentOf[streamId] = data.department;
    },
    ComplaintEscalated(draft, { streamId }) {
      const card = draft.boards[draft.departmentOf[streamId] ?? '']?.[streamId];
      if (card !== undefined) card.escalations += 1;
    },
    ComplaintReviewed(draft, { streamId }) {
      take(draft, streamId);
    },
    ComplaintWithdrawn(draft, { streamId }) {
      take(draft, streamId);
    },
  },
});
