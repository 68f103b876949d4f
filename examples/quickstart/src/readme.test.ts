import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const root = new URL('../../../', import.meta.url);

describe('README', () => {
  test('the opening example prints exactly the output the README shows', async () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const shown = /<!-- readme-output -->\s*```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBeDefined();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--conditions=@redress/source', 'examples/quickstart/src/readme.ts'],
      { cwd: root.pathname },
    );
    expect(stdout).toBe(shown);
  });

  test('the opening example in the README is the code of examples/quickstart/src/readme.ts', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const code = readFileSync(new URL('examples/quickstart/src/readme.ts', root), 'utf8')
      .split('\n')
      .slice(1)
      .join('\n');
    const shown = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(code);
  });
});
