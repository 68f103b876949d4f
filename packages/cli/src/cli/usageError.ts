/**
 * A mistake in the command line itself: an unknown command, a missing or extra
 * argument, no store. It exits 2 and points at `redress --help`.
 *
 * Not a RedressError: those are the library's failures, with the library's
 * codes; a command line is the CLI's own, like the errors node:util's parseArgs
 * throws for an unknown option, which it is reported with.
 *
 * @example
 * throw new UsageError('replay needs a complaint id: redress replay <ID>');
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Whether `error` is a command-line mistake: a UsageError or one of parseArgs's.
 *
 * @example
 * const code = isUsageError(error) ? EXIT.usage : EXIT.internal;
 */
export const isUsageError = (error: unknown): boolean =>
  error instanceof UsageError ||
  (error as { code?: unknown } | null)?.code?.toString().startsWith('ERR_PARSE_ARGS') === true;
