import { createWriteStream, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { RedressError } from '@redress/core';

// An --out that cannot be written is a bad option value, refused (exit 6) like
// `--format pdf`. Not "unavailable" (exit 3): that says the store cannot be
// reached, which may pass and is worth a retry; here the store is fine, and
// nothing changes until the path does.
const refused = (path: string, message: string) => new RedressError('VALIDATION', message, { out: path });

const stat = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/**
 * Refuse an --out that names a directory or lies in a folder that does not
 * exist, before any work is done for it.
 *
 * @example
 * checkOutPath('reports/C-17.html'); // throws if there is no reports/ folder
 */
export const checkOutPath = (path: string): void => {
  if (stat(path)?.isDirectory()) throw refused(path, `--out ${path} is a directory; name a file to write`);
  const folder = dirname(path);
  const parent = stat(folder);
  if (parent === undefined)
    throw refused(path, `--out ${path}: the folder ${folder} does not exist; create it first or choose another path`);
  if (!parent.isDirectory()) throw refused(path, `--out ${path}: ${folder} is not a folder; choose another path`);
};

/** An error of the file system while writing --out (no permission, disk full) as one refusal that names the path. */
const outError = (path: string, error: unknown): unknown => {
  const systemError = error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
  if (!systemError) return error;
  return new RedressError(
    'VALIDATION',
    `Cannot write --out ${path} (${error.message}); check that you may write there and that the disk has room`,
    { out: path },
    { cause: error },
  );
};

/**
 * Write `body` to the --out file in one go (check the path with checkOutPath
 * before doing the work).
 *
 * @example
 * checkOutPath('C-17.html');
 * writeOutFile('C-17.html', renderHtml(report, now));
 */
export const writeOutFile = (path: string, body: string): void => {
  try {
    writeFileSync(path, body);
  } catch (error) {
    throw outError(path, error);
  }
};

/** A file written in parts under a temporary name, and put in place only once complete. */
export interface PartialFile {
  /** Append a chunk, waiting while the disk catches up. */
  write(chunk: string): Promise<void>;
  /** Finish the file and rename it to its path. */
  commit(): Promise<void>;
  /** Stop writing and remove what was written: nothing is left at the path or beside it. */
  discard(): Promise<void>;
}

/**
 * Open `path` for writing in parts: the data goes to `path.partial-<pid>` and
 * becomes `path` on commit, so a reader never sees half a file. A path that
 * cannot be written is refused here, before any work is done for it.
 *
 * @example
 * const file = await partialFile('backup.ndjson');
 * try { await file.write(line); await file.commit(); } catch (e) { await file.discard(); throw e; }
 */
export const partialFile = async (path: string): Promise<PartialFile> => {
  checkOutPath(path);
  const existing = stat(path);
  // Renaming over a device or a pipe (--out /dev/stdout) would replace it with a plain file.
  if (existing !== undefined && !existing.isFile())
    throw refused(path, `--out ${path} is not a plain file and cannot be replaced; leave out --out to write to stdout`);
  const temp = `${path}.partial-${process.pid}`;
  const stream = createWriteStream(temp, 'utf8');
  // Errors are read from `stream.errored` or met by the awaits below; without a
  // listener, one that comes after discard (a write still in flight when the
  // stream is destroyed) would end the process with a stack trace.
  stream.on('error', () => {});
  const failed = (error: unknown) => outError(path, error);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw failed(error);
  }
  const closed = () =>
    stream.closed ? Promise.resolve() : new Promise<void>((resolve) => stream.once('close', () => resolve()));
  return {
    async write(chunk) {
      if (stream.errored !== null) throw failed(stream.errored);
      if (stream.write(chunk)) return;
      try {
        await once(stream, 'drain');
      } catch (error) {
        throw failed(error);
      }
    },
    async commit() {
      if (stream.errored !== null) throw failed(stream.errored);
      stream.end();
      await closed();
      if (stream.errored !== null) throw failed(stream.errored);
      try {
        renameSync(temp, path);
      } catch (error) {
        throw failed(error);
      }
    },
    async discard() {
      stream.destroy();
      await closed();
      rmSync(temp, { force: true });
    },
  };
};
