/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { browserBench, seen, commandForm, submit } from './browser.testkit';

// Started by the first test, not in a hook: without Chromium each test fails with the reason, none is skipped.
let started: ReturnType<typeof browserBench> | undefined;
const ready = () => (started ??= browserBench());
afterAll(async () => (await started?.catch(() => undefined))?.close());

const stageOf = (page: Page) => page.locator('#stage').getAttribute('data-stage');

describe('the procedure in headless Chromium, one browser per member of staff', () => {
  test('received, accepted, investigated, approved from the inbox, refused once, and reviewed', async () => {
    const bench = await ready();
    const agent = await bench.staff('agent-7');
    await agent.getByRole('link', { name: 'New complaint' }).click();
    await agent.getByLabel('Channel').selectOption('phone');
    await agent.getByLabel('Category').selectOption('quality');
    await agent.getByLabel('Name').fill('王芳');
    await agent.getByLabel('Phone').fill('+86 138 0000 0000');
    await agent.getByLabel('What happened').fill('Kettle leaks after two days');
    await Promise.all([agent.waitForNavigation(), agent.getByRole('button', { name: 'Record the complaint' }).click()]);
    const id = decodeURIComponent(/\/complaints\/([^/?]+)/.exec(agent.url())?.[1] ?? '');
    expect(id).toMatch(/^C-/);
    expect(new URL(agent.url()).search).toBe('?done=receive'); // the id, never a personal field, in the URL
    await expect(seen(agent.locator('#summary'))).resolves.toBe('Kettle leaks after two days');

    const handler = await bench.staff('handler-li');
    await expect(handler.locator(`#queue tr[data-id="${id}"]`).count()).resolves.toBe(1);
    await handler.locator(`#queue a[href="/complaints/${id}"]`).click();
    const accept = commandForm(handler, 'accept');
    await accept.getByLabel('Department').selectOption('quality-control');
    await accept.getByLabel('Priority').selectOption('high');
    await submit(handler, 'accept');
    expect(await stageOf(handler)).toBe('judged');
    await expect(seen(handler.getByRole('status'))).resolves.toContain('Accept');

    const qc = await bench.staff('qc-zhang');
    const open = (page: Page) => page.goto(`/complaints/${encodeURIComponent(id)}`);
    await open(qc);
    await expect(seen(qc.locator('#summary'))).resolves.toContain('hidden'); // not a reveal role
    const investigate = commandForm(qc, 'recordInvestigation');
    await investigate.getByLabel('Root cause').fill('Faulty seal in batch 2026-10');
    await investigate.getByLabel('Responsible party').fill('supplier');
    await submit(qc, 'recordInvestigation');
    expect(await stageOf(qc)).toBe('investigated');
    // Left empty, a required field the browser lets through (spaces) is refused by the engine, inline.
    await commandForm(qc, 'proposeRemedy').getByLabel('Remedy').fill('   ');
    await submit(qc, 'proposeRemedy');
    await expect(seen(qc.locator('#proposeRemedy-error'))).resolves.toMatch(/Not done: .*description/s);
    await commandForm(qc, 'proposeRemedy').getByLabel('Remedy').fill('Repair the seal');
    await submit(qc, 'proposeRemedy');
    expect(await stageOf(qc)).toBe('proposal');

    const supervisor = await bench.staff('sup-wang');
    const approveFromInbox = async () => {
      await supervisor.getByRole('link', { name: 'Approvals' }).click();
      const item = supervisor.locator(`#approvals li[data-id="${id}"]`);
      await Promise.all([
        supervisor.waitForNavigation(),
        item.getByRole('button', { name: 'Approve the remedy' }).click(),
      ]);
      await expect(seen(supervisor.getByRole('status'))).resolves.toContain('Approve the remedy');
      await expect(supervisor.locator(`#approvals li[data-id="${id}"]`).count()).resolves.toBe(0);
    };
    await approveFromInbox();

    await open(qc);
    await commandForm(qc, 'implementRemedy').getByLabel('Actions taken').fill('Seal replaced by technician');
    await submit(qc, 'implementRemedy');
    expect(await stageOf(qc)).toBe('implemented');

    // The customer refuses: back to a new proposal.
    await open(agent);
    const answer = commandForm(agent, 'recordCustomerResponse');
    await answer.getByLabel('No').check();
    await answer.getByLabel('Comment').fill('Wants a new kettle');
    await submit(agent, 'recordCustomerResponse');
    expect(await stageOf(agent)).toBe('proposal');

    await open(qc);
    const second = commandForm(qc, 'proposeRemedy');
    await second.getByLabel('Remedy').fill('Replace the kettle');
    await second.getByLabel('Compensation amount').fill('50');
    await submit(qc, 'proposeRemedy');
    await approveFromInbox();
    await open(qc);
    await commandForm(qc, 'implementRemedy').getByLabel('Actions taken').fill('Shipped a new kettle');
    await submit(qc, 'implementRemedy');

    // This time from the keyboard alone: focus moves with Tab and the focused control is outlined.
    await open(agent);
    const yes = commandForm(agent, 'recordCustomerResponse').getByLabel('Yes');
    await yes.focus();
    await agent.keyboard.press('Space');
    expect(await yes.isChecked()).toBe(true);
    await agent.keyboard.press('Tab'); // the confirmation
    await agent.keyboard.press('Tab'); // the comment
    await agent.keyboard.type('Happy with the new one');
    await agent.keyboard.press('Tab'); // the button
    const outline = await agent.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await Promise.all([agent.waitForNavigation(), agent.keyboard.press('Enter')]);
    expect(await stageOf(agent)).toBe('implemented');
    await expect(seen(agent.locator('#stage'))).resolves.toBe('implemented');

    await open(supervisor);
    const review = commandForm(supervisor, 'review');
    await review.getByLabel('Review summary').fill('Supplier seal defect; batch recalled');
    await review.getByLabel('Classification').fill('product-defect');
    await review.getByLabel('Improvement actions, one a line').fill('Incoming inspection of seals\nSupplier audit');
    await submit(supervisor, 'review');
    expect(await stageOf(supervisor)).toBe('reviewed');

    const complaint = await bench.t.wb.engine.load(id);
    expect({ stage: complaint.stage, refusals: complaint.refusals }).toEqual({ stage: 'reviewed', refusals: 1 });
    const actors = (await bench.t.wb.engine.history(id))
      .filter((e) => !e.type.startsWith('Deadline'))
      .map((e) => e.actor.id);
    expect(new Set(actors)).toEqual(new Set(['agent-7', 'handler-li', 'qc-zhang', 'sup-wang']));
    // The audit page: the chain verifies, the timeline lists every event.
    await supervisor.getByRole('link', { name: 'Audit report' }).click();
    await expect(supervisor.locator('#verification').getAttribute('data-ok')).resolves.toBe('true');
    await expect(supervisor.locator('#audit-timeline tbody tr').count()).resolves.toBe(
      (await bench.t.wb.engine.history(id)).length,
    );
    expect(bench.dialogs).toEqual([]);
    // No personal data in any URL the browsers asked for: complaint ids and command names only.
    expect(bench.urls.length).toBeGreaterThan(30);
    for (const url of bench.urls) expect(url).not.toMatch(/王芳|138 0000|1380000|Kettle|kettle|Wants a new/);
  });
});
