import { exec } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const root = new URL('../', import.meta.url);
const { scripts } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  scripts: Record<string, string>;
};

/** The test files a script's `vitest run …` selects, as `vitest list` reports them (paths from the root). */
const filesOf = async (name: string): Promise<string[]> => {
  const [, env = '', args] = /^((?:[A-Z_]+=\S* )*)(?:.*&& )?vitest run\b(.*)$/.exec(scripts[name] ?? '') ?? [];
  if (args === undefined) throw new Error(`the script "${name}" has no "vitest run"`);
  // --json last: it takes an optional file name, and would take a filter for one.
  const command = `${env}node_modules/.bin/vitest list${args} --filesOnly --json`;
  const { stdout } = await promisify(exec)(command, { cwd: root.pathname, maxBuffer: 1 << 24 });
  return (JSON.parse(stdout) as { file: string }[]).map((f) => f.file.slice(root.pathname.length)).sort();
};

describe('test scripts per layer', () => {
  test('test:unit, test:prop and test:int split the files of `pnpm test` by name, each file in exactly one', async () => {
    const [all, unit, prop, int] = await Promise.all(['test', 'test:unit', 'test:prop', 'test:int'].map(filesOf));
    expect(all?.length).toBeGreaterThan(50);
    expect(prop?.length).toBeGreaterThan(0);
    expect(int?.length).toBeGreaterThan(0);
    expect(prop?.every((f) => f.endsWith('.prop.test.ts'))).toBe(true);
    expect(int?.every((f) => f.endsWith('.int.test.ts'))).toBe(true);
    expect(unit?.some((f) => f.endsWith('.prop.test.ts') || f.endsWith('.int.test.ts'))).toBe(false);
    expect([...(unit ?? []), ...(prop ?? []), ...(int ?? [])].sort()).toEqual(all);
    expect(all?.some((f) => f.endsWith('.long.test.ts'))).toBe(false);
  });

  test('the long files run in test:long alone', async () => {
    const { stdout } = await promisify(exec)('node_modules/.bin/vitest list .long.test.ts --filesOnly --json', {
      cwd: root.pathname,
      env: { ...process.env, REDRESS_LONG: '1' },
      maxBuffer: 1 << 24,
    });
    const long = (JSON.parse(stdout) as { file: string }[]).map((f) => f.file);
    expect(long.length).toBeGreaterThan(0);
    expect(long.every((f) => f.endsWith('.long.test.ts'))).toBe(true);
    expect(readFileSync(new URL('scripts/long-run.sh', root), 'utf8')).toContain('REDRESS_LONG=1');
  });
});
