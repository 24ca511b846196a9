import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { bytesStream } from '../../src/server/blobs/service.ts';
import { CommandService } from '../../src/server/cases/command-service.ts';
import { CasesService } from '../../src/server/cases/service.ts';
import { startTestServer } from '../../src/server/testing.ts';
import { runCli } from '../cli.ts';
import { buildWeb, hasChromium, launchBrowser, type Browser } from './harness.ts';

/**
 * Issue 21's "Done when", walked in Chromium as a new analyst would, against the real server: record an incident,
 * two competing characterisations from two sources (each picked by name), six exhibits linked with pinpoints to
 * elements (supporting and undermining, each item picked from the archive), the matrix with its gaps, the chain of
 * command on the incident's date, and a case file that `reckon bag verify` and verify.html accept offline.
 * What an analyst finds already in place is set up through the services: the registry's actors and sources, the
 * shipped frameworks, six archive items and the units (all synthetic, invented names).
 */
const useMock = process.env.RECKON_BROWSER_MOCK === '1';
const SLOW = 600_000;

describe.skipIf(!hasChromium || useMock || Boolean(process.env.TEST_DATABASE_URL))('issue 21 done when, in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const analyst = { username: `analyst-${Date.now().toString(36)}`, password: `an-${randomBytes(12).toString('base64url')}` };
  const out = mkdtempSync(join(tmpdir(), 'reckon-cases-done-'));
  const items: Array<{ id: string; title: string }> = [];

  beforeAll(async () => {
    const webRoot = await buildWeb();
    [server, browser] = await Promise.all([startTestServer({ webDist: webRoot }), launchBrowser()]);
    page = browser.page;
    page.setDefaultTimeout(60_000);
    const ctx = server.ctx;
    const system = systemActor('test');
    const user = await ctx.accounts.createUser(system, { username: analyst.username, displayName: 'Analyst', role: 'editor', password: analyst.password, mustChangePassword: false });
    const actor = { kind: 'user' as const, userId: user.id, username: analyst.username, role: 'editor' as const, via: 'session' as const };
    await ctx.registry.importFiles(system, {
      'sources.csv': 'id,publisher,title,date,address,kind,language,archive_item_id\nSRC-D1,Example Watch,Report on the night,2001-05,,ngo-report,en,\nSRC-D2,Example Ministry,Statement on the operation,2001-04,,government,en,\n',
      'actors.csv': 'id,name,type,classification,country,subdivision,wikidata,parent,description\nACT-D1,Example Watch,organization,ngo,,,,,\nACT-D2,Example Ministry,organization,ministry,,,,,\n',
    });
    const cases = new CasesService(ctx.db);
    await cases.loadStandardFrameworks(system);
    await new CommandService(ctx.db, cases).importFiles(system, {
      'units-entities.csv': 'id,kind,name,actor,description\nBDE,unit,1st Example Brigade,,\nBN1,unit,1st Example Battalion,,\nP1,person,Colonel Example,,\n',
      'units-relations.csv':
        'id,kind,from,to,start,end,sources,notes\n' +
        'R1,subordinate-to,BN1,BDE,2000-06-01,2001-12-31,SRC-D1,\n' +
        'R2,commands,P1,BDE,2000-01-01,2001-06-30,SRC-D2,\n' +
        'R3,area-of-operation,BN1,Exampletown,2001-02-20,2001-03-10,SRC-D1,\n',
    });
    for (let n = 1; n <= 6; n++) {
      const title = `Synthetic exhibit ${n}`;
      const { item, file } = await ctx.archive.items.ingest(actor, bytesStream(Buffer.from(`Synthetic exhibit ${n}.\n`.repeat(40 + n))), {
        filename: `exhibit-${n}.txt`,
        metadata: { confidentiality: 'restricted', title, providedBy: `Synthetic witness ${n}` },
      });
      items.push({ id: item.id, title });
      // The document's page count, as its extraction would record it (page pinpoints are checked against it).
      await sql`insert into extractions (blob_sha256, extractor, state, metadata) values (${file.sha256}, 'synthetic-extent', 'done', '{"pages": 3}'::jsonb)`.execute(ctx.db);
    }
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('records, characterises, links, reads the matrix and the chain of command, and exports a case file that verifies offline', async () => {
    await page.goto(`${server.url}/login?next=/cases`);
    await page.getByLabel('Username').fill(analyst.username);
    await page.getByLabel('Password').fill(analyst.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/cases');

    // 1. The incident.
    await page.getByLabel('What happened').fill('Night shelling of Exampletown');
    await page.getByLabel('Date', { exact: true }).selectOption('exact');
    await page.getByLabel('Date (or start of the range)').fill('2001-03-01');
    // The place is picked: a place no incident or event named before is taken as typed (Enter, or its button).
    await page.getByLabel('Place').fill('Exampletown');
    await page.getByRole('button', { name: 'Use “Exampletown” as a new place' }).click();
    await page.getByRole('list', { name: /Place/ }).getByText('Exampletown', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Night shelling of Exampletown' }).waitFor();
    const incidentUrl = page.url();

    // 2. Two competing characterisations from two sources, each picked by name.
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Record a characterisation someone makes' }) });
    const allegation = async (proponent: string, characterisation: string, source: string, statement: string, crime?: string, mode?: string, elements: string[] = []) => {
      await form.getByLabel('Who makes it').selectOption({ label: proponent });
      await form.getByLabel('What they characterise it as').selectOption(characterisation);
      if (crime) await form.getByLabel('Crime they name, if any').selectOption(crime);
      if (mode) await form.getByLabel('Mode of liability they name, if any').selectOption(mode);
      for (const e of elements) await form.locator('.cases-element-picker label', { hasText: e }).locator('input').check();
      await form.getByLabel('Their words, or a close summary').fill(statement);
      await form.getByLabel('Source', { exact: true }).selectOption({ label: source });
      await form.getByLabel('Where in the source (page, paragraph)').fill('p. 3');
      await form.getByRole('button', { name: 'Save' }).click();
    };
    await form.getByLabel('Who makes it').locator('option', { hasText: 'Example Watch' }).waitFor({ state: 'attached' });
    await allegation('Example Watch', 'crime-against-humanity', 'Example Watch — Report on the night — 2001-05', 'A deliberate attack on residents', 'RS-7-1-a', 'RS-28-a', ['7(1)(a) · 1.', '28(a) · 1.']);
    await page.locator('.cases-side-by-side > *').first().waitFor();
    await allegation('Example Ministry', 'lawful-act-of-war', 'Example Ministry — Statement on the operation — 2001-04', 'Fire directed at military positions');
    await expect.poll(() => page.locator('.cases-side-by-side > *').count()).toBe(2);
    const sideBySide = await page.locator('.cases-side-by-side').innerText();
    expect(sideBySide).toContain('Example Watch');
    expect(sideBySide).toContain('Example Ministry');

    // 4. The chain of command on the incident's date: the battalion in Exampletown, its brigade, the brigade's commander.
    const present = page.locator('.incident-command');
    await present.getByRole('heading', { name: '1st Example Battalion' }).waitFor();
    expect(await present.innerText()).toContain('1st Example Brigade');
    expect(await present.innerText()).toContain('Colonel Example');

    // 3. Six exhibits linked with pinpoints, supporting and undermining, each item picked from the archive.
    await page.locator('.cases-side-by-side > *', { hasText: 'Example Watch' }).getByRole('link').first().click();
    await page.waitForURL(/\/cases\/allegations\//);
    const allegationUrl = page.url();
    await page.goto(`${allegationUrl.replace(/\/$/, '')}/matrix`);
    await page.getByRole('heading', { name: 'Evidence matrix' }).waitFor();
    const elements = await page.locator('#evidence-element option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(elements.length).toBeGreaterThanOrEqual(2);
    const gapsBefore = await page.getByText('No evidence', { exact: true }).count();
    expect(gapsBefore).toBe(elements.length);
    for (const [n, item] of items.entries()) {
      await page.getByLabel('Element').selectOption(elements[0]);
      await page.locator(`#evidence-item option[value="${item.id}"]`).waitFor({ state: 'attached' });
      await page.getByLabel('Archive item', { exact: true }).selectOption(item.id);
      await page.getByLabel('Where in the item').selectOption(n < 3 ? 'item' : 'page');
      if (n >= 3) {
        await expect.poll(() => page.locator('#evidence-file option:checked').textContent()).toBe(`exhibit-${n + 1}.txt`);
        await page.getByLabel('Page', { exact: true }).fill(String(n - 2));
      }
      await page.getByLabel('Direction').selectOption(n === 5 ? 'undermining' : 'supporting');
      await page.getByLabel('Reliability').selectOption(n === 4 ? 'E' : 'B');
      await page.getByLabel('Note').fill(`Exhibit ${n + 1}`);
      await page.getByRole('button', { name: 'Save link' }).click();
      await expect.poll(() => page.getByTestId('matrix-totals').textContent()).toContain(`${n + 1} links to ${n + 1} items`);
    }
    // The matrix and its gaps: the first element has the six exhibits, the others none.
    expect(await page.getByText('No evidence', { exact: true }).count()).toBe(elements.length - 1);

    // 5. The case file, downloaded, accepted by reckon bag verify and by verify.html offline.
    await page.getByRole('button', { name: 'Export case file' }).click();
    const link = page.getByTestId('case-file-download');
    await link.waitFor({ timeout: 300_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const zip = join(out, 'case-file.zip');
    await download.saveAs(zip);
    const verified = await runCli(['bag', 'verify', zip]);
    expect(verified.code, verified.out + verified.err).toBe(0);
    const folder = join(out, 'unzipped');
    execFileSync('unzip', ['-q', zip, '-d', folder]);
    const bag = execFileSync('find', [folder, '-name', 'bagit.txt', '-printf', '%h']).toString().trim();
    const offline = await browser.context.newPage();
    await offline.goto(`file://${join(bag, 'verify.html')}`);
    await offline.setInputFiles('#folder', bag);
    await offline.waitForSelector('#verdict[data-status="valid"], #verdict[data-status="invalid"]', { timeout: 120_000 });
    expect(await offline.getAttribute('#verdict', 'data-status'), await offline.innerText('body')).toBe('valid');
    await offline.close();

    await page.goto(incidentUrl);
    await page.getByRole('heading', { name: 'Night shelling of Exampletown' }).waitFor();
    expect(browser.cspViolations).toEqual([]);
  }, SLOW);
});
