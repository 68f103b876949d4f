import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { RedressError, type WitnessedCheckpoint } from '@redress/core';
import { isRecord } from '@redress/core/store-kit';

const FORMAT = 'redress-witness-state/v1';

const damaged = (path: string, why: string) =>
  new RedressError(
    'TAMPERED',
    `The witness state ${path} ${why}; restore it from a backup. Starting from nothing instead would let a log that rewrote its history be cosigned again`,
    { path },
  );

/** The records of a state file, checked; a file that does not exist is a witness that has seen nothing yet. */
const load = (path: string): Map<string, WitnessedCheckpoint> => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new RedressError('STORE_UNAVAILABLE', `Cannot read the witness state ${path} (${(error as Error).message})`, {
      path,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw damaged(path, 'is not JSON');
  }
  if (!isRecord(parsed) || parsed.format !== FORMAT || !isRecord(parsed.logs))
    throw damaged(path, `is not a state file of ${FORMAT}`);
  const out = new Map<string, WitnessedCheckpoint>();
  for (const [origin, r] of Object.entries(parsed.logs)) {
    if (
      !isRecord(r) ||
      typeof r.size !== 'number' ||
      !Number.isSafeInteger(r.size) ||
      typeof r.rootHash !== 'string' ||
      typeof r.note !== 'string'
    )
      throw damaged(path, 'holds a record that is not a checkpoint');
    out.set(origin, { origin, size: r.size, rootHash: r.rootHash, note: r.note });
  }
  return out;
};

/** Write `text` to `path` so that a crash leaves the old file or the new one, never a part: a temporary file, flushed, renamed over it, and the folder flushed. */
const writeAtomically = (path: string, text: string): void => {
  const temp = `${path}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  const folder = openSync(dirname(path), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
};

/** Whether a process of this id runs (a lock left by one that died is stale). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Hold `path.lock` for this process: two witnesses on one state could each cosign a branch of a forked log. */
const lock = (path: string): (() => void) => {
  const file = `${path}.lock`;
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isSafeInteger(holder) && alive(holder)) {
        throw new RedressError(
          'CONFLICT',
          `Another witness (process ${holder}) holds ${path}; run one witness a state file`,
          { claimedBy: String(holder) },
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new RedressError('CONFLICT', `Cannot take the lock ${file}; remove it if no witness runs`);
};

/**
 * A witness's memory, in one JSON file: the last checkpoint it cosigned for
 * each log. Read once at start (a damaged file stops the witness: starting
 * from nothing would cosign a rewritten log), rewritten whole and atomically
 * on every change, and held by one process at a time (`<file>.lock`).
 *
 * @example
 * const state = witnessState('witness-state.json');
 * state.get('complaints.example.com/log')?.size;
 * state.put(answer.keep);
 */
export const witnessState = (path: string) => {
  const release = lock(path);
  let records: Map<string, WitnessedCheckpoint>;
  try {
    records = load(path);
  } catch (error) {
    release();
    throw error;
  }
  return {
    get: (origin: string): WitnessedCheckpoint | undefined => records.get(origin),
    put(record: WitnessedCheckpoint): void {
      const next = new Map(records).set(record.origin, record);
      const logs = Object.fromEntries(
        [...next].map(([origin, r]) => [origin, { size: r.size, rootHash: r.rootHash, note: r.note }]),
      );
      writeAtomically(path, `${JSON.stringify({ format: FORMAT, logs }, null, 2)}\n`);
      records = next;
    },
    close: release,
  };
};

/**
 * A witness's state, as `witnessState` opens it.
 *
 * @example
 * const state: WitnessState = witnessState('witness-state.json');
 */
export type WitnessState = ReturnType<typeof witnessState>;
