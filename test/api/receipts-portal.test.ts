import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { examplesDir } from '../../src/server/registry/demo.ts';
import { parseVerifierKey } from '../../src/core/ledger/signed-note.ts';
import { dialogueMethod, REGISTRY_INPUTS, registryMethod, verifyReceipt, type Receipt } from '../../src/core/receipts/index.ts';
import { codeVersion } from '../../src/server/receipts/code-version.ts';
import { receiptPortalMessages } from '../../src/server/receipts/portal.ts';
import { createConversation, facilitatorHeaders, join as joinConversation, vote, type Headers } from './dialogue-helpers.ts';

/**
 * "Verify this figure" on the script-free public portal for the registry's published casualty figures (/public/data)
 * and for published dialogue reports (/public/reports): a visitor follows the page's own links, anonymously, and
 * verifies offline. The registry's files are open data, so its figures are reproduced from what the page links to;
 * a dialogue report's vote table is not public, the page says so in the reader's language, and verifying without it
 * is never a pass.
 */
const bytes = (text: string) => new TextEncoder().encode(text);
const hrefs = (page: string, block: RegExp) => {
  const aside = page.match(block)?.[0] ?? '';
  return [...aside.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
};
const receiptAside = /<aside class="receipt"[\s\S]*?<\/aside>/;
const hasExample = existsSync(join(examplesDir, 'khojaly-1992', 'claims.csv'));

describe('receipts on the public portal', () => {
  let t: TestApp;
  let facilitator: Headers;
  let conversation = '';
  let verifier: ReturnType<typeof parseVerifierKey>;

  beforeAll(async () => {
    t = await createTestApp({ dialogueVotesPerMinute: 1000, dialogueAnalysisDebounceMs: 50 });
    const admin = (await t.login(t.admin.username, t.admin.password)).headers;
    if (hasExample) expect((await t.app.inject({ method: 'POST', url: '/api/registry/demo', headers: admin })).statusCode).toBe(201);
    facilitator = await facilitatorHeaders(t);
    const created = await createConversation(t, facilitator, { seedStatements: ['Rebuild the bridge.', 'Open the archive.', 'Name the missing.'].map((text) => ({ text, language: 'en' })) });
    conversation = created.id;
    for (let i = 0; i < 6; i++) {
      const joined = await joinConversation(t, created.invitations[i % 2].token);
      for (let tid = 0; tid < 3; tid++) await vote(t, conversation, joined.cookie, tid, (tid + i) % 3 === 0 ? 'disagree' : 'agree');
    }
    verifier = parseVerifierKey((await t.app.inject({ method: 'GET', url: '/api/ledger/public-key' })).json().verifierKey);
  }, 120_000);
  afterAll(async () => t?.close());

  it.skipIf(!hasExample)("reproduces the registry's published figures from the open-data page's own links, anonymously", async () => {
    const page = (await t.app.inject({ method: 'GET', url: '/public/data?lang=en' })).body;
    expect(page).toContain(receiptPortalMessages.en['registry.title']);
    const links = hrefs(page, /<section id="registry-figures">[\s\S]*?<\/section>/);
    const receiptHref = links.find((l) => l.endsWith('/receipt'))!;
    expect(receiptHref).toBe('/api/registry/figures/receipt');
    // the four files, in the order --data takes them, and the command naming them so
    const fileHrefs = links.filter((l) => l.endsWith('.csv'));
    expect(fileHrefs.map((l) => l.split('/').pop())).toEqual([...REGISTRY_INPUTS]);
    expect(page).toContain(`reckon receipt verify registry-figures-receipt.json --data ${REGISTRY_INPUTS.join(' ')}`);

    const receipt = (await t.app.inject({ method: 'GET', url: receiptHref })).json() as Receipt;
    const files = await Promise.all(fileHrefs.map(async (href) => (await t.app.inject({ method: 'GET', url: href })).body));
    const check = (texts: string[]) =>
      verifyReceipt(receipt, REGISTRY_INPUTS.map((name, i) => ({ name, bytes: bytes(texts[i]) })), { methods: [registryMethod()], verifiers: [verifier], code: codeVersion() });
    const report = await check(files);
    expect(report.reproduced, JSON.stringify(report.checks)).toBe(true);
    expect(receipt.outputs.claims).toBe(7);
    // one figure changed in the downloaded claims: not reproduced, and claims.csv named
    const edited = await check(files.map((text, i) => (REGISTRY_INPUTS[i] === 'claims.csv' ? text.replace('613', '612') : text)));
    expect(edited.reproduced).toBe(false);
    expect(JSON.stringify(edited.checks.filter((c) => c.status === 'fail'))).toMatch(/claims\.csv/);
  });

  it("shows each language its own words, and the page's markup stays inert", async () => {
    for (const lang of ['az', 'hy', 'ru'] as const) {
      const page = (await t.app.inject({ method: 'GET', url: `/public/data?lang=${lang}` })).body;
      expect(page, lang).toContain(receiptPortalMessages[lang].title);
      expect(page, lang).toContain(receiptPortalMessages[lang]['registry.title']);
      expect(receiptPortalMessages[lang].notPublicVotes).not.toBe(receiptPortalMessages.en.notPublicVotes);
    }
    // a hostile language or query changes nothing in the block
    const hostile = await t.app.inject({ method: 'GET', url: `/public/data?lang=${encodeURIComponent('"><script>alert(1)</script>')}` });
    expect(hostile.statusCode).toBe(200);
    expect(hostile.body).not.toContain('<script>alert(1)');
    expect(hostile.body).toContain(receiptPortalMessages.en['registry.title']);
  });

  it('links a published dialogue report to its receipt, says the votes are not public, and never passes without them', async () => {
    // not yet published: not on the portal, and no receipt for the public
    expect((await t.app.inject({ method: 'GET', url: '/public/reports' })).body).not.toContain(conversation);
    const visibility = await t.app.inject({ method: 'PUT', url: `/api/dialogue/conversations/${conversation}/report-visibility`, headers: facilitator, payload: { public: true } });
    expect(visibility.statusCode, visibility.body).toBeLessThan(300);

    for (const lang of ['en', 'ru'] as const) {
      const page = (await t.app.inject({ method: 'GET', url: `/public/reports?lang=${lang}` })).body;
      const aside = page.match(receiptAside)?.[0] ?? '';
      expect(aside, lang).toContain(receiptPortalMessages[lang].notPublicVotes.split('{org}')[0]);
      expect(aside).not.toMatch(/votes\.csv/); // no link to the table, and no --data in the command
      expect(aside).toContain(`reckon receipt verify dialogue-${conversation}-receipt.json --key`);
    }
    const [receiptHref] = hrefs((await t.app.inject({ method: 'GET', url: '/public/reports' })).body, receiptAside);
    expect(receiptHref).toBe(`/api/dialogue/conversations/${conversation}/report/receipt`);

    let receipt: Receipt | null = null;
    for (let i = 0; i < 50 && !receipt; i++) {
      const response = await t.app.inject({ method: 'GET', url: receiptHref });
      if (response.statusCode === 200) receipt = response.json() as Receipt;
      else {
        expect(response.json().error.code, response.body).toBe('receipt_report_updating');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(receipt?.figure.kind).toBe('dialogue-report');
    expect(receipt!.inputs[0].leaves).toBeNull();
    const offline = await verifyReceipt(receipt!, [], { methods: [dialogueMethod()], verifiers: [verifier], code: codeVersion() });
    expect(offline.reproduced).toBe(false);
    expect(offline.checks.find((c) => c.part === 'signature')?.status).toBe('pass');
    expect(offline.checks.some((c) => c.part === 'input' && c.status !== 'pass')).toBe(true);
    // the table stays the facilitators': a visitor is asked to sign in
    expect((await t.app.inject({ method: 'GET', url: `${receiptHref}/votes.csv` })).statusCode).toBe(401);
  });
});
