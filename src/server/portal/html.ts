import { endonyms, languageTags, portalLanguages, type PortalLanguage, type PortalT } from './i18n.ts';

/** Escapes text for HTML content and double-quoted attributes. Every value a page shows passes through it. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A tagged template whose interpolations are escaped unless they are already rendered `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return esc(value);
}

export interface PageContext {
  t: PortalT;
  lang: PortalLanguage;
  org: string;
  /** The absolute base address (for Open Graph and the sitemap), or '' when the server does not know it. */
  base: string;
}

/** A portal address in the reader's language. */
export function href(ctx: PageContext, path: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  params.set('lang', ctx.lang);
  return `${path}?${params.toString()}`;
}

const NAV: Array<[string, Parameters<PortalT>[0]]> = [
  ['/public', 'nav.home'],
  ['/public/archive', 'nav.archive'],
  ['/claims', 'nav.claims'],
  ['/public/reports', 'nav.reports'],
  ['/public/estimates', 'nav.estimates'],
  ['/public/statistics', 'nav.statistics'],
  ['/public/memorial', 'nav.memorial'],
  ['/public/data', 'nav.data'],
  ['/public/neutrality', 'nav.neutrality'],
];

/**
 * A whole page: no script, one stylesheet from this origin (the strict CSP allows nothing else), Open Graph tags for
 * link previews, a canonical address, alternates in the other languages, and a form-free language switch.
 */
export function page(ctx: PageContext, path: string, query: Record<string, string | number | undefined>, title: string, description: string, body: Html): string {
  const { t, lang } = ctx;
  const canonical = `${ctx.base}${href(ctx, path, query)}`;
  const alternates = portalLanguages.map((l) => html`<link rel="alternate" hreflang="${languageTags[l]}" href="${ctx.base}${href({ ...ctx, lang: l }, path, query)}">`);
  const languages = portalLanguages.map((l) =>
    l === lang ? html`<li><span aria-current="true" lang="${languageTags[l]}">${endonyms[l]}</span></li>` : html`<li><a href="${href({ ...ctx, lang: l }, path, query)}" lang="${languageTags[l]}" hreflang="${languageTags[l]}">${endonyms[l]}</a></li>`,
  );
  const nav = NAV.map(([to, key]) => html`<li><a href="${href(ctx, to)}"${to === path ? new Html(' aria-current="page"') : ''}>${t(key)}</a></li>`);
  return `<!doctype html>${html`<html lang="${languageTags[lang]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${ctx.org}</title>
<meta name="description" content="${description}">
<link rel="canonical" href="${canonical}">${alternates}
<meta property="og:type" content="website"><meta property="og:site_name" content="${ctx.org}"><meta property="og:title" content="${title}">
<meta property="og:description" content="${description}"><meta property="og:url" content="${canonical}"><meta property="og:locale" content="${languageTags[lang].replace('-', '_')}">
<meta name="twitter:card" content="summary">
<link rel="stylesheet" href="/public/portal.css"><link rel="icon" href="/favicon.svg"></head>
<body><a class="skip" href="#main">${t('skip')}</a>
<header><p class="org">${ctx.org} · ${t('title')}</p><nav aria-label="${t('title')}"><ul>${nav}</ul></nav>
<nav aria-label="${t('languages')}" class="languages"><ul>${languages}</ul></nav></header>
<main id="main"><h1>${title}</h1>${body}</main></body></html>`.text}`;
}

export const PORTAL_CSS = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Armenian",sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0 auto;max-width:60rem;padding:0 1rem 3rem}
a{color:#0b4f9c}a:focus-visible{outline:3px solid #c75300;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header{border-bottom:1px solid #ccc;margin-bottom:1rem}header ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.org{font-weight:600;margin:.75rem 0 0}[aria-current]{font-weight:700}
.languages ul{gap:.75rem;font-size:.95rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:start;vertical-align:top}
.facets{display:flex;flex-wrap:wrap;gap:1rem}.facets section{min-width:10rem}.facets ul{padding-inline-start:1rem;margin:.25rem 0}
.results>li{margin-bottom:1rem}.muted{color:#555}.warning{border-inline-start:4px solid #a33;padding:.25rem .75rem;background:#fff5f5}
.person{border:1px solid #ccc;padding:.5rem 1rem;margin:.5rem 0}.person h2,.person h3{font-size:1.1rem;margin:.25rem 0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.meta dt{font-weight:600}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}label{display:block;font-weight:600}
input[type=search]{font:inherit;padding:.35rem;min-width:16rem}button{font:inherit;padding:.35rem .9rem}
code{word-break:break-all}
`;
