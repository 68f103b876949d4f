import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpHandler } from './httpHandler';

/** What the Node adapter needs of the handler: `fetch`, and the body limit to stop reading at. */
export type FetchHandler = Pick<HttpHandler, 'fetch'> & { readonly maxBodyBytes?: number };

const readBody = (req: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', reject);
      resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      // One byte past the limit is enough for the handler to refuse it; the rest is not read.
      if (size > limit) {
        req.pause();
        done();
      }
    };
    const onEnd = () => done();
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });

const toRequest = async (req: IncomingMessage, limit: number, signal: AbortSignal): Promise<Request> => {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  const host = req.headers.host ?? 'localhost';
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  const url = `${secure ? 'https' : 'http'}://${host}${req.url ?? '/'}`;
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req, limit);
  return new Request(url, {
    method,
    headers,
    signal,
    ...(body === undefined || body.length === 0 ? {} : { body: body as unknown as BodyInit }),
  });
};

const writeResponse = async (response: Response, res: ServerResponse, signal: AbortSignal) => {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (response.body === null) {
    res.writeHead(response.status, headers).end();
    return;
  }
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const bytes = Buffer.from(await response.arrayBuffer());
    headers['content-length'] = String(bytes.length);
    res.writeHead(response.status, headers).end(bytes);
    return;
  }
  // A stream: written as it comes, waiting for the socket to drain, until either side closes.
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body.getReader();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve));
    }
  } finally {
    res.end();
  }
};

/**
 * The handler as a `node:http` request listener — for `createServer`,
 * Express (`app.use('/api', nodeListener(api))`) and Fastify (with the raw
 * request and reply). Reads at most one byte past the handler's body limit,
 * and streams Server-Sent Events with back-pressure.
 *
 * @example
 * createServer(nodeListener(httpHandler({ engine, authenticate }))).listen(3000);
 */
export const nodeListener =
  (handler: FetchHandler, options: { readonly basePath?: string } = {}) =>
  (req: IncomingMessage, res: ServerResponse): void => {
    const controller = new AbortController();
    // The client went away: end a stream it was reading.
    res.on('close', () => controller.abort());
    // Express strips its mount path from req.url; the handler sees the URL as the client sent it.
    const original = (req as { originalUrl?: string }).originalUrl;
    if (original !== undefined) req.url = original;
    else if (options.basePath !== undefined) req.url = options.basePath + (req.url ?? '/');
    void (async () => {
      try {
        const request = await toRequest(req, handler.maxBodyBytes ?? 1024 * 1024, controller.signal);
        await writeResponse(await handler.fetch(request), res, controller.signal);
      } catch {
        if (!res.headersSent)
          res
            .writeHead(500, { 'content-type': 'application/problem+json' })
            .end(
              '{"type":"urn:redress:problem:internal","title":"Internal error","status":500,"detail":"The server failed to answer."}',
            );
        else res.destroy();
      }
    })();
  };
