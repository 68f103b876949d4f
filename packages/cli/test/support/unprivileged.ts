import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliRun } from './runCli';

const bin = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const node = [process.execPath, '--import', 'tsx', '--conditions=@redress/source', bin];

/** The command that runs `redress` as a user that file permissions bind (root ignores them), or why there is none. */
const command = (): { argv: string[] } | { missing: string } => {
  if (process.getuid?.() !== 0) return { argv: node };
  const probe = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', ''], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) {
    return { missing: `the tests run as root, whom directory permissions do not bind, and \`runuser -u nobody\` does not work here (${probe.error?.message ?? `exit ${probe.status}`})` };
  }
  return { argv: ['runuser', '-u', 'nobody', '--', ...node] };
};

const found = command();

/** Why the CLI cannot be run as a user that permissions bind, or `undefined` when it can. */
export const noUnprivilegedUser: string | undefined = 'missing' in found ? found.missing : undefined;

/**
 * Run `redress` as a real process under a user that file permissions bind: this
 * user, or `nobody` (through runuser) when the tests run as root.
 */
export const runCliUnprivileged = (args: readonly string[]): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    if (!('argv' in found)) throw new Error(found.missing);
    const [file, ...rest] = found.argv as [string, ...string[]];
    const child = spawn(file, [...rest, ...args], { cwd: root, env: { ...process.env, REDRESS_STORE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
