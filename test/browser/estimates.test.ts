import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIXTURE_MAPPING, threeLists } from '../api/casualties-fixtures.ts';
import { buildWeb, hasChromium, launchBrowser, pageApi, runAxe, startServer, type Browser, type RunningServer } from './harness.ts';

/**
 * The estimate pages end to end in Chromium against the real server: an estimate from a pasted table of capture
 * patterns, and one from the persons of a finished linkage run, each followed until done and read as a person
 * would (headline with interval, posterior chart, methods, strata, diagnostics, assumptions, warnings, report
 * downloads); axe on each page, no CSP violation. The in-memory mock has no estimation API, so the suite skips there.
 */
const mock = process.env.RECKON_BROWSER_MOCK === '1';
// Three lists with overlaps and a sex stratum: small enough to estimate in seconds with short chains.
const TABLE = [
  'A,B,C,sex,count',
  '1,0,0,f,60', '0,1,0,f,55', '0,0,1,f,50', '1,1,0,f,20', '1,0,1,f,18', '0,1,1,f,16', '1,1,1,f,8',
  '1,0,0,m,70', '0,1,0,m,62', '0,0,1,m,58', '1,1,0,m,22', '1,0,1,m,19', '0,1,1,m,17', '1,1,1,m,9',
].join('\n');

describe.skipIf(!hasChromium || mock)('estimate pages in Chromium', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let api: ReturnType<typeof pageApi>;

  const expectAccessible = async (label: string) => {
    const findings = await runAxe(page);
    expect(findings, `${label}: ${JSON.stringify(findings, null, 1)}`).toEqual([]);
  };
  const openForm = async () => {
    await page.goto(`${server.url}/estimates`);
    try {
      await page.getByRole('heading', { name: 'New estimate' }).waitFor();
    } catch (error) {
      throw new Error(`the estimates page did not show its form: ${(await page.locator('body').innerText()).slice(0, 500)}`, { cause: error });
    }
  };
  const shortChains = async () => {
    await page.getByText('Advanced options').click();
    await page.getByLabel('Burn-in sweeps').fill('500');
    await page.getByLabel('Thinning', { exact: true }).fill('5');
    await page.getByLabel('Kept samples per chain').fill('200');
  };
  const waitUntilDone = async () => {
    await page.waitForURL(/\/estimates\/[0-9a-f-]+$/);
    await page.getByText('Done', { exact: true }).waitFor({ timeout: 180_000 });
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([buildWeb().then((webRoot) => startServer(webRoot)), launchBrowser()]);
    page = browser.page;
    api = pageApi(page);
    page.setDefaultTimeout(30_000); // the machine the suite runs on is often loaded
    await page.goto(`${server.url}/login?next=/estimates`);
    await page.getByLabel('Username').fill(server.admin.username);
    await page.getByLabel('Password').fill(server.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/estimates');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('estimates from a pasted table, per stratum, and shows the interval, posterior, diagnostics and assumptions', async () => {
    await openForm();
    await expectAccessible('estimates, form');
    await page.getByLabel('Title').fill('Synthetic three lists <b>not bold</b>');
    await page.getByLabel('Or paste the table').fill(TABLE);
    for (const method of ['Averaged graphical models (dga)', 'Log-linear model']) await page.getByLabel(method).check();
    await shortChains();
    await page.getByLabel('Stratum columns (comma-separated)').fill('sex');
    await page.getByRole('button', { name: 'Start the estimate' }).click();
    await waitUntilDone();

    // the title is text, not markup
    expect(await page.locator('#page-title').textContent()).toBe('Synthetic three lists <b>not bold</b>');
    const headline = page.locator('dl.estimate-headline');
    expect(await headline.locator('dd').first().textContent()).toBe((484).toLocaleString('en-US'));
    const lcmcr = await headline.locator('dt', { hasText: 'Latent-class model (LCMCR)' }).locator('xpath=following-sibling::dd[1]').textContent();
    // an estimate above the documented count, with a 95% interval whose ends bracket it
    const parts = /^(\d+) \(95% interval: (\d+) – (\d+)\)$/.exec((lcmcr ?? '').replace(/,/g, '').trim());
    expect(parts, lcmcr ?? '').not.toBeNull();
    const [estimate, lower, upper] = parts!.slice(1).map(Number);
    expect(estimate).toBeGreaterThan(484);
    expect(lower).toBeLessThanOrEqual(estimate);
    expect(upper).toBeGreaterThanOrEqual(estimate);

    await page.getByRole('heading', { name: 'Posterior distribution of the total' }).waitFor();
    expect(await page.locator('.estimate-page svg').count()).toBeGreaterThan(0);
    const byStratum = page.locator('table', { has: page.locator('th', { hasText: 'Stratum' }) });
    expect(await byStratum.locator('tbody th').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('f'), expect.stringContaining('m')]));
    await page.getByRole('heading', { name: 'Diagnostics' }).waitFor();
    await page.getByRole('heading', { name: 'Assumptions' }).waitFor();
    expect(await page.getByText('Records were matched correctly across lists').count()).toBe(1);
    await expectAccessible('estimate from a table');

    const html = await page.getByRole('link', { name: 'Download the report (HTML)' }).getAttribute('href');
    const report = await page.evaluate(async (href) => {
      const response = await fetch(href!);
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    }, html);
    expect(report.status).toBe(200);
    expect(report.type).toMatch(/text\/html/);
    expect(report.text).toContain('&lt;b&gt;not bold&lt;/b&gt;');
    expect(report.text).not.toContain('<b>not bold</b>');
  });

  it('estimates from the persons of a finished linkage run, chosen in the same form', async () => {
    const lists = threeLists(60, 9);
    const sourceIds: string[] = [];
    for (const name of ['az', 'ru', 'hy'] as const) {
      const created = await api('POST', '/api/casualties/sources', { name: `Estimate list ${name}`, compiledBy: 'Test documentation group' });
      expect(created.status).toBe(201);
      sourceIds.push(String(created.json.id));
      const imported = await api('POST', `/api/casualties/sources/${created.json.id}/import`, { csvBase64: Buffer.from(lists.csv[name]).toString('base64'), mapping: FIXTURE_MAPPING });
      expect(imported.status).toBe(200);
    }
    const started = await api('POST', '/api/casualties/runs', { sourceIds });
    expect(started.status).toBe(202);
    const runId = String((started.json.run as { id: string }).id);
    await expect
      .poll(async () => (await api('GET', `/api/casualties/runs/${runId}`)).json.state, { timeout: 150_000, interval: 1000 })
      .toBe('done');

    await openForm();
    await page.getByLabel('Casualty records: the persons of a linkage run').check();
    const option = page.locator('#estimate-run option');
    await expect.poll(() => option.count()).toBe(1);
    expect(await option.textContent()).toContain('Estimate list az, Estimate list ru, Estimate list hy');
    await expectAccessible('estimates, form from casualty records');
    await page.getByLabel('Title').fill('From the linked lists');
    await shortChains();
    await page.getByRole('button', { name: 'Start the estimate' }).click();
    await waitUntilDone();
    const documented = Number((await page.locator('dl.estimate-headline dd').first().textContent())!.replace(/\D/g, ''));
    const persons = (await api('GET', `/api/casualties/runs/${runId}`)).json as { counts?: { persons?: number } };
    expect(documented).toBe(persons.counts?.persons);
    await page.getByRole('heading', { name: 'Assumptions' }).waitFor();
    await expectAccessible('estimate from casualty records');
  });

  it('hit no Content-Security-Policy violation and no script error', () => {
    expect(browser.cspViolations).toEqual([]);
    expect(browser.consoleErrors.filter((text) => !text.startsWith('Failed to load resource'))).toEqual([]);
  });
});
