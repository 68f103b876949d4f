import { RedressError, type RedressErrorCode } from '@redress/core';
import type { Durability } from '../schema/openDatabase';
import type { WriteName } from './writeOps';

/**
 * What the store says to the writer thread. `conn` names one connection of the
 * thread (one file, one durability); `id` one write.
 */
export type ToThread =
  | {
      readonly t: 'open';
      readonly conn: number;
      /** The path as the store was given it, for messages. */
      readonly path: string;
      /** The same file as an absolute path, to open. */
      readonly file: string;
      readonly durability: Durability;
      readonly busyTimeoutMs: number;
    }
  | {
      readonly t: 'run';
      readonly conn: number;
      readonly id: number;
      readonly name: WriteName;
      readonly args: readonly unknown[];
      /** When waiting for another process's write lock must stop (ms since the epoch). */
      readonly deadline: number;
    }
  | { readonly t: 'close'; readonly conn: number; readonly id: number }
  /** No store uses the thread any more: it ends itself (never terminated from outside, see writerClient). */
  | { readonly t: 'stop' };

/** A write's outcome, as the thread reports it. */
export type Outcome =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: ErrorData };

/** What the writer thread says: the outcomes of one commit (or of closes), in order. */
export interface FromThread {
  readonly outcomes: readonly Outcome[];
  /** The outcomes of one transaction that committed (its writes that failed rolled back their savepoints only). */
  readonly group?: true;
}

/**
 * A RedressError as plain data: the structured clone of an `Error` keeps its
 * message but neither `code` nor `details`, so both cross the thread by hand.
 */
export interface ErrorData {
  readonly code: RedressErrorCode;
  readonly message: string;
  readonly details: unknown;
  readonly cause?: { readonly name: string; readonly message: string; readonly code: string | undefined };
}

/** A RedressError made plain, for the other side of the thread. */
export const errorData = (error: RedressError): ErrorData => {
  const cause = error.cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return {
    code: error.code,
    message: error.message,
    details: error.details,
    ...(cause instanceof Error
      ? {
          cause: {
            name: cause.name,
            message: cause.message,
            code: typeof code === 'string' ? code : undefined,
          },
        }
      : {}),
  };
};

/** The RedressError again, on this side of the thread (its cause as an `Error` with the driver's code). */
export const errorFrom = (data: ErrorData): RedressError => {
  const cause =
    data.cause === undefined
      ? undefined
      : Object.assign(new Error(data.cause.message), {
          name: data.cause.name,
          ...(data.cause.code === undefined ? {} : { code: data.cause.code }),
        });
  return new RedressError(data.code, data.message, data.details as never, cause === undefined ? undefined : { cause });
};
