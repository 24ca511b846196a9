/**
 * The tamper sweep of issue 13: every forgery of an exported package must be caught by `reckon bag verify` (with
 * the archive's published key and the authority's CA, as a recipient should run it), by verify.html in Chromium,
 * and must import nothing. The figures are printed and recorded in docs/ledger.md.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderBagReader, tarBagReader } from '../../src/cli/commands/bag-readers.ts';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { bytesStream } from '../../src/server/blobs/service.ts';
import { loadConfig } from '../../src/server/config.ts';
import { openInstance } from '../../src/server/instance.ts';
import { buildEvidencePackage } from '../../src/server/packages/export.ts';
import { importEvidencePackage } from '../../src/server/packages/import.ts';
import { writePackage } from '../../src/server/packages/write.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { CHROMIUM, hasChromium } from '../browser/harness.ts';
import { runCli } from '../cli.ts';
import { opensslHasTs, startLocalTsa, type LocalTsa } from '../tsa.ts';
import { copyBag, filesOf, forgeryCases, singleByteCases, type TamperCase, type TamperContext } from './bag-tamper-cases.ts';

const withTsa = opensslHasTs();
if (!withTsa) console.warn('skipping the tamper sweep: this openssl has no `ts` command for the test time-stamp authority');

describe.skipIf(!withTsa)('tamper sweep: forged packages are caught and never imported', () => {
  let tsa: LocalTsa;
  let source: TestApp;
  let target: TestApp;
  let browser: Browser | undefined;
  let publishedKey: string;
  let ctx: TamperContext;
  const work = mkdtempSync(join(tmpdir(), 'reckon-tamper-'));
  const pristine = join(work, 'pristine');
  const editor = systemActor('test');

  beforeAll(async () => {
    tsa = await startLocalTsa();
    source = await createTestApp({ organisationName: 'Sweep Archive', timestampAuthorityUrl: tsa.url, timestampCaFile: tsa.caFile } as never);
    target = await createTestApp();
    const ids: string[] = [];
    for (const [i, text] of ['I saw the convoy at dawn.\n', 'The school was used as a depot.\n'].entries()) {
      const { item } = await source.ctx.archive.items.ingest(editor, bytesStream(Buffer.from(text.repeat(40 + i))), {
        filename: `statement-${i + 1}.txt`,
        metadata: { confidentiality: i === 0 ? 'confidential' : 'restricted', title: `Statement ${i + 1}` },
      });
      ids.push(item.id);
    }
    await writePackage(await buildEvidencePackage(source.ctx, editor, ids), pristine);
    publishedKey = (await source.ctx.ledger.publicKey()).verifierKey;
    ctx = { otherToken: await tsa.stamp(Buffer.from('some other document')), otherCaPem: readFileSync(tsa.otherCaFile, 'utf8') };
    if (hasChromium) browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await source?.close();
    await target?.close();
    await tsa?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** verify.html (the pristine bag's, as a recipient's trusted copy) run on a folder; 'valid' | 'invalid'. */
  async function inBrowser(dir: string, verifier = join(pristine, 'verify.html')): Promise<{ status: string; text: string }> {
    const page = await browser!.newPage();
    try {
      await page.goto(`file://${verifier}`);
      await page.fill('#key', publishedKey);
      await page.setInputFiles('#folder', dir);
      await page.waitForSelector('#verdict[data-status="valid"], #verdict[data-status="invalid"]', { timeout: 60_000 });
      return { status: (await page.getAttribute('#verdict', 'data-status'))!, text: await page.innerText('body') };
    } finally {
      await page.close();
    }
  }

  const count = async (t: TestApp, table: 'items' | 'blobs' | 'ledger_entries') =>
    Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('accepts the untouched package everywhere, and its VERIFY.txt commands succeed', { timeout: 300_000 }, async () => {
    const cli = await runCli(['bag', 'verify', pristine, '--key', publishedKey, '--tsa-ca', tsa.caFile]);
    expect(cli.out).toMatch(/^VALID .*Reckon evidence package/);
    expect(cli.out).toMatch(/ok +the checkpoint existed at .*RFC 3161/);
    expect(cli.code).toBe(0);
    if (browser) {
      const own = await inBrowser(pristine, join(pristine, 'verify.html'));
      expect(own.text).toMatch(/every check passed/);
      expect(own.status).toBe('valid');
    }
    // The commands of VERIFY.txt, run as a recipient would (bash, coreutils, OpenSSL 3, jq), in a copy.
    const dir = copyBag(pristine, join(work, 'commands'));
    const commands = readFileSync(join(dir, 'VERIFY.txt'), 'utf8').split('\n').filter((l) => l.startsWith('   $ ')).map((l) => l.slice(5));
    expect(commands.length).toBeGreaterThanOrEqual(10);
    const out = execFileSync('bash', ['-euo', 'pipefail', '-c', commands.join('\n')], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/Signature Verified Successfully/);
    expect(out).toMatch(/Verification: OK/);
    expect(out).not.toMatch(/FAILED/);
  });

  it('catches every forgery with the CLI and verify.html, and imports none of them', { timeout: 900_000 }, async () => {
    const cases: TamperCase[] = [...singleByteCases(pristine), ...forgeryCases()];
    const itemsBefore = await count(target, 'items');
    const blobsBefore = await count(target, 'blobs');
    const missed: string[] = [];
    const figures = { cases: cases.length, cli: 0, browser: 0, browserRun: 0, refusedImports: 0 };
    for (const [i, tamper] of cases.entries()) {
      const dir = copyBag(pristine, join(work, `case-${i}`));
      tamper.apply(dir, ctx);
      const cli = await runCli(['bag', 'verify', dir, '--key', publishedKey, '--tsa-ca', tsa.caFile]);
      if (cli.code === 1 && /^INVALID/.test(cli.out)) figures.cli++;
      else missed.push(`CLI: ${tamper.name}`);
      try {
        await importEvidencePackage(target.ctx, editor, folderBagReader(dir), { expectedKey: publishedKey, trustedTsaPem: readFileSync(tsa.caFile, 'utf8') });
        missed.push(`import: ${tamper.name}`);
      } catch (error) {
        if ((error as { code?: string }).code === 'bag_invalid') figures.refusedImports++;
        else missed.push(`import (unexpected error ${(error as Error).message}): ${tamper.name}`);
      }
      if (browser && !tamper.cliOnly) {
        figures.browserRun++;
        const result = await inBrowser(dir);
        if (result.status === 'invalid') figures.browser++;
        else missed.push(`verify.html: ${tamper.name}`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`tamper sweep: ${figures.cases} cases; reckon bag verify caught ${figures.cli}; verify.html caught ${figures.browser} of ${figures.browserRun}; import refused ${figures.refusedImports}`);
    expect(missed).toEqual([]);
    expect(await count(target, 'items')).toBe(itemsBefore);
    expect(await count(target, 'blobs')).toBe(blobsBefore);
    // The untouched package still imports, so the refusals were not a broken importer.
    const imported = await importEvidencePackage(target.ctx, editor, folderBagReader(pristine), { expectedKey: publishedKey });
    expect(imported).toHaveLength(2);
  });

  it('reckon bag import refuses a forged package with every reason and leaves the instance empty', { timeout: 300_000 }, async () => {
    const forged = copyBag(pristine, join(work, 'cli-forged'));
    forgeryCases()[0].apply(forged, ctx);
    const dataDir = join(work, 'cli-instance');
    const refused = await runCli(['bag', 'import', forged, '--key', publishedKey, '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/refused, nothing imported: the package does not verify/);
    expect(refused.err).toMatch(/payload-mismatch +data\/items\/[^ ]+: sha256 is .* but ledger entry \d+ \(item.file_added/);
    const instance = await openInstance(loadConfig({ dataDir, logLevel: 'silent' }, {}));
    try {
      expect(Number((await instance.ctx.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    } finally {
      await instance.close();
    }
    const accepted = await runCli(['bag', 'import', pristine, '--key', publishedKey, '--data-dir', dataDir]);
    expect(accepted.out.match(/^imported /gm)).toHaveLength(2);
    expect(accepted.code).toBe(0);
  });

  it('refuses a package archive with traversal or absolute paths, naming them, and imports nothing', { timeout: 120_000 }, async () => {
    const archive = join(work, 'hostile.tar');
    const pack = tar.pack();
    const done = pipeline(pack, createWriteStream(archive));
    for (const file of filesOf(pristine)) pack.entry({ name: `bag/${file}`, mtime: new Date(0) }, readFileSync(join(pristine, file)));
    pack.entry({ name: 'bag/../../escape.sh', mtime: new Date(0) }, 'rm -rf ~\n');
    pack.entry({ name: '/etc/cron.d/evil', mtime: new Date(0) }, '* * * * * root sh\n');
    pack.finalize();
    await done;
    const cli = await runCli(['bag', 'verify', archive, '--key', publishedKey]);
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/path-traversal +bag\/\.\.\/\.\.\/escape\.sh/);
    expect(cli.out).toMatch(/absolute-path +\/etc\/cron\.d\/evil/);
    const before = await count(target, 'items');
    await expect(importEvidencePackage(target.ctx, editor, tarBagReader(archive), { expectedKey: publishedKey })).rejects.toMatchObject({ code: 'bag_invalid' });
    expect(await count(target, 'items')).toBe(before);
    expect(existsSync(join(work, '..', 'escape.sh'))).toBe(false);
  });

  it('refuses a package signed with a key other than the one given, and says so', { timeout: 120_000 }, async () => {
    const other = join(work, 'other-key.txt');
    const { formatVerifierKey, generateSigner } = await import('../../src/core/ledger/signed-note.ts');
    writeFileSync(other, `${formatVerifierKey(generateSigner(publishedKey.split('+')[0]))}\n`);
    const result = await runCli(['bag', 'verify', pristine, '--key', other]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/wrong-key +ledger\/public-key.txt: the bag carries the key .* not the expected .*: it was signed \(or re-signed\) by someone else/);
    const bad = await runCli(['bag', 'verify', pristine, '--key', join(work, 'no-such-key')]);
    expect(bad.code).toBe(2);
    expect(existsSync(join(work, 'no-such-key'))).toBe(false);
  });
});
