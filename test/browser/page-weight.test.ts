import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { budgetsFrom, chunkWeights, type Manifest } from './bundle-budgets.ts';
import { buildWeb, coldPhonePage, hasChromium, launchBrowser, openConversation, repoRoot, startServer, type Browser, type RunningServer } from './harness.ts';

/**
 * First-load budgets (issue 18 item 7, issue 16 item 5): the bytes a browser with an empty cache transfers for a page
 * until it shows what the visitor came for, as Chromium counts them on the wire (compressed, headers included).
 * A page that grows past its budget fails here, in CI, before anyone on a phone pays for it. Times on a throttled
 * connection are printed for information only; the figures that count are in bench/ and docs/BENCHMARKS.md.
 */
const useMock = process.env.RECKON_BROWSER_MOCK === '1';
if (useMock) console.warn('page-weight: the mock API has no dialogue; skipped');

const KB = 1024;
/**
 * The recognition page with its world map: 215.6 KB measured on 7 December 2026 with the borders at 1:110m; with the
 * 1:50m borders every visitor loaded before, about 187 KB more (the two files' gzip weights), past issue 18's 300 KB.
 */
const RECOGNITION_BUDGET = 250;
/**
 * The missing persons' places map of one region (staff only): 355.6 KB on 7 December 2026 with the world's 1:50m
 * borders; since 8 December it loads the 1:50m borders of the countries in its frame alone (8 for the South Caucasus,
 * scripts/vite-country-borders.ts), and is held to issue 18's 300 KB.
 */
const PLACES_REGION_BUDGET = 300;

/** One build for both suites below (shared with every browser suite when RECKON_TEST_RUN names the run). */
let built: Promise<string> | undefined;
const webBuild = () => (built ??= buildWeb());

/** What the build holds, read from Vite's manifest: no browser, so it runs wherever the build does. */
describe('bundle budgets of the build', { timeout: 240_000 }, () => {
  it('keeps the entry and every lazily loaded chunk within its budget in docs/web.md', async () => {
    const webRoot = await webBuild();
    const manifest = JSON.parse(readFileSync(join(webRoot, '.vite', 'manifest.json'), 'utf8')) as Manifest;
    const budgets = budgetsFrom(readFileSync(join(repoRoot, 'docs', 'web.md'), 'utf8'));
    expect(budgets.size).toBeGreaterThan(0);
    // Each country's 1:50m borders is a chunk of its own (scripts/vite-country-borders.ts): one budget for them all.
    const budgetOf = (name: string) => budgets.get(name.replace(/\/border-\d+$/, '/border-*'));
    const weights = chunkWeights(webRoot, manifest, (key) => !/(^|\/)i18n\//.test(key));
    const borders = weights.filter((w) => /\/border-\d+$/.test(w.name));
    console.log(
      [
        ...weights.filter((w) => !borders.includes(w)).map((w) => `${w.name}: ${w.kb.toFixed(1)} KB gzip (budget ${budgetOf(w.name) ?? 'none'})`),
        `${borders.length} countries' borders: at most ${Math.max(0, ...borders.map((w) => w.kb)).toFixed(1)} KB gzip each`,
      ].join('\n'),
    );
    expect(weights.filter((w) => budgetOf(w.name) === undefined).map((w) => w.name), 'chunks without a budget in docs/web.md').toEqual([]);
    for (const w of weights) expect(w.kb, `${w.name}: ${w.kb.toFixed(1)} KB gzip, files ${w.files.join(', ')}`).toBeLessThanOrEqual(budgetOf(w.name)!);
  });
});

describe.skipIf(!hasChromium || useMock)('first-load weight of each page', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let invitation = '';
  const measured: Array<{ page: string; kb: number; budget: number; ms: number }> = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([webBuild().then((root) => startServer(root)), launchBrowser()]);
    [invitation] = await openConversation(server, 'The first statement a participant reads.', 'Weight of the page');
    // Places of interest in one region (the South Caucasus), as a documentation team's are: the places map draws them
    // over the 1:50m borders (PlacesMap.tsx, needsRegionalBorders).
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(server.admin) });
    const headers = { 'content-type': 'application/json', cookie: (login.headers.get('set-cookie') ?? '').split(';')[0], 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    for (const [name, latitude, longitude] of [['Synthetic depot', 40.41, 49.87], ['Synthetic ravine', 39.82, 46.75], ['Synthetic field', 40.18, 44.51]] as const) {
      const place = await fetch(`${server.url}/api/missing/places`, { method: 'POST', headers, body: JSON.stringify({ kind: 'detention_site', name, latitude, longitude }) });
      expect(place.status, await place.clone().text()).toBe(201);
    }
  }, 600_000);

  afterAll(async () => {
    console.log(['| page | first load KB (compressed) | budget KB | ms on 3G (information) |', '|---|---|---|---|', ...measured.map((m) => `| ${m.page} | ${m.kb.toFixed(1)} | ${m.budget} | ${m.ms} |`)].join('\n'));
    await browser?.close();
    await server?.close();
  });

  /** Loads `path` in a fresh context (empty cache) and sums the bytes on the wire until `ready` holds. */
  const weigh = async (path: string, ready: (page: Page) => Promise<unknown>, throttle = false, signedIn = false) => {
    const { context, page, cdp } = await coldPhonePage(browser, throttle);
    try {
      // A signed-in reader's first load: the session cookie is set beside the page (its request is not counted).
      if (signedIn) expect((await context.request.post(`${server.url}/api/auth/login`, { data: server.admin })).status()).toBe(200);
      let bytes = 0;
      const urls = new Map<string, string>();
      const sizes: Array<{ url: string; kb: number }> = [];
      cdp.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => urls.set(event.requestId, event.request.url));
      cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
        bytes += event.encodedDataLength;
        sizes.push({ url: (urls.get(event.requestId) ?? '?').replace(server.url, ''), kb: event.encodedDataLength / KB });
      });
      const started = Date.now();
      await page.goto(`${server.url}${path}`);
      await ready(page);
      const ms = Date.now() - started;
      // Requests already under way when the page became ready still count: wait for the network to settle.
      await page.waitForLoadState('networkidle').catch(() => undefined);
      return { kb: bytes / KB, ms, breakdown: sizes.sort((a, b) => b.kb - a.kb).map((r) => `${r.kb.toFixed(1)} KB ${r.url.slice(0, 80)}`).join('\n') };
    } finally {
      await context.close();
    }
  };

  // Issue 18's ceiling for any page is 300 KB and issue 16's for a participant on a phone 150 KB. The budgets below are
  // tighter guards, about 15% above what each page weighed once module catalogues loaded with their routes
  // (2026-12-06: home 110, archive 162, claims 164, estimates 152, login 123): growth past them is a decision to make
  // on purpose, here, not an accident noticed later.
  const pages: Array<{ name: string; path: () => string; budget: number; ready: (page: Page) => Promise<unknown>; throttle?: boolean; signedIn?: boolean }> = [
    { name: 'home', path: () => '/', budget: 130, ready: (p) => p.getByRole('heading', { level: 1 }).first().waitFor() },
    { name: 'archive', path: () => '/archive', budget: 190, ready: (p) => p.getByRole('heading', { level: 1 }).first().waitFor() },
    { name: 'claims', path: () => '/claims', budget: 190, ready: (p) => p.getByRole('heading', { level: 1 }).first().waitFor() },
    { name: 'estimates', path: () => '/estimates', budget: 175, ready: (p) => p.getByRole('heading', { level: 1 }).first().waitFor() },
    { name: 'login', path: () => '/login', budget: 145, ready: (p) => p.getByRole('heading', { level: 1 }).first().waitFor() },
    { name: 'public portal', path: () => '/public', budget: 250, ready: (p) => p.getByRole('heading', { level: 1 }).first().waitFor() },
    // The world map's borders come with the page (world-atlas at 1:110m); the 1:50m ones only for a country too small
    // for it (docs/BENCHMARKS.md).
    { name: 'recognition map', path: () => '/claims/recognition', budget: RECOGNITION_BUDGET, ready: (p) => p.locator('svg.map-svg path').first().waitFor({ timeout: 60_000 }) },
    // A region's places drawn over the 1:50m borders of the countries in view (about 20 KB of them, where the world's
    // were 225 KB). Places spread over continents draw the 1:110m ones (38 KB).
    {
      name: 'missing persons places map, a region',
      path: () => '/missing/places',
      budget: PLACES_REGION_BUDGET,
      ready: (p) => p.locator('svg.missing-map path.missing-map-country').first().waitFor({ timeout: 60_000 }),
      signedIn: true,
    },
    {
      name: 'participant, until the first statement',
      path: () => `/dialogue/join#${invitation}`,
      // Issue 16's goal is 150 KB. Measured 154.5 KB (2026-12-06) after module catalogues moved out of the shell; of
      // the rest, 5.7 KB are the publication control, the receipt link and the publication catalogue, which the
      // dialogue's pages import statically although a participant sees neither. A guard until they load lazily.
      budget: 156,
      ready: (p) => p.getByText('The first statement a participant reads.').waitFor({ timeout: 60_000 }),
      throttle: true,
    },
  ];

  for (const spec of pages) {
    it(`${spec.name}: within ${spec.budget} KB`, async () => {
      const { kb, ms, breakdown } = await weigh(spec.path(), spec.ready, spec.throttle, spec.signedIn);
      measured.push({ page: spec.name, kb, budget: spec.budget, ms });
      expect(kb, `${spec.name} transferred ${kb.toFixed(1)} KB:\n${breakdown}`).toBeLessThanOrEqual(spec.budget);
    });
  }
});
