import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { HttpHandler } from './httpHandler';

/** What the Node adapter needs of the handler: its `fetch`. */
export type FetchHandler = Pick<HttpHandler, 'fetch'>;

/**
 * The handler as a `node:http` request listener — for `createServer`,
 * Express (`app.use('/api', nodeListener(api))`) and Fastify (with the raw
 * request and reply). It is `@hono/node-server`'s listener, which builds the
 * `Request` lazily and reads a body only when the handler asks (and the handler
 * refuses one over its limit before reading it), streams Server-Sent Events and
 * ends them when the client goes. It leaves the global `Request` and `Response`
 * alone. Under Express, the URL is the one the client sent (Express strips its
 * mount path from `req.url`); `basePath` puts a stripped prefix back otherwise.
 *
 * @example
 * createServer(nodeListener(httpHandler({ engine, authenticate }))).listen(3000);
 */
export const nodeListener = (
  handler: FetchHandler,
  options: { readonly basePath?: string } = {},
): ((req: IncomingMessage, res: ServerResponse) => void) => {
  const listener = getRequestListener((request: Request) => handler.fetch(request), { overrideGlobalObjects: false });
  return (req, res) => {
    const original = (req as { originalUrl?: string }).originalUrl;
    if (original !== undefined) req.url = original;
    else if (options.basePath !== undefined) req.url = options.basePath + (req.url ?? '/');
    void listener(req, res);
  };
};
