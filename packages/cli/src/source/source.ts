import type { EventStore, MerkleLog, Outbox, OutboxRecord } from '@redress/core';

/** One stored event as its bytes say, before any parsing beyond JSON. */
export interface RawEvent {
  /** The parsed JSON object (with its store position), or `undefined` when the record is not JSON. */
  readonly value: unknown;
  /** Where it sits: "line 12" in a file, "position 40" in a store. */
  readonly where: string;
  /** Set when the record could not be read as JSON. */
  readonly corrupt?: string | undefined;
  /** The stored text, when the source read text (verify hashes it as stored, when it is canonical). */
  readonly text?: string | undefined;
  readonly position?: number | undefined;
}

/** A stream's records in version order, as stored. */
export interface RawStream {
  readonly streamId: string;
  readonly events: readonly RawEvent[];
}

/**
 * The log in its global order, for the checks against a checkpoint: every
 * event as stored (parsed JSON with its position; a record that is not JSON as
 * `{ position }`), and the store's own Merkle tree when it has one.
 */
export interface GlobalLog {
  readAll(): AsyncIterable<unknown>;
  readonly merkle: MerkleLog | undefined;
  /** The outbox and its delivery records, checked against the checkpoint's `deliveries` line (an export has none). */
  readonly outbox?: Pick<Outbox, 'list' | 'deliveries'> | undefined;
}

/** Where the CLI reads a log from: a SQLite file, a PostgreSQL schema or an NDJSON export. */
export interface Source {
  readonly kind: 'sqlite' | 'postgres' | 'ndjson';
  /** A short, password-free name for messages. */
  readonly label: string;
  /** The SQLite file, when the source is one: verify reads it from several threads at once. */
  readonly file?: string;
  /** How many events there are, when cheap to know (for progress bars). */
  count(): Promise<number | undefined>;
  /** Every stream (or one), each with its records in version order. */
  streams(filter?: { streamId?: string }): AsyncIterable<RawStream>;
  /** Every event in global order, with the store's tree (an export has none). */
  log(): GlobalLog;
  /** Outbox rows of a complaint, or `undefined` when the source has no outbox (an export). */
  outbox(streamId: string): Promise<readonly OutboxRecord[] | undefined>;
  /** The store behind the source, to write into (import). NDJSON has none. */
  store(): EventStore | undefined;
  close(): Promise<void>;
}

/**
 * What JSON.parse found wrong, without the piece of the text V8 quotes (`Unexpected token 'x', "{"name":"王…"
 * is not valid JSON`): a damaged record is named in reports and errors, and its text may be personal data.
 *
 * @example
 * jsonProblem(new SyntaxError('Unexpected token \'王\', "王芳" is not valid JSON')); // 'an unexpected character'
 */
export const jsonProblem = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  if (/^Unexpected token\b/.test(message)) return 'an unexpected character';
  // The other messages say what was expected and where: `Expected ',' or '}' after property value in JSON at position 12`.
  return message.replace(/,? ?(\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, ' is not valid JSON');
};

/** A record parsed on first use: sources that only pass records on (to a file) never pay for JSON.parse. */
class LazyRaw implements RawEvent {
  private parsed = false;
  private parsedValue: unknown;
  private failure: string | undefined;
  constructor(
    readonly text: string,
    private readonly place: string | undefined,
    readonly position: number | undefined,
  ) {}

  private parse() {
    if (this.parsed) return;
    this.parsed = true;
    try {
      const value: unknown = JSON.parse(this.text);
      if (this.position !== undefined && typeof value === 'object' && value !== null)
        (value as { position: number }).position = this.position;
      this.parsedValue = value;
    } catch (error) {
      this.failure = `is not valid JSON (${jsonProblem(error)})`;
    }
  }

  get where(): string {
    return this.place ?? `position ${this.position}`;
  }

  get value(): unknown {
    this.parse();
    return this.parsedValue;
  }

  get corrupt(): string | undefined {
    this.parse();
    return this.failure;
  }
}

/**
 * One stored record from its JSON text; parsing waits until someone looks.
 *
 * @example
 * rawFrom(line, 'line 12').value;
 */
export const rawFrom = (text: string, where: string, position?: number): RawEvent => new LazyRaw(text, where, position);

/**
 * One stored row from its JSON text and store position ("position 40" is where it sits).
 *
 * @example
 * storedRaw(row.body, row.position).where; // 'position 40'
 */
export const storedRaw = (text: string, position: number): RawEvent => new LazyRaw(text, undefined, position);

/**
 * A record that could not be read at all (a line too long to be an event, or
 * one with no streamId): only where it sits and what is wrong with it are kept.
 *
 * @example
 * damagedRaw('line 12', 'has no streamId').corrupt; // 'has no streamId'
 */
export const damagedRaw = (where: string, reason: string): RawEvent => ({ value: undefined, where, corrupt: reason });
