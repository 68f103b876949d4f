/// <reference lib="dom" />
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { nodeListener } from '@redress/http';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { testWorkbench } from './session.testkit';

/** The browser of these tests: Debian's chromium, or REDRESS_CHROMIUM. */
export const CHROMIUM = process.env.REDRESS_CHROMIUM ?? '/usr/bin/chromium';
/** Where the screenshots go (ignored by git). */
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/**
 * A workbench served over node:http on loopback and headless Chromium in front of it. Without Chromium
 * this throws, so the tests fail (never skip) and say how to install it.
 */
export const browserBench = async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No Chromium at ${CHROMIUM}: the workbench's browser tests need it. Install Debian's chromium (apt-get install chromium) or set REDRESS_CHROMIUM to a Chromium binary.`,
    );
  const t = testWorkbench();
  const server: Server = createServer(nodeListener(t.wb));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts: BrowserContext[] = [];
  const dialogs: string[] = [];
  const urls: string[] = [];
  /** A member of staff in a browser of their own, signed in through the sign-in page. */
  const staff = async (id: string, locale = 'en-GB'): Promise<Page> => {
    // bypassCSP: the pages' script policy would stop an injected script anyway; the tests show that
    // escaping alone keeps hostile text inert, and axe-core is injected as a script.
    const context = await browser.newContext({
      baseURL: base,
      locale,
      bypassCSP: true,
      viewport: { width: 1280, height: 900 },
    });
    contexts.push(context);
    context.on('request', (r) => urls.push(decodeURIComponent(r.url())));
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.getByLabel(new RegExp(`— ${id}$`)).check();
    await page.getByRole('button', { name: /Sign in|登录/ }).click();
    await page.waitForURL(`${base}/`);
    return page;
  };
  return {
    t,
    base,
    browser,
    dialogs,
    /** Every URL the browsers asked for, decoded. */
    urls,
    staff,
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
};

/** The text of an element as a person sees it rendered. */
export const seen = (locator: Locator): Promise<string> =>
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator, not a DOM node; rendered text is the point
  locator.innerText();

/** The command form of one type on the page. */
export const commandForm = (page: Page, type: string) => page.locator(`form[data-command="${type}"]`);

/** Submit a command's form and wait for the page it leads to. */
export const submit = async (page: Page, type: string) => {
  await Promise.all([page.waitForNavigation(), commandForm(page, type).getByRole('button').click()]);
};

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical findings of axe-core on the page as it is now (axe's source injected into it). */
export const axeViolations = async (page: Page) => {
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            c: Document,
          ): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

/** A screenshot into the artifacts folder. */
export const screenshot = async (page: Page, name: string) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
};
