/**
 * Two rules about the web app's pages that the web app and the server both apply, written once: which of the four
 * languages a browser's preferences choose, and which module's address a path is under. The web app shows its pages
 * by them (src/web/i18n/I18nProvider.tsx, src/web/module-table.ts); the server names a page's files by them before
 * the web app has run (src/server/http/web-app.ts), so the two agree on what the page will need. Dependency-free:
 * both layers import it (docs/ARCHITECTURE.md, "Layers the tools enforce").
 */

/** The web app's languages; any other reads English. */
export const LOCALES = ['en', 'az', 'hy', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Accepts `hy`, `hy-AM`, `az-Latn-AZ`, `RU`, `en_GB`…: the language of a tag by its first subtag; anything else gives null. */
export function matchLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const primary = value.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : null;
}

/** The first of a browser's languages, most preferred first, that the web app has; null when it has none of them. */
export function preferredLocale(tags: Iterable<string | null | undefined>): Locale | null {
  for (const tag of tags) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return null;
}

/**
 * An Accept-Language header's tags, most preferred first (by weight, then by order; a weight of 0 means "not this
 * one"), as a browser's `navigator.languages` lists the same preferences.
 */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((entry) => entry.q > 0 && entry.tag !== '')
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

/** The route whose address `pathname` is, or is under (`/dialogue` holds `/dialogue/join`, not `/dialogues`). */
export function routeOf<R extends { path: string }>(routes: readonly R[], pathname: string): R | undefined {
  return routes.find((route) => pathname === route.path || pathname.startsWith(`${route.path}/`));
}
