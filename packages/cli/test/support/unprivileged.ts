import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI_BUNDLE } from './cliBundle';
import type { CliRun } from './runCli';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const node = [process.execPath, CLI_BUNDLE];

/**
 * Root without the capabilities that let it ignore file permissions: it still
 * owns (and so reads) the checkout wherever that is, but a directory of mode 555
 * is read-only to it, as to anyone.
 */
const WITHOUT_OVERRIDE = [
  'setpriv',
  '--inh-caps=-dac_override,-dac_read_search',
  '--bounding-set=-dac_override,-dac_read_search',
  '--',
];

/** The command that runs `redress` under file permissions (root ignores them), or why there is none. */
const command = (): { argv: string[] } | { missing: string } => {
  if (process.getuid?.() !== 0) return { argv: node };
  const probe = spawnSync(WITHOUT_OVERRIDE[0] as string, [...WITHOUT_OVERRIDE.slice(1), process.execPath, '-e', ''], {
    stdio: 'ignore',
  });
  if (probe.error !== undefined || probe.status !== 0) {
    return {
      missing: `the tests run as root, whom file permissions do not bind, and \`setpriv\` cannot drop that here (${probe.error?.message ?? `exit ${probe.status}`})`,
    };
  }
  return { argv: [...WITHOUT_OVERRIDE, ...node] };
};

const found = command();

/** Why the CLI cannot be run under file permissions, or `undefined` when it can. */
export const noUnprivilegedUser: string | undefined = 'missing' in found ? found.missing : undefined;

/**
 * Run `redress` as a real process that file permissions bind: as this user, or,
 * when the tests run as root, as root without its permission override (setpriv).
 */
export const runCliUnprivileged = (args: readonly string[]): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    if (!('argv' in found)) throw new Error(found.missing);
    const [file, ...rest] = found.argv as [string, ...string[]];
    const child = spawn(file, [...rest, ...args], {
      cwd: root,
      env: { ...process.env, REDRESS_STORE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
