import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { chromiumPath, ensureBuilt, launchChromium } from './browser.ts';

/**
 * Chromium for the tests of one `describe` block (skipped when there is no Chromium):
 * the app built and the browser launched once before them, closed after. Returns the
 * browser, for use inside the tests.
 */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureBuilt();
    browser = await launchChromium(chromiumPath().path!);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not started (useChromium inside a describe)');
    return browser;
  };
}
