import { actorSchema, isRedressError, type Actor } from '@redress/core';
import { Hono } from 'hono';
import { json } from './http';
import { openApiDocument, type OpenApiDocument } from './openapi';
import { checkHttpOptions, type HttpOptions } from './options';
import { HttpProblem, problemOf, problemResponse } from './problem';
import type { Route } from './route';
import { emptyQuerySchema } from './schemas';
import { auditRoutes } from './routes/audit';
import { commandRoutes } from './routes/commands';
import { complaintRoutes } from './routes/complaint';
import { eventRoutes } from './routes/events';
import { listRoutes } from './routes/lists';
import { services } from './services';

/**
 * The HTTP API of one engine as a web-standard handler: `fetch(request)`
 * answers a `Request` with a `Response`, so it mounts wherever those are spoken
 * (Hono, Next.js route handlers, Bun, Deno, Cloudflare) and, through
 * {@link nodeListener}, in `node:http`, Express and Fastify.
 *
 * @example
 * const api: HttpHandler = httpHandler({ engine, authenticate });
 * const response = await api.fetch(new Request('http://localhost/complaints/C-1'));
 */
export interface HttpHandler {
  fetch(request: Request): Promise<Response>;
  /** The OpenAPI 3.1 document, also served at `/openapi.json`. */
  readonly openapi: OpenApiDocument;
  /** Every route the router serves, as method and path (with the base path). */
  readonly routes: readonly { readonly method: string; readonly path: string }[];
  /** The largest body accepted (the Node adapter reads no more). */
  readonly maxBodyBytes: number;
  /** End every open live-update stream (before closing the server). */
  close(): Promise<void>;
}

const toHono = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** One value per query parameter, checked by the route's schema (strict: an unknown parameter is refused). */
const queryOf = (route: Route, url: URL): Record<string, string | undefined> => {
  const raw: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (Object.hasOwn(raw, name))
      throw new HttpProblem(
        'BAD_REQUEST',
        `Query parameter ${JSON.stringify(name.slice(0, 50))} is given twice; give it once`,
        {
          parameter: name.slice(0, 50),
        },
      );
    raw[name] = value;
  }
  const checked = route.query.safeParse(raw);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code }));
    throw new HttpProblem(
      'BAD_REQUEST',
      `Invalid query: ${issues.map((i) => `${i.path.join('.') || '(query)'}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  return checked.data as Record<string, string | undefined>;
};

/**
 * Build the HTTP API over an engine. The actor of every request comes from
 * `authenticate(request)`, never from a body. Routes (under `basePath`):
 *
 * - `POST /complaints` — receive; `POST /complaints/{id}/commands/{type}` — any other command
 * - `GET /complaints/{id}` (`atVersion`, `at`), `/history`, `/allowed-commands`, `/verify`, `/audit`
 * - `GET /complaints` — the list, filtered, with cursor pagination; `GET /statistics`
 * - `GET /events` — Server-Sent Events; `GET /openapi.json`
 *
 * Errors are RFC 9457 problems; `ETag` is the version, `If-Match` makes a
 * command conditional, `Idempotency-Key` is its `commandId`.
 *
 * @example
 * const api = httpHandler({
 *   engine,
 *   authenticate: (request) => (request.headers.get('x-demo-user') === 'ann' ? { id: 'ann', role: 'agent' } : undefined),
 * });
 * Bun.serve({ fetch: api.fetch }); // or Deno.serve(api.fetch), or createServer(nodeListener(api))
 */
export const httpHandler = (options: HttpOptions): HttpHandler => {
  const settings = checkHttpOptions(options);
  const s = services(settings);
  const { basePath, retryAfterSeconds, log } = settings;
  let openapi: OpenApiDocument | undefined;
  const docRoute: Route = {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This OpenAPI 3.1 document',
    tags: ['meta'],
    query: emptyQuerySchema,
    public: true,
    responses: { 200: { description: 'The document' } },
    handle: async () => json(200, openapi, { 'cache-control': 'public, max-age=60' }),
  };
  const routes: Route[] = [
    ...commandRoutes(s),
    ...listRoutes(s),
    ...complaintRoutes(s),
    ...auditRoutes(s),
    ...eventRoutes(s),
    docRoute,
  ];
  openapi = openApiDocument(routes, settings.info, basePath);

  const matched = new WeakMap<Request, { route: string; actor?: Actor }>();
  const codes = new WeakMap<Response, string>();
  const app = new Hono();
  for (const route of routes) {
    app.on(route.method.toUpperCase(), basePath + toHono(route.path), async (c) => {
      const request = c.req.raw;
      const seen: { route: string; actor?: Actor } = { route: basePath + route.path };
      matched.set(request, seen);
      const actor =
        route.public === true ? ({ id: 'anonymous', role: 'anonymous' } as Actor) : await authenticated(request);
      if (route.public !== true) seen.actor = actor;
      const query = queryOf(route, new URL(request.url));
      return route.handle({ request, params: c.req.param() as Record<string, string>, query, actor });
    });
  }
  const answer = (error: unknown, request: Request) => {
    const problem = problemOf(error, new URL(request.url).pathname, retryAfterSeconds);
    const response = problemResponse(problem);
    codes.set(response, problem.problem.code ?? 'INTERNAL');
    return response;
  };
  app.onError((error, c) => answer(error, c.req.raw));
  app.notFound((c) =>
    answer(
      new HttpProblem(
        'ROUTE_NOT_FOUND',
        `No route ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}; see ${basePath}/openapi.json`,
      ),
      c.req.raw,
    ),
  );

  const authenticated = async (request: Request): Promise<Actor> => {
    let actor: Actor | undefined;
    try {
      actor = await settings.authenticate(request);
    } catch (error) {
      if (isRedressError(error) || error instanceof HttpProblem) throw error;
      // The hook's own error may quote the credentials: it is not passed on.
      actor = undefined;
    }
    if (actor === undefined)
      throw new HttpProblem(
        'UNAUTHENTICATED',
        'Sign in first: this request names no actor the application accepts',
        {},
        {
          'www-authenticate': 'Bearer',
        },
      );
    const checked = actorSchema.safeParse(actor);
    if (!checked.success)
      throw new HttpProblem('INTERNAL', 'The application named an actor that is not { id, role, department? }');
    return checked.data;
  };

  return {
    async fetch(request) {
      const started = performance.now();
      let response: Response;
      try {
        response = await app.fetch(request);
      } catch (error) {
        response = answer(error, request);
      }
      if (log !== undefined) {
        const seen = matched.get(request);
        const code = codes.get(response);
        log({
          method: request.method,
          route: seen?.route ?? new URL(request.url).pathname.slice(0, 200),
          status: response.status,
          ...(code === undefined ? {} : { code }),
          ...(seen?.actor === undefined ? {} : { actor: { id: seen.actor.id, role: seen.actor.role } }),
          ms: Math.round((performance.now() - started) * 10) / 10,
        });
      }
      return response;
    },
    openapi,
    routes: routes.map((r) => ({ method: r.method.toUpperCase(), path: basePath + r.path })),
    maxBodyBytes: settings.maxBodyBytes,
    async close() {
      for (const stop of [...s.streams]) stop();
      await Promise.all([s.list.stop(), s.statistics.stop()]);
    },
  };
};
