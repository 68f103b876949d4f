import type { RedressErrorDetails } from './errorDetails';

/**
 * The codes a {@link RedressError} can carry.
 *
 * @example
 * if (isRedressError(err) && err.code === RedressErrorCode.CONFLICT) await retry();
 */
export const RedressErrorCode = {
  VALIDATION: 'VALIDATION',
  NOT_ALLOWED: 'NOT_ALLOWED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TAMPERED: 'TAMPERED',
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
} as const;

/** One of the codes in `RedressErrorCode`, such as `'CONFLICT'`. */
export type RedressErrorCode = (typeof RedressErrorCode)[keyof typeof RedressErrorCode];

const codes = new Set<string>(Object.values(RedressErrorCode));

/**
 * The one error type of Redress. `code` says what kind of failure it is;
 * `message` says what happened and what to do; `details` carries structured data
 * of the shape its code names in {@link RedressErrorDetails} (the offending
 * fields, the stage and the allowed commands, …), as a plain object that can be
 * read without this class.
 *
 * @example
 * try { await engine.execute(cmd); }
 * catch (e) { if (isRedressError(e, 'NOT_ALLOWED')) console.log(e.details?.allowed); }
 */
export class RedressError<C extends RedressErrorCode = RedressErrorCode> extends Error {
  override readonly name = 'RedressError';
  readonly code: C;
  readonly details: RedressErrorDetails[C] | undefined;

  constructor(code: C, message: string, details?: RedressErrorDetails[C], options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/**
 * Structural guard for {@link RedressError}; works across duplicated copies of the
 * package because it checks the shape, not the class. Given a code, it narrows
 * `details` to that code's shape.
 *
 * @example
 * if (isRedressError(e, 'CONFLICT') && e.details?.streamId === id) retryLater();
 */
export const isRedressError = <C extends RedressErrorCode = RedressErrorCode>(
  e: unknown,
  code?: C,
): e is RedressError<C> => {
  if (typeof e !== 'object' || e === null) return false;
  const candidate = e as { name?: unknown; code?: unknown };
  if (candidate.name !== 'RedressError' || typeof candidate.code !== 'string') return false;
  if (!codes.has(candidate.code)) return false;
  return code === undefined || candidate.code === code;
};
