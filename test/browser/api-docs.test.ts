import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, startServer, type Browser, type RunningServer } from './harness.ts';

/** The API's Swagger UI page in Chromium under its own CSP: it renders the operations and breaks no policy. */
describe.skipIf(!hasChromium)('/api/docs in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // the docs page needs no web build: an empty folder stands in for it
    server = await startServer(mkdtempSync(join(tmpdir(), 'reckon-no-web-')));
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the operations with no CSP violation or script error', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/api/docs/`);
    await page.waitForSelector('.opblock', { timeout: 120_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
    // the operations are styled by Swagger UI's stylesheet: a blocked stylesheet would leave them unstyled
    const display = await page.locator('.opblock-summary').first().evaluate((element) => getComputedStyle(element).display);
    expect(display).toBe('flex');
    expect(browser.cspViolations).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  }, 180_000);
});
