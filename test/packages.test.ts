import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const packages = readdirSync(new URL('../packages/', import.meta.url));

// What every tarball carries for its user; `pnpm check:packages` installs the tarballs themselves.
describe.each(packages)('packages/%s', (name) => {
  const manifest = JSON.parse(read(`packages/${name}/package.json`)) as Record<string, unknown>;

  test('carries the repository LICENSE, word for word, and a README with an example', () => {
    expect(read(`packages/${name}/LICENSE`)).toBe(read('LICENSE'));
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'README.md', 'LICENSE']));
    expect(read(`packages/${name}/README.md`)).toMatch(/^# @redress\/[a-z-]+\n[\s\S]*```(ts|sh)\n/);
  });

  test('says where it comes from and which Node it needs', () => {
    expect(manifest).toMatchObject({
      license: 'MIT',
      repository: { type: 'git', directory: `packages/${name}` },
      engines: { node: '>=20' },
    });
    expect(manifest.homepage).toEqual(expect.stringContaining(`packages/${name}`));
  });
});
