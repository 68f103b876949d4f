import http from 'node:http';
import https from 'node:https';
import { permanentFailure, transientFailure, delivered, type DeliveryResult } from '@redress/core';

/** One HTTP request a channel makes. */
export interface HttpRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly agent: http.Agent;
  /**
   * Applied to the receiver's reply before it becomes part of a failure's text
   * (which is stored and shown), and before that text is cut short: a reply that
   * repeats the recipient's address must not keep it, not even in part.
   */
  readonly scrub?: (text: string) => string;
}

/**
 * Milliseconds to wait from a Retry-After header (seconds or an HTTP date), if it makes sense.
 *
 * @example
 * retryAfterMs('120'); // 120000
 */
export const retryAfterMs = (header: string | undefined, now: number = Date.now()): number | undefined => {
  if (header === undefined || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

/**
 * What an HTTP status means for delivery: 2xx delivered; 408, 429 and 5xx may
 * work later; any other status (4xx, or a redirect, which is not followed) will not.
 *
 * @example
 * classifyStatus(429, 'slow down', '30').ok; // false, transient, retryAfterMs 30000
 */
export const classifyStatus = (status: number, body: string, retryAfter?: string): DeliveryResult => {
  const what = `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`;
  if (status >= 200 && status < 300) return delivered(`HTTP ${status}`);
  if (status === 408 || status === 429 || status >= 500) return transientFailure(what, retryAfterMs(retryAfter));
  if (status >= 300 && status < 400)
    return permanentFailure(`${what} (redirects are not followed; configure the final URL)`);
  return permanentFailure(what);
};

const networkError = (e: NodeJS.ErrnoException, url: URL): DeliveryResult => {
  const where = `${url.protocol}//${url.host}`;
  if (e.code === 'ECONNREFUSED') return transientFailure(`connection refused by ${where}`);
  if (e.code === 'ENOTFOUND') return transientFailure(`host ${url.hostname} not found`);
  return transientFailure(`${e.code ?? 'network error'} talking to ${where}: ${e.message}`);
};

/**
 * Send one request and classify the outcome. Never throws: network errors,
 * timeouts and aborts are transient failures.
 *
 * @example
 * const result = await httpSend({ url, method: 'POST', headers, body, timeoutMs: 5000, signal, agent });
 */
export const httpSend = (req: HttpRequest): Promise<DeliveryResult> =>
  new Promise((resolve) => {
    const lib = req.url.protocol === 'https:' ? https : http;
    let settled = false;
    const done = (r: DeliveryResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const request = lib.request(req.url, {
      method: req.method,
      headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
      agent: req.agent,
    });
    const timer = setTimeout(() => {
      done(transientFailure(`no response from ${req.url.host} within ${req.timeoutMs} ms`));
      request.destroy();
    }, req.timeoutMs);
    const onAbort = () => {
      done(transientFailure(`request to ${req.url.host} aborted by the dispatcher`));
      request.destroy();
    };
    if (req.signal.aborted) return onAbort();
    req.signal.addEventListener('abort', onAbort);
    request.on('error', (e) => done(networkError(e, req.url)));
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < 2048) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => {
        const header = res.headers['retry-after'];
        const reply = Buffer.concat(chunks).toString('utf8').trim();
        done(
          classifyStatus(
            res.statusCode ?? 0,
            req.scrub === undefined ? reply : req.scrub(reply),
            Array.isArray(header) ? header[0] : header,
          ),
        );
      });
      res.on('error', (e) => done(networkError(e, req.url)));
    });
    request.end(req.body);
  });
