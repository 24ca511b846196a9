import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from './types.ts';
import { routeOf } from '../../contract/web-pages.ts';
import { likelyLanguage, pageWithPreloads, registerWebApp } from './web-app.ts';

const INDEX = '<!doctype html><html><head><script type="module" crossorigin src="/assets/index-a.js"></script></head><body></body></html>';
const PRELOADS = {
  routes: [
    {
      path: '/dialogue',
      scripts: ['/assets/dialogue-a.js', '/assets/plural-b.js'],
      styles: ['/assets/dialogue-c.css'],
      catalogues: { en: ['/assets/en-d.js'], hy: ['/assets/hy-e.js'] },
    },
  ],
  shell: { hy: ['/assets/hy-f.js'] },
};

describe('the language a page is likely to be shown in', () => {
  it('follows Accept-Language by weight and order, among the four languages', () => {
    expect(likelyLanguage('hy-AM,hy;q=0.9,en;q=0.8')).toBe('hy');
    expect(likelyLanguage('de-DE,ru;q=0.5,az;q=0.7')).toBe('az');
    expect(likelyLanguage('fr, en;q=0.1')).toBe('en');
    expect(likelyLanguage('ru;q=0, az;q=0.2')).toBe('az');
  });

  it('reads English from nothing, garbage, or a hostile header', () => {
    for (const header of [undefined, '', ';;;', 'q=1', '\u0000hy', 'x'.repeat(10_000), '<script>alert(1)</script>']) {
      expect(likelyLanguage(header)).toBe('en');
    }
  });
});

describe('a page with the files its module needs', () => {
  it('names the page chunk, its styles and its catalogues before the head closes', () => {
    const html = pageWithPreloads(INDEX, routeOf(PRELOADS.routes, '/dialogue/join'), PRELOADS.shell, 'hy');
    const head = html.slice(0, html.indexOf('</head>'));
    for (const file of ['/assets/dialogue-a.js', '/assets/plural-b.js', '/assets/en-d.js', '/assets/hy-e.js', '/assets/hy-f.js']) {
      expect(head).toContain(`<link rel="modulepreload" crossorigin href="${file}">`);
    }
    expect(head).toContain('<link rel="preload" as="style" crossorigin href="/assets/dialogue-c.css">');
  });

  it('leaves out other languages, and other modules', () => {
    const english = pageWithPreloads(INDEX, routeOf(PRELOADS.routes, '/dialogue'), PRELOADS.shell, 'en');
    expect(english).toContain('/assets/en-d.js');
    expect(english).not.toContain('hy-');
    expect(pageWithPreloads(INDEX, routeOf(PRELOADS.routes, '/dialogues'), PRELOADS.shell, 'en')).toBe(INDEX);
    expect(pageWithPreloads(INDEX, routeOf(PRELOADS.routes, '/archive'), PRELOADS.shell, 'hy')).toBe(INDEX);
  });

  it('is index.html unchanged without a preloads file', () => {
    expect(pageWithPreloads(INDEX, undefined, undefined, 'en')).toBe(INDEX);
  });

  it('writes nothing but asset names, whatever the preloads file holds', () => {
    const hostile = {
      routes: [
        {
          path: '/dialogue',
          scripts: ['"><script>alert(1)</script>', '/assets/../../etc/passwd.js', 'https://elsewhere.example/x.js', '/assets/ok-1.js'],
          styles: ['/assets/a b.css'],
          catalogues: {},
        },
      ],
      shell: {},
    };
    const html = pageWithPreloads(INDEX, routeOf(hostile.routes, '/dialogue'), hostile.shell, 'en');
    expect(html).toContain('/assets/ok-1.js');
    expect(html).not.toContain('alert');
    expect(html).not.toContain('passwd');
    expect(html).not.toContain('elsewhere');
    expect(html).not.toContain('a b.css');
  });
});

describe('the web app as served', () => {
  const dist = mkdtempSync(join(tmpdir(), 'reckon-web-app-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'dialogue-a.js'), 'export {};');
  writeFileSync(join(dist, 'route-preloads.json'), JSON.stringify(PRELOADS));
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    await registerWebApp(app as unknown as App, dist);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it("sends a module's page with its files named, revalidated by its tag", async () => {
    const page = await app.inject({ url: '/dialogue/join', headers: { accept: 'text/html', 'accept-language': 'hy,en;q=0.5' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers.vary).toContain('accept-language');
    expect(page.body).toContain('href="/assets/hy-e.js"');
    const again = await app.inject({
      url: '/dialogue/join',
      headers: { accept: 'text/html', 'accept-language': 'hy', 'if-none-match': String(page.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const english = await app.inject({ url: '/dialogue/join', headers: { accept: 'text/html', 'if-none-match': String(page.headers.etag) } });
    expect(english.statusCode).toBe(200);
    expect(english.body).not.toContain('hy-e.js');
  });

  it('sends index.html as it is for other pages, and the built files themselves', async () => {
    expect((await app.inject({ url: '/archive', headers: { accept: 'text/html' } })).body).toBe(INDEX);
    const script = await app.inject({ url: '/assets/dialogue-a.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['cache-control']).toContain('immutable');
  });

  it('answers API paths, non-page requests and hostile paths without a page or a file outside the build', async () => {
    expect((await app.inject({ url: '/api/nothing', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/dialogue/join', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    for (const url of ['/dialogue/%00', '/dialogue/%2e%2e/%2e%2e/route-preloads', '/%ED%A0%80', '/dialogue/<script>']) {
      const response = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode, url).toBeLessThan(500);
      expect(response.body, url).not.toContain('<script>alert');
      expect(response.body, url).not.toContain('"routes"');
    }
  });
});
