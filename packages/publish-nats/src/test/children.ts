import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const script = fileURLToPath(new URL('./publishChild.ts', import.meta.url));

/** What a publisher child printed: one line per acknowledged batch. */
export interface BatchLine {
  readonly holder: string;
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly at: number;
}

/** A publisher process (publishChild.ts), its batches as it reports them, and its exit. */
export const launchPublisher = (args: string[]) => {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@redress/source', script, ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const batches: BatchLine[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = JSON.parse(line) as Partial<BatchLine> & { started?: boolean };
      if (parsed.started !== true) batches.push(parsed as BatchLine);
    }
  });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    batches,
    exited,
    get stderr() {
      return stderr;
    },
  };
};

/** A TCP port nobody listens on now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject()));
    });
  });

/** Wait until `ready()` holds, checking every 25 ms, for at most `ms`. */
export const until = async (ready: () => boolean | Promise<boolean>, ms = 30_000, what = 'the condition') => {
  const end = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

/**
 * A NATS server of the test's own (JetStream on, storage in `dir`), which it may stop and start again on
 * the same port and directory; never the machine's server.
 */
export const ownNatsServer = (port: number, dir: string) => {
  let child: ChildProcess | undefined;
  const start = async () => {
    const c = spawn('/usr/sbin/nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = c;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      c.stderr?.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('Server is ready')) resolve();
      });
      c.on('exit', (code) => reject(new Error(`nats-server exited with ${code}: ${log}`)));
    });
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null) return;
    const gone = new Promise((r) => c.on('exit', r));
    c.kill('SIGTERM');
    await gone;
  };
  return { url: `nats://127.0.0.1:${port}`, start, stop };
};
