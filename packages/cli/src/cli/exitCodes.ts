import type { RedressErrorCode } from '@redress/core';

/**
 * The exit codes of `redress`, so scripts can tell what went wrong.
 *
 * @example
 * if (code === EXIT.verifyFailed) alertAuditors();
 */
export const EXIT = {
  ok: 0,
  /** verify found a bad event. */
  verifyFailed: 1,
  /** Wrong command line. */
  usage: 2,
  /** No such file, unreachable database. */
  unavailable: 3,
  /** No such complaint. */
  notFound: 4,
  /** A damaged log or export (a corrupt line, a tampered event, a SQLite file whose pages SQLite cannot read) stopped the command. */
  tampered: 5,
  /** The store refused the work (not a Redress store, already holds these complaints, bad input). */
  refused: 6,
  /** No Redress store where the command was pointed: an empty PostgreSQL database or schema. */
  noStore: 7,
  /** Whoever read stdout stopped reading (`redress export | head`): as for a process ended by SIGPIPE. */
  readerGone: 141,
  /** A bug: please report it. */
  internal: 70,
} as const;

/**
 * The exit code for a RedressError: by its code, but for a store that is not
 * there at all (`details.noStore`), which is not a missing complaint.
 */
export const exitFor = (code: RedressErrorCode, details?: object): number => {
  if (details !== undefined && 'noStore' in details && details.noStore === true) return EXIT.noStore;
  switch (code) {
    case 'STORE_UNAVAILABLE':
      return EXIT.unavailable;
    case 'NOT_FOUND':
      return EXIT.notFound;
    case 'TAMPERED':
      return EXIT.tampered;
    default:
      return EXIT.refused;
  }
};
