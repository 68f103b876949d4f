import {
  queryComplaints,
  RedressError,
  statisticsTable,
  type ComplaintQuery,
  type Period,
  type Priority,
  type SortKey,
  type Stage,
} from '@redress/core';
import { page } from '../cursor';
import { json } from '../http';
import type { Route } from '../route';
import { listPageSchema, listQuerySchema, statisticsQuerySchema, statisticsSchema } from '../schemas';
import type { Services } from '../services';
import { READ_PROBLEMS } from './complaint';

const MAX_PAGE = 500;

/** `GET /complaints` (the complaint list) and `GET /statistics` (the statistics table). */
export const listRoutes = (s: Services): Route[] => [
  {
    method: 'get',
    path: '/complaints',
    operationId: 'listComplaints',
    summary: 'The complaint list: filters, sort order and cursor pagination',
    description:
      'Rows carry no personal data. A department actor sees only complaints of its department (and those not yet accepted), as the policy scopes commands. nextCursor continues after the last row of this page.',
    tags: ['complaints'],
    query: listQuerySchema,
    responses: { 200: { description: 'One page', schema: listPageSchema }, ...READ_PROBLEMS },
    async handle({ query, actor }) {
      const limit = query.limit === undefined ? 50 : Number(query.limit);
      if (limit < 1 || limit > MAX_PAGE)
        throw new RedressError('VALIDATION', `limit must be from 1 to ${MAX_PAGE}, got ${limit}`, {
          field: 'limit',
          min: 1,
          max: MAX_PAGE,
        });
      await s.list.catchUp();
      const sort = { by: (query.sort ?? 'receivedAt') as SortKey, order: (query.order ?? 'asc') as 'asc' | 'desc' };
      const q: ComplaintQuery = {
        ...(query.stage === undefined ? {} : { stage: query.stage.split(',') as Stage[] }),
        ...(query.status === undefined ? {} : { status: query.status as 'open' | 'closed' }),
        ...(query.category === undefined ? {} : { category: query.category }),
        ...(query.department === undefined ? {} : { department: query.department }),
        ...(query.assignee === undefined ? {} : { assignee: query.assignee }),
        ...(query.priority === undefined ? {} : { priority: query.priority.split(',') as Priority[] }),
        ...(query.overdue === undefined ? {} : { overdue: query.overdue === 'true' }),
        now: s.settings.engine.clock(),
        sort,
      };
      const rows = queryComplaints(s.list.state, q).filter((r) => s.maySee(actor, r.department));
      return json(200, page(rows, sort, query.cursor, limit));
    },
  },
  {
    method: 'get',
    path: '/statistics',
    operationId: 'getStatistics',
    summary: 'The statistics table: one row per period × category × department, and the totals',
    tags: ['statistics'],
    query: statisticsQuerySchema,
    responses: { 200: { description: 'The table', schema: statisticsSchema }, ...READ_PROBLEMS },
    async handle({ query }) {
      await s.statistics.catchUp();
      return json(
        200,
        statisticsTable(s.statistics.state, {
          period: (query.period ?? 'month') as Period,
          ...(query.timeZone === undefined ? {} : { timeZone: query.timeZone }),
          ...(query.from === undefined ? {} : { from: new Date(query.from) }),
          ...(query.to === undefined ? {} : { to: new Date(query.to) }),
        }),
      );
    },
  },
];
