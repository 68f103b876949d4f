import { isRedressError, type RedressErrorCode } from '@redress/core';

/**
 * An RFC 9457 problem: what went wrong, for a program (`type`, `code`,
 * `details`) and for a person (`title`, `detail`).
 *
 * @example
 * const p: Problem = { type: 'urn:redress:problem:not-found', title: 'Not found', status: 404, detail: 'No complaint C-9; check the id' };
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The RedressError code, or an HTTP-level code such as `MALFORMED_JSON`. */
  readonly code?: string;
  /** The RedressError's details, as the engine gave them. */
  readonly details?: unknown;
  /** The request path (no query string: a query may carry what a log must not). */
  readonly instance?: string;
}

/** Codes of refusals made by the HTTP layer itself, before the engine sees the request. */
export type HttpProblemCode =
  | 'UNAUTHENTICATED'
  | 'MALFORMED_JSON'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BODY_TOO_LARGE'
  | 'BAD_REQUEST'
  | 'PRECONDITION_FAILED'
  | 'NOT_ACCEPTABLE'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL';

/**
 * The one HTTP status of each RedressError code. `VALIDATION` of a request's
 * body is 422 (well-formed JSON the schema refuses); the HTTP layer's own
 * refusals of a malformed request are 400.
 *
 * @example
 * STATUS_OF_CODE.NOT_ALLOWED; // 409
 */
export const STATUS_OF_CODE: Readonly<Record<RedressErrorCode, number>> = {
  VALIDATION: 422,
  NOT_ALLOWED: 409,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TAMPERED: 500,
  STORE_UNAVAILABLE: 503,
};

const STATUS_OF_HTTP: Readonly<Record<HttpProblemCode, number>> = {
  UNAUTHENTICATED: 401,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BODY_TOO_LARGE: 413,
  BAD_REQUEST: 400,
  PRECONDITION_FAILED: 412,
  NOT_ACCEPTABLE: 406,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INTERNAL: 500,
};

const TITLES: Readonly<Record<string, string>> = {
  VALIDATION: 'The request does not match its schema',
  NOT_ALLOWED: 'Not possible in this stage',
  FORBIDDEN: 'Not allowed for this actor',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  TAMPERED: 'The stored log is damaged',
  STORE_UNAVAILABLE: 'The store is unavailable',
  UNAUTHENTICATED: 'Authentication required',
  MALFORMED_JSON: 'The body is not valid JSON',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type',
  BODY_TOO_LARGE: 'The body is too large',
  BAD_REQUEST: 'Bad request',
  PRECONDITION_FAILED: 'The complaint is not at the version given in If-Match',
  NOT_ACCEPTABLE: 'Not acceptable',
  ROUTE_NOT_FOUND: 'No such route',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  INTERNAL: 'Internal error',
};

/** The problem type URI of a code: `urn:redress:problem:not-allowed`. */
export const problemType = (code: string): string => `urn:redress:problem:${code.toLowerCase().replace(/_/g, '-')}`;

/**
 * A refusal of the HTTP layer as an error the handler turns into a problem.
 *
 * @example
 * throw new HttpProblem('MALFORMED_JSON', 'The body is not JSON: Unexpected token } at position 9');
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly code: HttpProblemCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

/** What the handler answers for an error, and what it may log of it. */
export interface ProblemAnswer {
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The problem for any error thrown while answering a request. A RedressError
 * keeps its message and details (the engine's messages name fields, stages and
 * roles, never personal values); any other error becomes a 500 whose body says
 * nothing of it.
 *
 * @example
 * const { problem } = problemOf(new RedressError('NOT_FOUND', 'No complaint C-9'), '/complaints/C-9', 5);
 * problem.status; // 404
 */
export const problemOf = (error: unknown, instance: string, retryAfterSeconds: number): ProblemAnswer => {
  if (error instanceof HttpProblem) {
    return {
      problem: {
        type: problemType(error.code),
        title: TITLES[error.code] ?? error.code,
        status: STATUS_OF_HTTP[error.code],
        detail: error.message,
        code: error.code,
        ...(error.details === undefined ? {} : { details: error.details }),
        instance,
      },
      headers: error.headers ?? {},
    };
  }
  if (isRedressError(error)) {
    const status = STATUS_OF_CODE[error.code];
    return {
      problem: {
        type: problemType(error.code),
        title: TITLES[error.code] ?? error.code,
        status,
        detail: error.message,
        code: error.code,
        ...(error.details === undefined ? {} : { details: error.details }),
        instance,
      },
      headers: error.code === 'STORE_UNAVAILABLE' ? { 'retry-after': String(retryAfterSeconds) } : {},
    };
  }
  return {
    problem: {
      type: problemType('INTERNAL'),
      title: TITLES.INTERNAL as string,
      status: 500,
      detail: 'The server failed to answer; the failure is not described here. Try again, or ask the operator.',
      code: 'INTERNAL',
      instance,
    },
    headers: {},
  };
};

/**
 * The problem as an `application/problem+json` response.
 *
 * @example
 * return problemResponse(problemOf(error, url.pathname, 5));
 */
export const problemResponse = ({ problem, headers }: ProblemAnswer): Response =>
  new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
  });
