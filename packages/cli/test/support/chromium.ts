import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';

/** The browser the HTML tests use: Debian's chromium, or REDRESS_CHROMIUM. */
export const CHROMIUM = process.env.REDRESS_CHROMIUM ?? '/usr/bin/chromium';

/** Why there is no browser to test with, or undefined when there is. */
export const noChromium: string | undefined = existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM}`;

/**
 * A describe block that needs Chromium. Without it the block is skipped with a
 * printed reason, except under CI, where it fails: a test that cannot run there
 * must not pass as if it had.
 */
export const describeBrowser = (name: string, body: () => void): void => {
  const skip = noChromium !== undefined && !process.env.CI;
  if (skip) {
    console.warn(
      `cli: skipping "${name}": ${noChromium}; install Debian's chromium (apt-get install chromium) or set REDRESS_CHROMIUM (with CI set it fails instead)`,
    );
  }
  describe.skipIf(skip)(name, () => {
    test('Chromium is installed', () => {
      expect(
        noChromium,
        `${noChromium}; install Debian's chromium (apt-get install chromium) or set REDRESS_CHROMIUM`,
      ).toBeUndefined();
    });
    if (noChromium === undefined) body();
  });
};

/** Headless Chromium with the flags these machines need. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
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
