import { afterAll, expect, test } from 'vitest';
import { seed } from './seed';
import { formClient, testWorkbench } from './session.testkit';

const t = testWorkbench();
afterAll(() => t.close());

test('the seed fills the queue: one red, one amber, one remedy in the supervisor inbox', async () => {
  const start = t.now();
  const ids = await seed(t.wb.engine, (ms) => t.set(start - ms));
  expect(ids).toHaveLength(5);
  expect(t.now()).toBe(start);
  const sup = formClient(t.wb);
  await sup.signIn('sup-wang');
  const queue = (await sup.get('/')).text;
  expect(queue.match(/<tr data-id=/g)).toHaveLength(5);
  expect(queue.match(/data-deadline="breached"/g)).toHaveLength(1);
  expect(queue.match(/data-deadline="warned"/g)).toHaveLength(1);
  const inbox = (await sup.get('/approvals')).text;
  expect(inbox.match(/<li data-id=/g)).toHaveLength(1);
  expect(inbox).toContain('Replace the blender');
});
