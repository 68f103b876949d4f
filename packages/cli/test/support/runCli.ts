import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI_BUNDLE } from './cliBundle';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `redress` as a real child process (its sources, bundled by the global setup); `closeStdout` closes the reading end of its stdout at once. */
export const runCli = (
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  options: { readonly closeStdout?: boolean } = {},
): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
      cwd: root,
      env: { ...process.env, REDRESS_STORE: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // A reader that went away before the first line, as `redress export | head -0` leaves it.
    if (options.closeStdout === true) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });

/** A `redress` process left running (the witness): its output so far, and a way to wait for a line of it. */
export interface RunningCli {
  readonly child: ReturnType<typeof spawn>;
  stderr(): string;
  /** Resolves with the first stderr line matching `pattern`; rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  readonly exited: Promise<number>;
}

/** Start `redress` as a real child process and leave it running. */
export const startCli = (args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningCli => {
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
    cwd: root,
    env: { ...process.env, REDRESS_STORE: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const waiting = new Set<() => void>();
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const check of waiting) check();
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return {
    child,
    stderr: () => stderr,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(stderr);
          if (m !== null) {
            waiting.delete(check);
            resolve(m);
          }
        };
        waiting.add(check);
        check();
        void exited.then((code) => {
          if (waiting.has(check)) reject(new Error(`redress ended (${code}) before printing ${pattern}: ${stderr}`));
        });
      }),
  };
};
