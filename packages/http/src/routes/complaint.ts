import { RedressError, type Actor, type Complaint, type LoadOptions } from '@redress/core';
import { etagOf } from '../conditional';
import { json, PERSONAL_DATA_HEADER } from '../http';
import { hiddenComplaint, hideEvent } from '../personalData';
import type { Route, RouteResponse } from '../route';
import {
  allowedSchema,
  complaintQuerySchema,
  complaintSchema,
  emptyQuerySchema,
  historyQuerySchema,
  historySchema,
  verifySchema,
} from '../schemas';
import type { Services } from '../services';
import { COMMAND_PROBLEMS } from './commands';

const READ_PROBLEMS: Readonly<Record<number, RouteResponse>> = {
  400: COMMAND_PROBLEMS[400] as RouteResponse,
  401: COMMAND_PROBLEMS[401] as RouteResponse,
  403: COMMAND_PROBLEMS[403] as RouteResponse,
  404: COMMAND_PROBLEMS[404] as RouteResponse,
  503: COMMAND_PROBLEMS[503] as RouteResponse,
};
/** The problems a read may answer. */
export { READ_PROBLEMS };

/** The complaint, refused with `FORBIDDEN` when the actor's department scope leaves it out. */
export const visibleComplaint = async (s: Services, actor: Actor, id: string, options: LoadOptions = {}) => {
  const complaint = await s.settings.engine.load(id, options);
  if (!s.maySee(actor, complaint.department)) {
    throw new RedressError(
      'FORBIDDEN',
      `${actor.id} works for department "${actor.department}", but complaint ${id} is assigned to another department`,
      { actor, command: 'read', complaintId: id },
    );
  }
  return complaint;
};

const revealedHeaders = (revealed: boolean): Record<string, string> =>
  revealed ? { [PERSONAL_DATA_HEADER]: 'revealed' } : {};

/** The routes that read one complaint: itself, its history, its allowed commands, its verification. */
export const complaintRoutes = (s: Services): Route[] => [
  {
    method: 'get',
    path: '/complaints/{id}',
    operationId: 'getComplaint',
    summary: 'A complaint, now or as it stood at a version (atVersion) or a time (at)',
    description:
      'Personal fields read { "hidden": true } unless an actor of a role the handler names asks with reveal=true. The ETag is the version.',
    tags: ['complaints'],
    query: complaintQuerySchema,
    responses: {
      200: { description: 'The complaint', schema: complaintSchema, headers: ['ETag'] },
      ...READ_PROBLEMS,
      422: COMMAND_PROBLEMS[422] as RouteResponse,
    },
    async handle({ params, query, actor }) {
      const id = params.id as string;
      const revealed = s.reveals(actor, query.reveal);
      const options: LoadOptions = {
        ...(query.atVersion === undefined ? {} : { atVersion: Number(query.atVersion) }),
        ...(query.at === undefined ? {} : { at: new Date(query.at) }),
      };
      const complaint = await visibleComplaint(s, actor, id, options);
      const shown: Complaint = revealed
        ? complaint
        : hiddenComplaint(await s.settings.engine.history(id), complaint.version, s.settings.privacyPolicy);
      return json(200, shown, { etag: etagOf(complaint.version), ...revealedHeaders(revealed) });
    },
  },
  {
    method: 'get',
    path: '/complaints/{id}/history',
    operationId: 'getHistory',
    summary: "The complaint's stored events, in order",
    description:
      'Personal fields, in clear or encrypted, read { "hidden": true } unless revealed (reveal=true, by a role the handler names).',
    tags: ['complaints'],
    query: historyQuerySchema,
    responses: { 200: { description: 'The events', schema: historySchema, headers: ['ETag'] }, ...READ_PROBLEMS },
    async handle({ params, query, actor }) {
      const id = params.id as string;
      const revealed = s.reveals(actor, query.reveal);
      const complaint = await visibleComplaint(s, actor, id);
      const events = await s.settings.engine.history(id, revealed ? { reveal: true } : {});
      const shown = revealed ? events : events.map((e) => hideEvent(e, s.settings.privacyPolicy));
      return json(
        200,
        { complaintId: id, personalData: revealed ? 'revealed' : 'hidden', events: shown },
        { etag: etagOf(complaint.version), ...revealedHeaders(revealed) },
      );
    },
  },
  {
    method: 'get',
    path: '/complaints/{id}/allowed-commands',
    operationId: 'getAllowedCommands',
    summary: 'The commands the authenticated actor may run next on the complaint',
    tags: ['complaints'],
    query: emptyQuerySchema,
    responses: { 200: { description: 'Allowed commands', schema: allowedSchema, headers: ['ETag'] }, ...READ_PROBLEMS },
    async handle({ params, actor }) {
      const complaint = await visibleComplaint(s, actor, params.id as string);
      return json(
        200,
        {
          complaintId: complaint.id,
          version: complaint.version,
          stage: complaint.stage,
          allowed: s.settings.engine.allowedCommands(complaint, actor),
        },
        { etag: etagOf(complaint.version) },
      );
    },
  },
  {
    method: 'get',
    path: '/complaints/{id}/verify',
    operationId: 'verifyComplaint',
    summary: "Check the complaint's log: schemas, versions, hash chain and lifecycle",
    tags: ['audit'],
    query: emptyQuerySchema,
    responses: { 200: { description: '{ ok: true } or the first bad event', schema: verifySchema }, ...READ_PROBLEMS },
    async handle({ params, actor }) {
      const id = params.id as string;
      // The department scope is checked on what the complaint says of itself; a damaged log still verifies (as not ok).
      await s.list.catchUp().catch(() => undefined);
      const department = s.list.state.get(id)?.department;
      if (!s.maySee(actor, department)) await visibleComplaint(s, actor, id);
      return json(200, await s.settings.engine.verify(id));
    },
  },
];
