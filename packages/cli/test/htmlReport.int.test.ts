/// <reference lib="dom" />
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EXIT } from '../src/cli/exitCodes';
import { renderHtml } from '../src/audit/renderHtml';
import { describeBrowser, launchChromium } from './support/chromium';
import { seededSqlite, storedBodies, tempDir } from './support/files';
import { NASTY, auditWith, shown } from './support/hostileAudit';
import { runCli } from './support/runCli';

describeBrowser('the HTML audit report in headless Chromium', () => {
  let browser: Browser;
  let html: string;
  let db: string;

  beforeAll(async () => {
    const dir = tempDir();
    db = await seededSqlite(dir);
    html = join(dir, 'C-1.html');
    const r = await runCli(['audit', 'C-1', '--format', 'html', '--out', html, '--store', db]);
    expect(r.code).toBe(EXIT.ok);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('a person sees the stage diagram, every timeline row and the actors, from one self-contained file', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(html).href);

    await expect(page.title()).resolves.toBe('Audit of complaint C-1');
    const diagram = page.locator('#stage-diagram svg');
    await diagram.waitFor({ state: 'visible' });
    const box = await diagram.boundingBox();
    expect(box?.width).toBeGreaterThan(600);
    expect(box?.height).toBeGreaterThan(100);
    const visited = await page
      .locator('#stage-diagram g.stage.visited')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-stage')));
    expect(visited).toEqual(['received', 'judged', 'investigated', 'proposal', 'implemented', 'reviewed']);
    await expect(page.locator('#stage-diagram g.current').getAttribute('data-stage')).resolves.toBe('reviewed');
    for (const stage of ['received', 'rejected', 'withdrawn', 'reviewed']) {
      await expect(page.locator(`#stage-diagram g[data-stage="${stage}"] text.label`).isVisible()).resolves.toBe(true);
    }
    // The visited boxes are painted differently from the untouched ones.
    const fill = (stage: string) =>
      page.locator(`#stage-diagram g[data-stage="${stage}"] rect`).evaluate((r) => getComputedStyle(r).fill);
    expect(await fill('judged')).not.toBe(await fill('rejected'));

    const rows = page.locator('#timeline tbody tr');
    await expect(rows.count()).resolves.toBe(storedBodies(db, 'C-1').length);
    await expect(rows.first().isVisible()).resolves.toBe(true);
    const actors = await page.locator('#timeline .actor').allInnerTexts();
    expect(new Set(actors)).toEqual(new Set(['agent-7', 'handler-2', 'qc-1', 'sup-1', 'sup-2']));
    // biome-ignore lint/performance/useDomNodeTextContent: the test checks the text as rendered
    const text = await page.locator('body').innerText();
    expect(text).toContain('Customer refused the remedy');
    expect(text).toMatch(/resolve\s+\S+\s+missed/);
    await expect(page.locator('#notifications tbody tr').count()).resolves.toBe(3);

    expect(requests).toEqual([pathToFileURL(html).href]);
    const source = readFileSync(html, 'utf8');
    expect(source).not.toMatch(/<script|<link|src=/i);
    await page.close();
  });

  test('the complainant’s personal data is not in the report', () => {
    const source = readFileSync(html, 'utf8');
    expect(source).not.toContain('Wang Fang');
    expect(source).not.toContain('138 0000');
  });

  test('a page of hostile values shows them as text: nothing runs, loads or is added to the page', async () => {
    const file = join(tempDir(), 'hostile.html');
    writeFileSync(
      file,
      renderHtml(
        auditWith((field) => `${field}: ${NASTY}`),
        new Date('2026-03-02T12:00:00Z'),
      ),
    );
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    await expect(page.locator('script, img, style + style, h1').count()).resolves.toBe(1);
    // biome-ignore lint/performance/useDomNodeTextContent: the test checks the text as rendered
    await expect(page.locator('#timeline .actor').first().innerText()).resolves.toBe(
      shown(`row.actor: ${NASTY}`).replace(/\s+/g, ' ').trim(),
    );
    await expect(page.title()).resolves.toBe(
      `Audit of complaint ${shown(`complaintId: ${NASTY}`)}`.replace(/\s+/g, ' ').trim(),
    );
    // The stage diagram's boxes are the lifecycle's, whatever the stage says.
    await expect(page.locator('#stage-diagram g.stage').count()).resolves.toBe(8);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  });
});
