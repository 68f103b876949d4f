import { expect, test } from 'vitest';
import { runProgram, workDir } from './program.testkit';

test('docs/deadlines.md: the presets follow the rule texts and the right response stops each clock', async () => {
  const { code, stdout, stderr } = await runProgram('deadlinePresets', workDir());
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout.split('\n').slice(0, 5)).toEqual([
    // 16 September + 15 days = 1 October, a holiday; 1–8 October are off: 9 October, 17:00 Beijing.
    '2025-10-09T09:00:00.000Z',
    'running',
    'met',
    // 15 business days after Mon 30 March 2026 over Easter: Wed 22 April, 17:00 BST.
    '2026-04-22T16:00:00.000Z',
    // 35 business days, over the early May bank holiday: Thu 21 May, 17:00 BST.
    '2026-05-21T16:00:00.000Z',
  ]);
});
