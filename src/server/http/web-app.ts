import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { acceptedLanguages, preferredLocale, routeOf, type Locale } from '../../contract/web-pages.ts';
import { notFoundBody } from './errors.ts';
import type { App } from './types.ts';

/** What the build wrote in route-preloads.json (scripts/vite-route-preloads.ts); read, never trusted to be present. */
interface RoutePreloads {
  routes: PreloadRoute[];
  shell: Record<string, string[]>;
}

/** One module address's files beyond the entry script. */
interface PreloadRoute {
  path: string;
  scripts: string[];
  styles: string[];
  catalogues: Record<string, string[]>;
}

/**
 * The language the web app will most likely show, from Accept-Language, by the rule the web app applies to the
 * browser's languages (src/contract/web-pages.ts; a language chosen on the page and kept in the browser is not visible
 * here, and then the guessed catalogue is a few wasted kilobytes, nothing worse).
 */
export function likelyLanguage(acceptLanguage: string | undefined): Locale {
  return preferredLocale(acceptedLanguages(acceptLanguage)) ?? 'en';
}

/** Only the build's own asset names go into a page: a damaged or hostile preloads file adds nothing. */
const ASSET = /^\/assets\/[A-Za-z0-9._-]+\.(js|css)$/;

/**
 * index.html with `<link>`s for the files a module's page (`route`, found by routeOf) needs beyond the entry script,
 * so the browser fetches them at once instead of after the entry has run (issue 16); `shell` holds the shell's
 * catalogue files by language. Nothing from the request is written into the page but the choice among the build's own
 * file names.
 */
export function pageWithPreloads(indexHtml: string, route: PreloadRoute | undefined, shell: Record<string, string[]> | undefined, language: Locale): string {
  if (!route) return indexHtml;
  const scripts = new Set([...route.scripts, ...(route.catalogues.en ?? [])]);
  if (language !== 'en') for (const file of [...(route.catalogues[language] ?? []), ...(shell?.[language] ?? [])]) scripts.add(file);
  const links = [
    ...[...scripts].filter((file) => ASSET.test(file)).map((file) => `<link rel="modulepreload" crossorigin href="${file}">`),
    ...route.styles.filter((file) => ASSET.test(file)).map((file) => `<link rel="preload" as="style" crossorigin href="${file}">`),
  ];
  return links.length > 0 && indexHtml.includes('</head>') ? indexHtml.replace('</head>', `${links.join('\n')}\n</head>`) : indexHtml;
}

function readPreloads(dist: string): RoutePreloads | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dist, 'route-preloads.json'), 'utf8')) as RoutePreloads;
    return Array.isArray(parsed.routes) && typeof parsed.shell === 'object' ? parsed : null;
  } catch {
    return null; // an older build, or none: pages work without preloads, one round trip slower on a slow link
  }
}

/** Serves the built web app, with the SPA's index.html for any other GET that accepts HTML. */
export async function registerWebApp(app: App, dist: string): Promise<void> {
  const built = existsSync(join(dist, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      wildcard: false,
      index: false,
      maxAge: '1h',
      // The build writes .br and .gz copies of every text file (vite.config.ts); browsers that accept them get those.
      preCompressed: true,
      // Files under assets/ carry a hash of their content in their names: they never change, so browsers keep them.
      setHeaders: (reply, path) => {
        if (/[\\/]assets[\\/]/.test(path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  const indexHtml = built ? readFileSync(join(dist, 'index.html'), 'utf8') : '';
  const preloads = built ? readPreloads(dist) : null;
  // One page per module and language, made once: a page is a few hundred bytes more than index.html.
  const pages = new Map<string, { html: string; etag: string }>();
  const pageFor = (path: string, language: Locale) => {
    const route = preloads ? routeOf(preloads.routes, path) : undefined;
    const key = `${route?.path ?? ''}\n${language}`;
    let page = pages.get(key);
    if (!page) {
      const html = pageWithPreloads(indexHtml, route, preloads?.shell, language);
      page = { html, etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"` };
      pages.set(key, page);
    }
    return page;
  };

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0];
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (!wantsPage) return reply.status(404).send(notFoundBody(request.method, request.url));
    if (!built) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The Reckon web app has not been built. Run `npm run build:web` (npm start does it for you).');
    }
    const page = pageFor(path, likelyLanguage(request.headers['accept-language']));
    // The page names the current build's assets: always revalidated, so a new build is seen at once.
    reply.header('cache-control', 'no-cache').header('vary', 'accept-language').header('etag', page.etag).type('text/html; charset=utf-8');
    if (request.headers['if-none-match'] === page.etag) return reply.status(304).send();
    return reply.send(page.html);
  });
}
