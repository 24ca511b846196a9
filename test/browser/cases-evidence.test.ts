import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { bytesStream } from '../../src/server/blobs/service.ts';
import { startTestServer } from '../../src/server/testing.ts';
import { buildWeb, hasChromium, launchBrowser, type Browser } from './harness.ts';

/**
 * Issue 21's evidence part in Chromium against the real server: an analyst links a page of a document to an element
 * of an allegation, sees the matrix fill and its gaps, opens the print view, and exports a case file from the matrix
 * page that `reckon bag verify` accepts.
 */
const useMock = process.env.RECKON_BROWSER_MOCK === '1';
const SLOW = 600_000;
const ALLEGATION = 'al-browser-1';

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const [o, e] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
  process.stdout.write = ((c: string) => ((out += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string) => ((out += String(c)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(['node', 'reckon', ...args]), out };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

describe.skipIf(!hasChromium || useMock)('evidence, matrix and case file in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const analyst = { username: `analyst-${Date.now().toString(36)}`, password: `an-${randomBytes(12).toString('base64url')}` };
  const out = mkdtempSync(join(tmpdir(), 'reckon-case-file-browser-'));
  const doc = { id: '', fileId: '' };

  beforeAll(async () => {
    const webRoot = await buildWeb();
    [server, browser] = await Promise.all([startTestServer({ webDist: webRoot }), launchBrowser()]);
    page = browser.page;
    page.setDefaultTimeout(30_000);
    const ctx = server.ctx;
    const user = await ctx.accounts.createUser(systemActor('test'), { username: analyst.username, displayName: 'Analyst', role: 'editor', password: analyst.password, mustChangePassword: false });
    const actor = { kind: 'user' as const, userId: user.id, username: analyst.username, role: 'editor' as const, via: 'session' as const };
    const { item, file } = await ctx.archive.items.ingest(actor, bytesStream(Buffer.from('Synthetic statement, three pages.\n'.repeat(100))), { filename: 'statement.txt', metadata: { confidentiality: 'restricted', title: 'Synthetic statement S-1', providedBy: 'Synthetic witness' } });
    doc.id = item.id;
    doc.fileId = file.id;
    // The document's page count, as its extraction would record it.
    await sql`insert into extractions (blob_sha256, extractor, state, metadata) values (${file.sha256}, 'synthetic-extent', 'done', '{"pages": 3}'::jsonb)`.execute(ctx.db);
    await sql`insert into registry_actors (id, name, type, classification) values ('act-browser', 'Synthetic Proponent', 'organization', 'ngo')`.execute(ctx.db);
    await sql`insert into cases_frameworks (id, name, instrument) values ('fw-browser', 'Synthetic framework', 'Synthetic instrument')`.execute(ctx.db);
    await sql`insert into cases_crimes (id, framework_id, category, article, title, summary, position) values ('cr-browser', 'fw-browser', 'war-crime', '8(2)(a)(i)', 'Synthetic crime', 'S', 1)`.execute(ctx.db);
    await sql`insert into cases_incidents (id, title, date_kind) values ('inc-browser', 'Synthetic incident', 'unknown')`.execute(ctx.db);
    await sql`insert into cases_allegations (id, incident_id, proponent_id, characterisation, crime_id, statement, verification) values (${ALLEGATION}, 'inc-browser', 'act-browser', 'war-crime', 'cr-browser', 'Synthetic statement', 'reported')`.execute(ctx.db);
    for (const n of [1, 2, 3]) {
      await sql`insert into cases_elements (id, crime_id, number, kind, summary, citation) values (${`el-b-${n}`}, 'cr-browser', ${n}, 'conduct', ${`Synthetic element ${n}`}, ${`8(2)(a)(i)-${n}`})`.execute(ctx.db);
      await sql`insert into cases_allegation_elements (allegation_id, element_id, position) values (${ALLEGATION}, ${`el-b-${n}`}, ${n})`.execute(ctx.db);
    }
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username').fill(analyst.username);
    await page.getByLabel('Password').fill(analyst.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('header .user-menu-button').waitFor();
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('links a page to an element, shows the matrix and its gaps, and exports a case file that verifies', async () => {
    await page.goto(`${server.url}/cases/allegations/${ALLEGATION}/matrix`);
    await page.getByRole('heading', { name: 'Evidence matrix' }).waitFor();
    expect(await page.getByText('No evidence', { exact: true }).count()).toBe(3);

    await page.getByLabel('Element').selectOption('el-b-2');
    // Picked by title from the archive the analyst may see, its file by name: no pasted ids.
    await page.locator(`#evidence-item option[value="${doc.id}"]`).waitFor({ state: 'attached' });
    expect(await page.locator('#evidence-item option', { hasText: 'Synthetic statement S-1' }).count()).toBe(1);
    await page.getByLabel('Archive item', { exact: true }).selectOption(doc.id);
    await page.getByLabel('Where in the item').selectOption('page');
    await expect.poll(() => page.getByLabel('File', { exact: true }).inputValue()).toBe(doc.fileId);
    expect(await page.locator('#evidence-file option:checked').textContent()).toBe('statement.txt');
    await page.getByLabel('Page', { exact: true }).fill('4');
    await page.getByLabel('Reliability').selectOption('B');
    await page.getByRole('button', { name: 'Save link' }).click();
    // Page 4 of a three-page document: refused, nothing saved.
    await page.getByRole('alert').waitFor();
    expect(await page.getByText('No evidence', { exact: true }).count()).toBe(3);
    await page.getByLabel('Page', { exact: true }).fill('2');
    await page.getByLabel('Note').fill('Names the unit <b>on</b> page 2');
    await page.getByRole('button', { name: 'Save link' }).click();
    await page.getByText('The link is saved and recorded in the ledger.').waitFor();
    await expect.poll(() => page.getByText('No evidence', { exact: true }).count()).toBe(2);
    await expect.poll(() => page.getByTestId('matrix-totals').textContent()).toContain('1 links to 1 items from 1 independent sources');

    await page.getByRole('row', { name: /8\(2\)\(a\)\(i\)-2/ }).getByRole('button', { name: 'Show evidence' }).click();
    const list = page.getByTestId('evidence-list');
    await list.getByText('Synthetic statement S-1').waitFor();
    expect(await list.textContent()).toContain('p. 2');
    expect(await list.textContent()).toContain('Names the unit <b>on</b> page 2');

    await page.getByRole('link', { name: 'Print view' }).click();
    await page.getByRole('heading', { name: /8\(2\)\(a\)\(i\)-2/ }).waitFor();
    expect(await page.getByText('No evidence is linked to this element.').count()).toBe(2);
    // On screen an element far from the viewport is laid out only when scrolled to (10,000 links took seconds);
    // printed, every element is laid out and printed (matrix.css).
    const visibility = () => page.locator('.matrix-print-element').first().evaluate((e) => getComputedStyle(e).contentVisibility);
    expect(await visibility()).toBe('auto');
    await page.emulateMedia({ media: 'print' });
    expect(await visibility()).toBe('visible');
    await page.emulateMedia({ media: null });
    await page.getByRole('link', { name: 'Back to the matrix' }).click();

    await page.getByRole('button', { name: 'Export case file' }).click();
    const link = page.getByTestId('case-file-download');
    await link.waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = join(out, 'case-file.zip');
    await download.saveAs(file);
    const verified = await run('bag', 'verify', file);
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toContain('case-file/');
    expect(browser.cspViolations).toEqual([]);
  }, SLOW);
});
