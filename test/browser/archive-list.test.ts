import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb, hasChromium, launchBrowser, runAxe, startServer, type Browser, type RunningServer } from './harness.ts';

/**
 * The archive list (issue 18 item 5) in Chromium against the real server: an empty archive says how to start, an
 * upload shows up in the list without a reload, each result says when it was added, the list sorts, and the page
 * passes axe in the four languages and fits a 375 px phone screen. The mock API has no archive.
 */
const useMock = process.env.RECKON_BROWSER_MOCK === '1';

const EMPTY: Record<string, string> = {
  en: 'The archive is empty.',
  az: 'Arxiv boşdur.',
  hy: 'Արխիվը դատարկ է։',
  ru: 'Архив пуст.',
};

describe.skipIf(!hasChromium || useMock)('archive list in Chromium', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  const open = async (path: string) => {
    await page.goto(server.url + path);
    await page.locator('#archive-results-count').waitFor();
  };
  const expectAccessible = async (label: string) => {
    const findings = await runAxe(page);
    expect(findings, `${label}: ${JSON.stringify(findings, null, 1)}`).toEqual([]);
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([buildWeb().then((root) => startServer(root)), launchBrowser()]);
    page = browser.page;
    page.setDefaultTimeout(60_000);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username').fill(server.admin.username);
    await page.getByLabel('Password').fill(server.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('header .user-menu-button').waitFor();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says how to start in an empty archive, in four languages, within a phone screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    try {
      for (const locale of ['az', 'ru', 'hy', 'en']) {
        await page.evaluate((l) => localStorage.setItem('reckon.locale', l), locale);
        await open('/archive');
        expect(await page.locator('html').getAttribute('lang')).toBe(locale === 'az' ? 'az-Latn' : locale);
        await expect.poll(() => page.locator('#archive-results-count').textContent()).toBe(EMPTY[locale]);
        // Signed in as an administrator: told how to start, beside the upload box.
        expect((await page.locator('.archive-empty').textContent())?.length).toBeGreaterThan(20);
        await page.locator('.archive-upload').waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, locale).toBeLessThanOrEqual(0);
        await expectAccessible(`${locale} empty archive`);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('lists an upload at once, with the date it was added, and sorts', async () => {
    await page.evaluate(() => localStorage.setItem('reckon.locale', 'en'));
    await open('/archive');
    const files = ['first', 'second'].map((name) => ({ name: `${name}-notes.txt`, mimeType: 'text/plain', buffer: Buffer.from(`Synthetic ${name} note for the list test.`) }));
    await page.locator('#archive-files').setInputFiles(files);
    await expect.poll(() => page.locator('#archive-results-count').textContent(), { timeout: 60_000 }).toBe('2 items');
    await expect.poll(() => page.locator('.archive-result-list li').count()).toBe(2);
    expect(await page.locator('.archive-result-list li').first().textContent()).toMatch(/ · added .*20\d\d/);
    expect(await page.locator('.archive-empty').count()).toBe(0);

    const sort = page.getByLabel('Sort by');
    expect(await sort.inputValue()).toBe('added');
    expect(await page.getByRole('option', { name: 'Best match' }).isDisabled()).toBe(true);
    await sort.selectOption('event_date');
    await page.waitForURL(/sort=event_date/);
    await expect.poll(() => page.locator('.archive-result-list li').count()).toBe(2);
    await expectAccessible('en archive list');

    // A search that misses says so, not that the archive is empty.
    await page.getByLabel('Search the archive').fill('zzzyyyxxx');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.locator('#archive-results-count').textContent()).toBe('Nothing found.');
    expect(await page.locator('.archive-empty').count()).toBe(0);
  });

  it('hit no Content-Security-Policy violation and no script error', () => {
    expect(browser.cspViolations).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });
});
