import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, runAxe, type Browser } from './harness.ts';

/**
 * The public portal in a real browser, as the anonymous visitor: every page in the four languages has no serious or
 * critical axe finding, no CSP violation and no script error, and its first load (HTML + stylesheet) is small.
 * The portal is rendered by the server, so the web app need not be built.
 */
describe.skipIf(!hasChromium)('public portal in the browser', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let itemId = '';

  beforeAll(async () => {
    const { startTestServer } = await import('../../src/server/testing.ts');
    const started = await startTestServer({ webDist: 'does-not-exist' });
    server = started;
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(started.admin) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf };
    const created = await fetch(`${server.url}/api/archive/items`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ kind: 'document', title: 'Published report on the shelling', description: 'Public words', languages: ['en'], confidentiality: 'public', place: { name: 'Village A', country: 'AZ' } }),
    });
    itemId = ((await created.json()) as { item: { id: string } }).item.id;
    const preview = (await (await fetch(`${server.url}/api/publication/item/${itemId}`, { headers })).json()) as { disclosure: { digest: string } };
    const made = await fetch(`${server.url}/api/publication/item/${itemId}/public`, { method: 'POST', headers, body: JSON.stringify({ digest: preview.disclosure.digest }) });
    expect(made.status).toBe(200);
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('passes axe on every public page in four languages, with no CSP violation, and loads under 250 KB', async () => {
    const { page } = browser;
    const paths = ['/public', '/public/archive', `/public/archive/${itemId}`, '/public/reports', '/public/estimates', '/public/statistics', '/public/memorial', '/public/missing', '/public/data', '/public/neutrality'];
    const findings: string[] = [];
    const audits: string[] = [];
    let heaviest = 0;
    for (const lang of ['en', 'az', 'hy', 'ru']) {
      for (const path of paths) {
        let bytes = 0;
        const count = (response: { request(): { url(): string }; body(): Promise<Buffer> }) =>
          void response.body().then((b) => (bytes += b.length)).catch(() => undefined);
        page.on('response', count);
        await page.goto(`${server.url}${path}?lang=${lang}`, { waitUntil: 'load', timeout: 120_000 });
        await page.waitForTimeout(200);
        page.off('response', count);
        heaviest = Math.max(heaviest, bytes);
        for (const f of await runAxe(page)) findings.push(`${lang} ${path}: ${f.id} (${f.impact}) ${f.targets.join(' ')}`);
        // Lighthouse's offline audits of the same kind, read in the page (Lighthouse itself is not installed here):
        // the document's language, a viewport for phones, a title and description, no render-blocking resource but the
        // one stylesheet (Chromium's renderBlockingStatus), no script, and images with their size and no larger than
        // twice their displayed size.
        const audit = await page.evaluate(() => {
          const problems: string[] = [];
          const viewport = document.querySelector('meta[name="viewport"]')?.getAttribute('content') ?? '';
          if (!/width=device-width/.test(viewport)) problems.push('no viewport');
          if (!document.title.trim()) problems.push('no title');
          if (!document.querySelector('meta[name="description"]')?.getAttribute('content')?.trim()) problems.push('no meta description');
          if (document.scripts.length) problems.push(`${document.scripts.length} scripts`);
          const blocking = (performance.getEntriesByType('resource') as Array<PerformanceResourceTiming & { renderBlockingStatus?: string }>).filter((r) => r.renderBlockingStatus === 'blocking').map((r) => new URL(r.name).pathname);
          if (blocking.some((path) => path !== '/public/portal.css')) problems.push(`render-blocking: ${blocking.join(' ')}`);
          for (const img of Array.from(document.images)) {
            if (!img.getAttribute('width') || !img.getAttribute('height')) problems.push(`image without size: ${img.src}`);
            if (img.naturalWidth > 2 * img.clientWidth * devicePixelRatio) problems.push(`image oversized: ${img.src}`);
          }
          return { lang: document.documentElement.lang, problems };
        });
        if (audit.lang.split('-')[0] !== lang) audits.push(`${lang} ${path}: html lang ${audit.lang}`);
        for (const problem of audit.problems) audits.push(`${lang} ${path}: ${problem}`);
      }
    }
    expect(findings).toEqual([]);
    expect(audits).toEqual([]);
    expect(browser.cspViolations).toEqual([]);
    // the only 404 allowed is /favicon.svg, which comes with the built web app (not built here)
    expect(browser.consoleErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    // uncompressed bytes of the document and its stylesheet: an upper bound of the compressed first load
    expect(heaviest).toBeLessThan(250 * 1024);
    console.log(`heaviest public page, uncompressed: ${heaviest} bytes`);
  }, 600_000);
});
