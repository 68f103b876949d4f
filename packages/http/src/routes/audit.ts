import { buildAudit, renderHtml } from '@redress/cli';
import { RedressError, step, type Complaint } from '@redress/core';
import { PERSONAL_DATA_HEADER, json } from '../http';
import { hideEvent } from '../personalData';
import type { Route } from '../route';
import { auditQuerySchema, auditSchema } from '../schemas';
import type { Services } from '../services';
import { READ_PROBLEMS, visibleComplaint } from './complaint';

/** HTML when asked for (`format=html`, or an Accept header that prefers it), else JSON. */
const wantsHtml = (format: string | undefined, accept: string | null) =>
  format === 'html' || (format === undefined && accept !== null && /text\/html/i.test(accept) && !/json/i.test(accept));

/**
 * `GET /complaints/{id}/audit`: the report of `redress audit` — who did what and
 * when, time per stage, deadlines, notifications — as JSON or as one
 * self-contained HTML page, built by the CLI's own `buildAudit` and `renderHtml`
 * (every value escaped there). Personal data hidden unless revealed.
 */
export const auditRoutes = (s: Services): Route[] => [
  {
    method: 'get',
    path: '/complaints/{id}/audit',
    operationId: 'getAudit',
    summary: 'The audit report of a complaint, as JSON or as a self-contained HTML page',
    tags: ['audit'],
    query: auditQuerySchema,
    responses: {
      200: { description: 'The report (text/html with format=html)', schema: auditSchema },
      ...READ_PROBLEMS,
    },
    async handle({ request, params, query, actor }) {
      const id = params.id as string;
      const revealed = s.reveals(actor, query.reveal);
      await visibleComplaint(s, actor, id);
      const { engine, privacyPolicy } = s.settings;
      const stored = await engine.history(id);
      // The fold of the stored form, personal fields hidden: the report reads only stages, versions and deadlines of it.
      const states: Complaint[] = [];
      for (const e of stored) {
        const next = step(states.at(-1), hideEvent(e, privacyPolicy));
        if (next === undefined)
          throw new RedressError('TAMPERED', `${id} v${e.version} (${e.type}) does not follow; verify the complaint`, {
            streamId: id,
            version: e.version,
          });
        states.push(next);
      }
      const shown = revealed ? (await engine.history(id, { reveal: true })).map((e) => e.data) : undefined;
      const now = engine.clock();
      const report = buildAudit(
        stored,
        states,
        await engine.store.outbox.list({ streamId: id }),
        now,
        shown === undefined ? {} : { shown: shown as Record<string, unknown>[], revealed: true },
      );
      const headers: Record<string, string> = revealed ? { [PERSONAL_DATA_HEADER]: 'revealed' } : {};
      if (!wantsHtml(query.format, request.headers.get('accept'))) return json(200, report, headers);
      return new Response(renderHtml(report, now), {
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          // The page has no scripts and loads nothing: a policy that says so stops any that got in.
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
          'x-content-type-options': 'nosniff',
          ...headers,
        },
      });
    },
  },
];
