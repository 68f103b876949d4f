import { expect, test } from 'vitest';
import { docBlocks, runProgram, workDir } from './program.testkit';

test('docs/deadlines.md: the policy records its clocks in the order the page shows, and ticks come due on its calendar', async () => {
  const { code, stdout, stderr } = await runProgram('deadlines', workDir());
  expect(stderr).toBe(''); // the scheduled ticks reported no error
  expect(code).toBe(0);
  const [recorded, late, again, workingHours, businessDays] = stdout.split('\n');
  expect(docBlocks('deadlines.md', '')).toContain(recorded);
  // The acknowledgement is recorded with the receipt, so only the decision comes due.
  expect(late).toBe('DeadlineWarned(decide) → DeadlineBreached(decide) → ComplaintEscalated');
  expect(again).toBe('0');
  // One working hour on 30 September, the next after the eight days off: 9 October, 10:00.
  expect(workingHours).toBe('2025-10-09T02:00:00.000Z');
  // 9 and 10 October, then Saturday 11 October, a make-up workday: closes at 18:00.
  expect(businessDays).toBe('2025-10-11T10:00:00.000Z');
});
