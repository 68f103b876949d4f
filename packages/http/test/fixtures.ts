import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEngine, memoryStore, type Actor, type Engine, type EngineOptions } from '@redress/core';
import { httpHandler, nodeListener, type HttpHandler, type HttpOptions, type RequestLog } from '@redress/http';

/** The demo staff, by bearer token. */
export const STAFF = {
  agent: { id: 'agent-7', role: 'agent' },
  handler: { id: 'handler-2', role: 'handler' },
  qc: { id: 'qc-1', role: 'department', department: 'quality-control' },
  service: { id: 'svc-1', role: 'department', department: 'service' },
  supervisor: { id: 'sup-1', role: 'supervisor' },
} as const satisfies Record<string, Actor>;
export type Who = keyof typeof STAFF;

/** Token auth for tests: `Authorization: Bearer <who>`. */
export const bearer = (request: Request): Actor | undefined => {
  const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
  return token !== undefined && Object.hasOwn(STAFF, token) ? STAFF[token as Who] : undefined;
};

/** An engine on a memory store (encrypting under its ephemeral keys) and its handler, with every log entry kept. */
export const setUp = (
  options: Partial<HttpOptions> = {},
  engineOptions: Partial<EngineOptions> = {},
): { engine: Engine; api: HttpHandler; logs: RequestLog[] } => {
  const engine = createEngine({ store: memoryStore(), ...engineOptions });
  const logs: RequestLog[] = [];
  const api = httpHandler({ engine, authenticate: bearer, log: (e) => logs.push(e), ...options });
  return { engine, api, logs };
};

/** A real server on loopback; `close` ends it. */
export const listen = async (
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> => {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** The handler on a `node:http` server. */
export const serveNode = (api: HttpHandler) => listen(nodeListener(api));

/** A response read whole: status, headers, text and the JSON it holds (if any). */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads the answer field by field, and a wrong one fails it
  readonly json: any;
}

/** A caller of the API at `base`, sending through `send` (the network's `fetch`, or the handler's own). */
export const caller =
  (base: string, send: (request: Request) => Promise<Response> = fetch) =>
  async (
    who: Who | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const response = await send(
      new Request(base + path, {
        method,
        headers: {
          ...(who === undefined ? {} : { authorization: `Bearer ${who}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };

/** A caller straight on the handler's `fetch`, no server. */
export const direct = (api: HttpHandler) => caller('http://localhost', (r) => api.fetch(r));

/** A complaint's body for `POST /complaints`. */
export const intake = (over: Record<string, unknown> = {}) => ({
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳', phone: '+86 138 0000 0000' },
  summary: 'Kettle leaks after two days',
  desiredRemedy: 'replacement',
  ...over,
});

/** How many events the store holds. */
export const eventCount = async (engine: Engine) => {
  let n = 0;
  for await (const _ of engine.store.readAll()) n++;
  return n;
};
