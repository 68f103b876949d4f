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

  test('keeps a CHANGELOG.md in its tarball, which changesets writes at each release', () => {
    expect(manifest.files).toEqual(expect.arrayContaining(['CHANGELOG.md']));
    expect(read(`packages/${name}/CHANGELOG.md`)).toMatch(
      new RegExp(`^# ${String(manifest.name)}\n\n## \\d+\\.\\d+\\.\\d+`),
    );
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

test('changesets release every package together, under one version', () => {
  const config = JSON.parse(read('.changeset/config.json')) as { fixed: string[][]; baseBranch: string };
  expect(config.fixed).toEqual([['@redress/*']]);
  expect(config.baseBranch).toBe('main');
  const versions = new Set(
    packages.map((name) => (JSON.parse(read(`packages/${name}/package.json`)) as { version: string }).version),
  );
  expect(versions.size).toBe(1);
});
