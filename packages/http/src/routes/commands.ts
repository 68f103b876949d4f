import { COMMAND_TYPES, RedressError, type Command, type CommandType, type ExecuteResult } from '@redress/core';
import { readJsonBody } from '../body';
import { etagOf, idempotencyKey, parseIfMatch } from '../conditional';
import { json } from '../http';
import { HttpProblem } from '../problem';
import type { Route, RouteResponse } from '../route';
import { commandBodySchemas, commandResultSchema, emptyQuerySchema, problemSchema, RESERVED_FIELDS } from '../schemas';
import type { Services } from '../services';

const WHY_RESERVED: Readonly<Record<(typeof RESERVED_FIELDS)[number], string>> = {
  type: 'the path names the command',
  complaintId: 'the path names the complaint',
  actor: 'the actor comes from authentication, never from the body',
  commandId: 'send it as the Idempotency-Key header',
};

/** Fields of the body the request gives elsewhere: refused, so a body cannot pose as another actor. */
const refuseReserved = (type: CommandType, body: Record<string, unknown>) => {
  const found = RESERVED_FIELDS.filter((f) => Object.hasOwn(body, f) && !(type === 'receive' && f === 'complaintId'));
  if (found.length === 0) return;
  throw new RedressError(
    'VALIDATION',
    `Invalid ${type} request: ${found.map((f) => `${f}: not accepted in the body; ${WHY_RESERVED[f]}`).join('; ')}`,
    { issues: found.map((f) => ({ path: [f], message: WHY_RESERVED[f], code: 'unrecognized_keys' })) },
  );
};

const problem = (description: string): RouteResponse => ({
  description,
  schema: problemSchema,
  contentType: 'application/problem+json',
});

/** The problems every command may answer. */
export const COMMAND_PROBLEMS: Readonly<Record<number, RouteResponse>> = {
  400: problem('Malformed request: JSON, headers'),
  401: problem('No actor: authentication refused'),
  403: problem('FORBIDDEN: the actor may not'),
  404: problem('NOT_FOUND: no such complaint'),
  409: problem('NOT_ALLOWED in this stage, or CONFLICT'),
  413: problem('The body is too large'),
  415: problem('The body is not JSON'),
  422: problem('VALIDATION: the body does not match the schema'),
  503: problem('STORE_UNAVAILABLE: nothing was appended; retry after Retry-After'),
};

const resultBody = (r: ExecuteResult) => ({
  complaintId: r.complaintId,
  version: r.version,
  stage: r.complaint.stage,
  status: r.complaint.status,
  duplicate: r.duplicate,
  ...(r.proposalId === undefined ? {} : { proposalId: r.proposalId }),
  events: r.events.map((e) => ({ id: e.id, type: e.type, version: e.version })),
});

/** The If-Match check and the command, alone for this complaint in this process. */
const conditionally = async (
  s: Services,
  complaintId: string,
  commandId: string | undefined,
  expected: readonly number[] | '*',
  run: () => Promise<ExecuteResult>,
) =>
  s.exclusive(complaintId, async () => {
    const { engine } = s.settings;
    const current = await engine.load(complaintId);
    if (expected === '*' || expected.includes(current.version)) return run();
    // A repeated command (same Idempotency-Key) returns its first result, whatever the version now.
    if (commandId !== undefined && (await engine.history(complaintId)).some((e) => e.commandId === commandId))
      return run();
    throw new HttpProblem(
      'PRECONDITION_FAILED',
      `Complaint ${complaintId} is at version ${current.version}, not ${expected.join(' or ')}; read it again (its ETag is ${etagOf(current.version)}) and decide again`,
      { complaintId, expected: [...expected], actual: current.version },
      { etag: etagOf(current.version) },
    );
  });

/** `POST /complaints` (receive) and `POST /complaints/{id}/commands/{type}` for every other command. */
export const commandRoutes = (s: Services): Route[] =>
  COMMAND_TYPES.map((type): Route => {
    const receive = type === 'receive';
    return {
      method: 'post',
      path: receive ? '/complaints' : `/complaints/{id}/commands/${type}`,
      operationId: type,
      summary: receive ? 'Receive a complaint' : `Run ${type} on a complaint`,
      description: receive
        ? 'Records ComplaintReceived and its acknowledgement. With Idempotency-Key the complaint id derives from it, so a retry meets the first.'
        : `Runs the ${type} command. If-Match makes it conditional on the complaint's version (412 otherwise); Idempotency-Key becomes its commandId, and a repeat returns the first result.`,
      tags: ['commands'],
      query: emptyQuerySchema,
      body: commandBodySchemas[type],
      headers: receive ? ['Idempotency-Key'] : ['If-Match', 'Idempotency-Key'],
      responses: {
        [receive ? 201 : 200]: {
          description: 'Done: the new version (also the ETag) and the events recorded',
          schema: commandResultSchema,
          headers: receive ? ['ETag', 'Location'] : ['ETag'],
        },
        ...COMMAND_PROBLEMS,
        ...(receive ? {} : { 412: problem('The complaint is not at the version If-Match names') }),
      },
      async handle({ request, params, actor }) {
        const body = await readJsonBody(request, s.settings.maxBodyBytes);
        refuseReserved(type, body);
        const commandId = idempotencyKey(request);
        const ifMatch = receive ? undefined : parseIfMatch(request.headers.get('if-match'));
        const complaintId = params.id as string;
        const command = {
          ...body,
          type,
          actor,
          ...(commandId === undefined ? {} : { commandId }),
          ...(receive ? {} : { complaintId }),
        } as Command;
        const run = () => s.settings.engine.execute(command);
        const result = receive
          ? await run()
          : ifMatch === undefined
            ? await s.exclusive(complaintId, run)
            : await conditionally(s, complaintId, commandId, ifMatch, run);
        const headers: Record<string, string> = { etag: etagOf(result.version) };
        if (result.duplicate) headers['idempotent-replayed'] = 'true';
        if (receive) headers.location = `${s.settings.basePath}/complaints/${encodeURIComponent(result.complaintId)}`;
        return json(receive ? 201 : 200, resultBody(result), headers);
      },
    };
  });
