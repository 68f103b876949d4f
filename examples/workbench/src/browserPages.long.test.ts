/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { ARTIFACTS, axeViolations, browserBench, seen, screenshot } from './browser.testkit';

const SUMMARY = '<img src=x onerror=alert(1)> and "><script>alert(2)</script>';
const NAME = '"><script>alert(3)</script>';

/** The browser bench with one hostile complaint, stored through the form as an agent types it. */
const start = async () => {
  const bench = await browserBench();
  const agent = await bench.staff('agent-7');
  await agent.goto('/complaints/new');
  await agent.getByLabel('Name').fill(NAME);
  await agent.getByLabel('What happened').fill(SUMMARY);
  await Promise.all([agent.waitForNavigation(), agent.getByRole('button', { name: 'Record the complaint' }).click()]);
  const hostile = decodeURIComponent(/\/complaints\/([^/?]+)/.exec(agent.url())?.[1] ?? '');
  return { bench, hostile };
};
// Started by the first test, not in a hook: without Chromium each test fails with the reason, none is skipped.
let started: ReturnType<typeof start> | undefined;
const ready = () => (started ??= start());
afterAll(async () => (await started?.catch(() => undefined))?.bench.close());

describe('the pages in headless Chromium', () => {
  test('hostile text renders as text: visible, no element made of it, no dialog, no request for it', async () => {
    const { bench, hostile } = await ready();
    const handler = await bench.staff('handler-li');
    const requested: string[] = [];
    handler.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await handler.goto(`/complaints/${encodeURIComponent(hostile)}`);
    await expect(seen(handler.locator('#summary'))).resolves.toBe(SUMMARY);
    await expect(seen(handler.locator('#complainant'))).resolves.toContain(NAME);
    await expect(handler.locator('main img, main script').count()).resolves.toBe(0);
    await handler.waitForTimeout(200); // an onerror would have fired by now
    expect(bench.dialogs).toEqual([]);
    expect(requested).not.toContain('/x');
  });

  test('the deadline turns amber when tick warns and red when it records the breach', async () => {
    const { bench, hostile } = await ready();
    const handler = await bench.staff('handler-li');
    const cell = handler.locator(`#queue tr[data-id="${hostile}"] td.deadline`);
    await handler.goto('/');
    await expect(cell.getAttribute('data-deadline')).resolves.toBe('due');
    await expect(seen(cell)).resolves.toMatch(/decision: due in 23 h 59 min|decision: due in 1 d 0 h/);
    bench.t.advance(20 * 3_600_000); // past the warning (80% of the day for a decision)
    await bench.t.wb.engine.tick();
    await handler.reload();
    await expect(cell.getAttribute('data-deadline')).resolves.toBe('warned');
    await expect(cell.evaluate((td) => getComputedStyle(td).backgroundColor)).resolves.toBe('rgb(253, 230, 138)');
    bench.t.advance(5 * 3_600_000); // past the due time
    await handler.reload();
    // Past due but not yet recorded: the countdown says so, the colour waits for tick.
    await expect(seen(cell)).resolves.toContain('overdue by 1 h');
    await expect(cell.getAttribute('data-deadline')).resolves.toBe('warned');
    await bench.t.wb.engine.tick();
    await handler.reload();
    await expect(cell.getAttribute('data-deadline')).resolves.toBe('breached');
    await expect(cell.evaluate((td) => getComputedStyle(td).backgroundColor)).resolves.toBe('rgb(185, 28, 28)');
    await expect(seen(cell)).resolves.toMatch(/^breached · decision: overdue by 1 h/);
    await screenshot(handler, 'queue');
    expect(existsSync(`${ARTIFACTS}queue.png`)).toBe(true);
  });

  test('axe-core finds no serious or critical violation on the queue, a complaint page and the statistics', async () => {
    const { bench, hostile } = await ready();
    const supervisor = await bench.staff('sup-wang');
    for (const path of ['/', `/complaints/${encodeURIComponent(hostile)}`, '/stats']) {
      await supervisor.goto(path);
      expect(await axeViolations(supervisor), path).toEqual([]);
    }
    // The check itself catches what it should: a button with no name is a critical finding.
    await supervisor.evaluate(() =>
      document.querySelector('main')?.insertAdjacentHTML('beforeend', '<button></button>'),
    );
    expect((await axeViolations(supervisor)).map((v) => v.id)).toContain('button-name');
    await supervisor.goto(`/complaints/${encodeURIComponent(hostile)}`);
    await screenshot(supervisor, 'complaint');
    expect(existsSync(`${ARTIFACTS}complaint.png`)).toBe(true);
    // And in Chinese, from the browser's language.
    const zh = await bench.staff('qc-zhang', 'zh-CN');
    await expect(zh.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(zh.getByRole('link', { name: '待办队列' }).count()).resolves.toBe(1);
    await zh.getByRole('button', { name: 'English' }).click();
    await expect(zh.getByRole('link', { name: 'Queue' }).count()).resolves.toBe(1);
  });
});
