import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach } from 'vitest';

// The example programs run as a user runs them: their own process, TypeScript through
// tsx, the workspace packages from source, and a working directory of their own (so
// `sqliteStore({ path: 'complaints.db' })` writes into a fresh temporary directory).
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A program of this package that is running. */
export interface RunningProgram {
  readonly child: ChildProcess;
  /** What it has printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once the output holds `lines` lines; rejects if the program ends first. */
  lines(count: number): Promise<string[]>;
  /** Resolves with the exit code (or the signal) once the program has ended. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

const running = new Set<ChildProcess>();
const dirs: string[] = [];
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh working directory, removed after the test. */
export const workDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-docs-'));
  dirs.push(dir);
  return dir;
};

/** A key-encryption key for the programs that encrypt personal data, as an app's environment would give it. */
export const TEST_KEK = randomBytes(32).toString('base64');

/** Start `src/<name>.ts` in `cwd` with extra environment variables (and `REDRESS_KEK`). */
export const startProgram = (name: string, cwd: string, env: Record<string, string> = {}): RunningProgram => {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const child = spawn(process.execPath, ['--import', tsx, '--conditions=@redress/source', file], {
    cwd,
    env: { REDRESS_KEK: TEST_KEK, ...process.env, ...env },
  });
  running.add(child);
  let out = '';
  let err = '';
  const waiting = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    for (const wake of waiting) wake();
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (err += s));
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? 'SIGKILL');
      for (const wake of waiting) wake();
    }),
  );
  const lines = (count: number) =>
    new Promise<string[]>((resolve, reject) => {
      const wake = () => {
        const got = out.split('\n').slice(0, -1);
        if (got.length >= count) {
          waiting.delete(wake);
          resolve(got);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          waiting.delete(wake);
          reject(new Error(`${name}.ts ended after ${got.length} of ${count} lines; stderr:\n${err}`));
        }
      };
      waiting.add(wake);
      wake();
    });
  return { child, stdout: () => out, stderr: () => err, lines, exited };
};

/** Run `src/<name>.ts` to its end. */
export const runProgram = async (name: string, cwd: string, env: Record<string, string> = {}) => {
  const program = startProgram(name, cwd, env);
  const code = await program.exited;
  return { code, stdout: program.stdout(), stderr: program.stderr() };
};

/** The fenced blocks of a docs page with the given info string (`ts`, or '' for none). */
export const docBlocks = (page: string, lang = 'ts'): string[] => {
  const doc = readFileSync(new URL(`../../../docs/${page}`, import.meta.url), 'utf8');
  return [...doc.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)]
    .filter((m) => m[1] === lang)
    .map((m) => (m[2] ?? '').trimEnd());
};
