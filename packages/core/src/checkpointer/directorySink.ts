import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseCheckpoint } from '../checkpoint/checkpoint';
import { parseSignedNote } from '../checkpoint/signedNote';
import { RedressError } from '../errors/redressError';
import type { CheckpointSink } from './sink';

/** The name of a checkpoint's file: its size, zero-padded so that names sort as sizes do. */
const fileOf = (size: number) => `checkpoint-${String(size).padStart(16, '0')}.txt`;
/** The file holding the latest checkpoint, replaced as new ones come. */
const LATEST = 'checkpoint.txt';

const flush = (path: string, flags: string) => {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** A new file of `text` beside its final name, flushed: renamed or linked into place, it is whole or not there. */
const written = (dir: string, text: string): string => {
  const temp = join(dir, `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
};

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** Whether `next` is `held` with signatures added: the same checkpoint text, every signature of `held` kept. */
const extends_ = (held: string, next: string): boolean => {
  const a = parseSignedNote(held);
  const b = parseSignedNote(next);
  const lines = new Set(b.signatures.map((s) => `${s.name} ${s.keyId} ${s.signature.toString('base64')}`));
  return (
    a.text === b.text && a.signatures.every((s) => lines.has(`${s.name} ${s.keyId} ${s.signature.toString('base64')}`))
  );
};

/**
 * A directory of checkpoints, append-only: one file a checkpoint
 * (`checkpoint-<size>.txt`, the signed note), written whole (a temporary file,
 * flushed, then linked to its name, which fails rather than replace another
 * checkpoint of that size), and `checkpoint.txt` holding the latest, replaced
 * atomically. A file of a size already there is only ever replaced by the same
 * checkpoint with cosignatures added; a different checkpoint of that size is
 * refused with `TAMPERED` (two trees of one size: the log forked). Put the
 * directory where the database's writers cannot write — another machine, a
 * write-once bucket synced from it — for it to be evidence.
 *
 * @example
 * const sink = directorySink({ path: '/var/lib/complaints/checkpoints' });
 */
export const directorySink = (options: { readonly path: string; readonly name?: string }): CheckpointSink => {
  const dir = options.path;
  if (typeof dir !== 'string' || dir.length === 0)
    throw new RedressError('VALIDATION', 'directorySink needs path: the directory to write checkpoints to', {
      option: 'path',
    });
  return {
    name: options.name ?? `directory ${dir}`,
    async latest(origin) {
      const text = readText(join(dir, LATEST));
      if (text === undefined) return undefined;
      const checkpoint = parseCheckpoint(parseSignedNote(text).text);
      return checkpoint.origin === origin ? checkpoint : undefined;
    },
    async publish(checkpoint) {
      mkdirSync(dir, { recursive: true });
      const target = join(dir, fileOf(checkpoint.size));
      const temp = written(dir, checkpoint.note);
      try {
        try {
          linkSync(temp, target);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          const held = readFileSync(target, 'utf8');
          if (held !== checkpoint.note) {
            if (!extends_(held, checkpoint.note))
              throw new RedressError(
                'TAMPERED',
                `${target} holds another checkpoint of size ${checkpoint.size}: two trees of one size mean the log forked; nothing was written. Keep both notes as evidence and run \`redress verify --trusted\``,
                { path: target, size: checkpoint.size },
              );
            renameSync(temp, target);
          }
        }
        const latest = readText(join(dir, LATEST));
        const latestSize = latest === undefined ? -1 : parseCheckpoint(parseSignedNote(latest).text).size;
        if (latestSize <= checkpoint.size) renameSync(written(dir, checkpoint.note), join(dir, LATEST));
        flush(dir, 'r');
      } finally {
        rmSync(temp, { force: true });
      }
      return undefined;
    },
  };
};
