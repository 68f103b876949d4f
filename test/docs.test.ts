import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { commandsMarkdown, transitionsMarkdown } from './lifecycleTables';

const lifecycle = readFileSync(new URL('../docs/lifecycle.md', import.meta.url), 'utf8');
const between = (name: string) =>
  new RegExp(`<!-- ${name} -->\\n([\\s\\S]*?)\\n<!-- /${name} -->`).exec(lifecycle)?.[1];

describe('docs/lifecycle.md', () => {
  test('lists every transition of the machine, as the derived table has it', () => {
    expect(between('transitions')).toBe(transitionsMarkdown());
  });
  test('lists every command with its events and the roles of the default policy', () => {
    expect(between('commands')).toBe(commandsMarkdown());
  });
});

// Pages whose code is still written in the page alone. Each must still have such a
// block: once its code comes from an example, take it off the list.
const notYetFromExamples: string[] = [];

/** The TypeScript files under a folder, outside node_modules. */
const filesUnder = (dir: URL): URL[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : filesUnder(new URL(`${d.name}/`, dir));
    return d.name.endsWith('.ts') ? [new URL(d.name, dir)] : [];
  });

describe('docs/', () => {
  const examples = filesUnder(new URL('../examples/', import.meta.url)).map((f) => readFileSync(f, 'utf8'));
  const pages = readdirSync(new URL('../docs/', import.meta.url)).filter((f) => f.endsWith('.md'));
  const blocksOf = (page: string) => {
    const text = readFileSync(new URL(`../docs/${page}`, import.meta.url), 'utf8');
    return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => (m[1] ?? '').trimEnd());
  };
  // A block is an excerpt: the formatter writes it flush left, while in its example it may sit inside a
  // describe or a function, indented by whole levels.
  const indented = (block: string, spaces: number) =>
    block
      .split('\n')
      .map((line) => (line === '' ? line : ' '.repeat(spaces) + line))
      .join('\n');
  const fromExamples = (block: string) =>
    [0, 2, 4, 6].some((spaces) => examples.some((source) => source.includes(indented(block, spaces))));

  const done = pages.filter((p) => !notYetFromExamples.includes(p));
  test.each(done)('every TypeScript block of %s is code from examples/, which the tests run', (page) => {
    for (const block of blocksOf(page)) expect(fromExamples(block), `${page}: ${block.slice(0, 80)}…`).toBe(true);
  });
  if (notYetFromExamples.length > 0)
    test.each(notYetFromExamples)('%s is still on the list of pages whose code is not from examples/', (page) => {
      expect(blocksOf(page).some((b) => !fromExamples(b))).toBe(true);
    });
});
