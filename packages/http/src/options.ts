import { defaultPrivacyPolicy, RedressError, type Actor, type Engine, type PrivacyPolicy } from '@redress/core';

/** What the handler may log of one request: never a body, a query string or a personal value. */
export interface RequestLog {
  readonly method: string;
  /** The route's path template (`/complaints/{id}`) where one matched, else the request's path. */
  readonly route: string;
  readonly status: number;
  /** The problem code of a refusal. */
  readonly code?: string;
  readonly actor?: { readonly id: string; readonly role: string };
  readonly ms: number;
}

/**
 * What `httpHandler` takes.
 *
 * @example
 * const options: HttpOptions = { engine, authenticate: async (request) => actorFromToken(request) };
 */
export interface HttpOptions {
  readonly engine: Engine;
  /**
   * Who sends the request, decided by the application (a session, a signed
   * token): the actor, or `undefined` to refuse with 401. Never read from a body.
   */
  authenticate(request: Request): Actor | undefined | Promise<Actor | undefined>;
  /** Where the API is mounted, such as `/api` (default: at the root). */
  readonly basePath?: string;
  /** Which fields are personal data (default `defaultPrivacyPolicy`, as the engine's). */
  readonly privacyPolicy?: PrivacyPolicy;
  /**
   * Roles that may ask for personal data with `?reveal=true` (default none):
   * every other response shows personal fields as `{ hidden: true }`.
   */
  readonly revealRoles?: readonly string[];
  /** Largest request body accepted, in bytes (default 64 KiB). */
  readonly maxBodyBytes?: number;
  /** `Retry-After` of a 503, in seconds (default 5). */
  readonly retryAfterSeconds?: number;
  /** Live updates: how often an idle stream looks for new events, and sends a keep-alive comment (ms). */
  readonly events?: { readonly pollMs?: number; readonly heartbeatMs?: number; readonly batchSize?: number };
  /** One entry per request; see {@link RequestLog} for what it holds. */
  readonly log?: (entry: RequestLog) => void;
  /** The OpenAPI document's `info`. */
  readonly info?: { readonly title?: string; readonly version?: string };
}

/** The options with their defaults, checked. */
export interface HttpSettings {
  readonly engine: Engine;
  readonly authenticate: HttpOptions['authenticate'];
  readonly basePath: string;
  readonly privacyPolicy: PrivacyPolicy;
  readonly revealRoles: readonly string[];
  readonly maxBodyBytes: number;
  readonly retryAfterSeconds: number;
  readonly pollMs: number;
  readonly heartbeatMs: number;
  readonly batchSize: number;
  readonly log: ((entry: RequestLog) => void) | undefined;
  readonly info: { readonly title: string; readonly version: string };
}

const whole = (name: string, value: number | undefined, fallback: number, min: number, max: number) => {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max)
    throw new RedressError(
      'VALIDATION',
      `httpHandler: ${name} must be a whole number from ${min} to ${max}, got ${String(value)}`,
      {
        option: name,
        min,
        max,
      },
    );
  return v;
};

/** Check the options and fill in the defaults; a bad option is `VALIDATION` naming it. */
export const checkHttpOptions = (options: HttpOptions): HttpSettings => {
  if (typeof options !== 'object' || options === null || typeof options.engine?.execute !== 'function')
    throw new RedressError('VALIDATION', 'httpHandler needs { engine, authenticate }: engine is missing', {
      option: 'engine',
    });
  if (typeof options.authenticate !== 'function')
    throw new RedressError(
      'VALIDATION',
      'httpHandler needs authenticate(request) returning the actor: the actor never comes from the request body',
      { option: 'authenticate' },
    );
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  if (basePath !== '' && !/^\/[A-Za-z0-9._~\-/]*$/.test(basePath))
    throw new RedressError(
      'VALIDATION',
      `httpHandler: basePath must be a path such as /api, got ${JSON.stringify(options.basePath)}`,
      {
        option: 'basePath',
      },
    );
  const revealRoles = options.revealRoles ?? [];
  if (!Array.isArray(revealRoles) || revealRoles.some((r) => typeof r !== 'string' || r === ''))
    throw new RedressError('VALIDATION', "httpHandler: revealRoles must be role names, e.g. ['supervisor']", {
      option: 'revealRoles',
    });
  return {
    engine: options.engine,
    authenticate: options.authenticate,
    basePath,
    privacyPolicy: options.privacyPolicy ?? defaultPrivacyPolicy,
    revealRoles: [...revealRoles],
    maxBodyBytes: whole('maxBodyBytes', options.maxBodyBytes, 64 * 1024, 256, 16 * 1024 * 1024),
    retryAfterSeconds: whole('retryAfterSeconds', options.retryAfterSeconds, 5, 1, 86_400),
    pollMs: whole('events.pollMs', options.events?.pollMs, 500, 10, 60_000),
    heartbeatMs: whole('events.heartbeatMs', options.events?.heartbeatMs, 15_000, 100, 600_000),
    batchSize: whole('events.batchSize', options.events?.batchSize, 500, 1, 10_000),
    log: options.log,
    info: { title: options.info?.title ?? 'Redress complaints API', version: options.info?.version ?? '0.1.0' },
  };
};
