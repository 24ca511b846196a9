import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { syntheticFiles } from '../api/registry-fixtures.ts';
import { buildWeb, hasChromium, launchBrowser, pageApi, startServer, type Browser, type RunningServer } from './harness.ts';

/** The chain-of-command chart in Chromium against the real server, on synthetic units (invented names). */
const mock = process.env.RECKON_BROWSER_MOCK === '1';
const files = {
  'units-entities.csv': 'id,kind,name,actor,description\nORG,organisation,Example Ministry,,\nBDE,unit,1st Example Brigade,,\nBN1,unit,1st Battalion,,\nP1,person,Colonel Example,,\n',
  'units-relations.csv':
    'id,kind,from,to,start,end,sources,notes\n' +
    'R1,subordinate-to,BDE,ORG,2000,,SRC1,\n' +
    'R2,subordinate-to,BN1,BDE,2000-06-01,2001-12-31,SRC2,\n' +
    'R3,commands,P1,BDE,2000-01-01,2001-06-30,SRC2,\n',
};

describe.skipIf(!hasChromium || mock)('chain of command chart in Chromium', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([buildWeb().then((webRoot) => startServer(webRoot)), launchBrowser()]);
    page = browser.page;
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.url}/login?next=/cases/units`);
    await page.getByLabel('Username').fill(server.admin.username);
    await page.getByLabel('Password').fill(server.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/cases/units');
    const api = pageApi(page);
    expect((await api('POST', '/api/registry/import', { files: syntheticFiles })).status).toBe(201);
    expect((await api('POST', '/api/cases/units/import', { files })).status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the chain on the chosen date and shows an edge’s sources on focus', async () => {
    await page.goto(`${server.url}/cases/units?date=2001-03-01`);
    await page.locator('.command-chart svg').waitFor();
    expect(await page.locator('.command-edge').count()).toBe(3);
    expect(await page.locator('.command-node').count()).toBe(4);
    await page.locator('[data-edge="R2"]').focus();
    const detail = page.locator('.command-edge-detail');
    expect(await detail.innerText()).toContain('Judgment 12/3');
    expect(await detail.innerText()).toContain('1st Battalion subordinate to 1st Example Brigade');

    // After the battalion and the colonel left, only the brigade's place under the ministry is drawn.
    await page.locator('.command-date input').fill('2002-03-01');
    await page.waitForURL(/date=2002-03-01/);
    await expect.poll(() => page.locator('.command-edge').count()).toBe(1);
    expect(await page.locator('[data-edge="R1"]').count()).toBe(1);

    await page.locator('.command-date input').fill('1990-01-01');
    await page.getByRole('status').filter({ hasText: '1990-01-01' }).waitFor();
  });
});
