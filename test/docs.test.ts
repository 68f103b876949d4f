import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { commandsMarkdown, transitionsMarkdown } from './lifecycleTables';

const lifecycle = readFileSync(new URL('../docs/lifecycle.md', import.meta.url), 'utf8');
const between = (name: string) => new RegExp(`<!-- ${name} -->\\n([\\s\\S]*?)\\n<!-- /${name} -->`).exec(lifecycle)?.[1];

describe('docs/lifecycle.md', () => {
  test('lists every transition of the machine, as the derived table has it', () => {
    expect(between('transitions')).toBe(transitionsMarkdown());
  });
  test('lists every command with its events and the roles of the default policy', () => {
    expect(between('commands')).toBe(commandsMarkdown());
  });
});
