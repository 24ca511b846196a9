/**
 * A case file checked offline in a browser, as a court's clerk would: verify.html, opened from the disk with no
 * server and no network, accepts the case file `reckon cases case-file` wrote, and refuses a forgery of it (the
 * payloads of two exhibits swapped and every BagIt manifest regenerated to match, so only the ledger binding can
 * tell), naming the exhibit.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBag, regenerate } from '../api/bag-tamper-cases.ts';
import { ALLEGATION, seedCaseFileInstance } from '../api/cases-case-file-fixture.ts';
import { runCli } from '../cli.ts';
import { hasChromium, launchBrowser, type Browser } from './harness.ts';

describe.skipIf(!hasChromium || Boolean(process.env.TEST_DATABASE_URL))('case file: verify.html offline', () => {
  const work = mkdtempSync(join(tmpdir(), 'reckon-cases-verify-'));
  const dataDir = join(work, 'data');
  const pristine = join(work, 'case-file');
  let itemIds: string[] = [];
  let browser: Browser | undefined;

  beforeAll(async () => {
    itemIds = await seedCaseFileInstance(dataDir);
    const exported = await runCli(['cases', 'case-file', ALLEGATION, '--out', pristine, '--data-dir', dataDir]);
    expect(exported.code, exported.out + exported.err).toBe(0);
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** The pristine case file's verify.html (the recipient's trusted copy) run on a folder, with no network. */
  async function verifyInBrowser(dir: string): Promise<{ status: string; text: string }> {
    const page = await browser!.context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) requests.push(r.url());
    });
    try {
      await page.goto(`file://${join(pristine, 'verify.html')}`);
      await page.setInputFiles('#folder', dir);
      await page.waitForSelector('#verdict[data-status="valid"], #verdict[data-status="invalid"]', { timeout: 120_000 });
      expect(requests).toEqual([]);
      return { status: (await page.getAttribute('#verdict', 'data-status'))!, text: await page.innerText('body') };
    } finally {
      await page.close();
    }
  }

  it('accepts the case file as exported, with its matrix and exhibit list in it', { timeout: 180_000 }, async () => {
    expect(readFileSync(join(pristine, 'case-file', 'exhibits.csv'), 'utf8')).toContain(itemIds[0]);
    const result = await verifyInBrowser(pristine);
    expect(result.status, result.text).toBe('valid');
  });

  it('refuses the case file once two exhibits are swapped and the manifests regenerated, naming the exhibit', { timeout: 180_000 }, async () => {
    const dir = copyBag(pristine, join(work, 'swapped'));
    const payloadOf = (itemId: string) => {
      const folder = join(dir, 'data', 'items', itemId);
      return join(folder, readdirSync(folder)[0]);
    };
    const [a, b] = [payloadOf(itemIds[0]), payloadOf(itemIds[1])];
    const [bytesA, bytesB] = [readFileSync(a), readFileSync(b)];
    writeFileSync(a, bytesB);
    writeFileSync(b, bytesA);
    regenerate(dir);
    const result = await verifyInBrowser(dir);
    expect(result.status).toBe('invalid');
    expect(result.text).toContain(itemIds[0]);
  });
});
