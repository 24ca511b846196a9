import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { buildWeb, hasChromium, launchBrowser, pageApi, repoRoot, startServer, type Browser, type RunningServer } from './harness.ts';

const mock = process.env.RECKON_BROWSER_MOCK === '1';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const MAPPING = { source_record_id: 'id', name: 'name', sex: 'sex', birth_date: 'born', death_date: 'died', place: 'place' };
// two synthetic lists (invented names) that share four persons, one of them spelt in Cyrillic on the second list
const VILLAGE =
  'id,name,sex,born,died,place\n1,Arzu Velikhanli,f,1950-01-01,1992-02-26,Dashbulaq\n2,Ramil Qasimzade,m,1960-05-05,1992-02-26,Dashbulaq\n3,Samir Orucov,m,1955-01-01,1992-02-26,Dashbulaq\n4,Tural Ismayilzade,m,1971-03-03,1992-02-26,Qaraqaya\n5,Nigar Hasanli,f,1980-07-07,1992-02-27,Qaraqaya\n6,Elvin Rahimli,m,1949-09-09,1992-02-26,Dashbulaq\n';
const HOSPITAL =
  'id,name,sex,born,died,place\n11,Arzu Velikhanli,f,1950-01-01,1992-02-26,Dashbulaq\n12,Рамиль Гасымзаде,m,1960-05-05,1992-02-26,Дашбулаг\n13,Samir Orucov,m,1955-01-01,1992-02-26,Dashbulaq\n14,Nigar Hasanli,f,1980-07-07,1992-02-27,Qaraqaya\n15,Farid Aliyev,m,1966-06-06,1992-02-26,Dashbulaq\n';

/**
 * Issue 15, item 4: on a linkage run's page an editor clicks "verify this figure", sees the receipt block, downloads
 * the receipt and both tables by clicking, and `reckon receipt verify` (a child process, the command the page shows,
 * with the instance's public key) reproduces the run's persons; a tampered copy of the records, and a receipt whose
 * number of persons was edited, do not pass and are named.
 */
describe.skipIf(!hasChromium || mock)("a linkage run's 'verify this figure', in Chromium", { timeout: 600_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let runId = '';
  const dir = mkdtempSync(join(tmpdir(), 'reckon-run-receipt-'));

  beforeAll(async () => {
    [server, browser] = await Promise.all([buildWeb().then((webRoot) => startServer(webRoot)), launchBrowser()]);
    page = browser.page;
    page.setDefaultTimeout(60_000); // the machine the suite runs on is often loaded
    await page.goto(`${server.url}/login?next=/casualties`);
    await page.getByLabel('Username').fill(server.admin.username);
    await page.getByLabel('Password').fill(server.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#page-title', { hasText: 'Casualty lists' }).waitFor();
    // the lists and the run are set up through the API: this suite is about the receipt, not the import forms
    const api = pageApi(page);
    const sources: string[] = [];
    for (const [name, csv] of [
      ['Village list (synthetic)', VILLAGE],
      ['Hospital list (synthetic)', HOSPITAL],
    ]) {
      const created = await api('POST', '/api/casualties/sources', { name });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      const id = ((created.json.source as { id: string } | undefined)?.id ?? created.json.id) as string;
      const imported = await api('POST', `/api/casualties/sources/${id}/import`, { csvBase64: b64(csv), mapping: MAPPING });
      expect(imported.status, JSON.stringify(imported.json)).toBe(200);
      sources.push(id);
    }
    const run = await api('POST', '/api/casualties/runs', { sourceIds: sources });
    expect(run.status, JSON.stringify(run.json)).toBeLessThan(300);
    runId = ((run.json.run as { id: string } | undefined)?.id ?? run.json.id) as string;
  }, 300_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await browser?.close();
    await server?.close();
  });

  /** Clicks a download link of the block and saves the file under the name the browser suggests. */
  const download = async (link: Locator) => {
    const started = page.waitForEvent('download');
    await link.click();
    const file = await started;
    await file.saveAs(join(dir, file.suggestedFilename()));
    return file.suggestedFilename();
  };
  const reckon = (args: string[]) => {
    const child = spawnSync(process.execPath, [join(repoRoot, 'bin', 'reckon.js'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 300_000,
    });
    return { out: child.stdout, err: child.stderr, code: child.status };
  };

  it('downloads the receipt and its tables from the run page, the command it shows reproduces the run, and a tampered copy fails', async () => {
    await page.goto(`${server.url}/casualties/runs/${encodeURIComponent(runId)}`);
    await page.locator('.cas-run-state .badge', { hasText: /^(done|failed)$/ }).waitFor({ timeout: 240_000 });
    await expect.poll(() => page.locator('.cas-run-state .badge').innerText()).toBe('done');
    const block = page.locator('section.receipt-link', { has: page.getByRole('heading', { name: 'Verify this figure' }) });
    await block.waitFor();
    const persons = Number(
      (
        await page
          .locator('.cas-facts dt', { hasText: /^Persons$/ })
          .first()
          .locator('xpath=following-sibling::dd[1]')
          .innerText()
      ).replace(/\D/g, ''),
    );

    const saved = [
      await download(block.getByRole('link', { name: 'Download the receipt (JSON)' })),
      await download(block.getByRole('link', { name: 'records.csv' })),
      await download(block.getByRole('link', { name: 'decisions.csv' })),
    ];
    // the browser saves each file under the name the server sends; the command the page shows names those files
    expect(saved).toEqual([`run-${runId}-receipt.json`, `run-${runId}-records.csv`, `run-${runId}-decisions.csv`]);
    const command = (await block.locator('pre code').innerText()).trim();
    expect(command).toBe(`reckon receipt verify ${saved[0]} --data ${saved[1]} ${saved[2]} --key <public key>`);
    const key = ((await (await page.context().request.get(`${server.url}/api/ledger/public-key`)).json()) as { verifierKey: string }).verifierKey;
    const args = command
      .replace(/ --key <public key>$/, '')
      .split(' ')
      .slice(1);

    const verified = reckon([...args, '--key', key]);
    expect(verified.out, verified.err).toMatch(/REPRODUCED: every figure recomputed from the data given equals the receipt's/);
    expect(verified.out).toMatch(/ok {3}signature: signed by/);
    expect(verified.out).toMatch(/ok {3}ledger: recorded as ledger entry \d+, included in the signed checkpoint/);
    expect(verified.code).toBe(0);
    const receipt = JSON.parse(readFileSync(join(dir, saved[0]), 'utf8')) as { figure: { kind: string }; outputs: Record<string, unknown> };
    expect(receipt.figure.kind).toBe('linkage-run');
    // the figure the page shows is the figure the receipt records and verify recomputed
    expect(persons).toBeGreaterThan(0);
    expect(receipt.outputs.persons).toBe(persons);
    expect(receipt.outputs.records).toBe(11);

    // a tampered copy of the records: one letter of one name changed; never a pass
    const records = readFileSync(join(dir, saved[1]), 'utf8');
    const tampered = records.replace('Velikhanli', 'Velikhanly');
    expect(tampered).not.toBe(records);
    writeFileSync(join(dir, 'records-tampered.csv'), tampered);
    const failed = reckon(['receipt', 'verify', saved[0], '--data', 'records-tampered.csv', saved[2], '--key', key]);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/FAIL input/);
    expect(failed.out).toMatch(/NOT REPRODUCED: differs in input/);

    // a receipt whose number of persons was edited after signing: the manifest names the figure
    writeFileSync(join(dir, 'receipt-forged.json'), JSON.stringify({ ...receipt, outputs: { ...receipt.outputs, persons: persons + 1 } }));
    const forged = reckon(['receipt', 'verify', 'receipt-forged.json', '--data', saved[1], saved[2], '--key', key]);
    expect(forged.code).toBe(1);
    expect(forged.out).toMatch(/FAIL manifest: .*"persons"/);
    expect(forged.out).toMatch(/NOT REPRODUCED/);
    expect(browser.cspViolations).toEqual([]);
  });
});
