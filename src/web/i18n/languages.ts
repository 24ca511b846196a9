import type { Messages } from './en.ts';
import { en } from './en.ts';

export const LOCALES = ['en', 'az', 'hy', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

export interface LanguageInfo {
  locale: Locale;
  /** The BCP 47 tag for the `lang` attribute and for Intl formatting. */
  tag: string;
  /** The language's own name: a reader who does not know the current language can still find theirs. */
  endonym: string;
}

export const LANGUAGES: readonly LanguageInfo[] = [
  { locale: 'en', tag: 'en', endonym: 'English' },
  { locale: 'az', tag: 'az-Latn', endonym: 'Azərbaycanca' },
  { locale: 'hy', tag: 'hy', endonym: 'Հայերեն' },
  { locale: 'ru', tag: 'ru', endonym: 'Русский' },
];

/**
 * Each translation is its own bundle chunk, fetched when the language is chosen: together they weighed three times
 * the rest of a participant's first page (issue 16: ≤ 150 KB on a phone). English, the fallback for any key a
 * translation lacks, is always there.
 */
const loaders: Record<Locale, () => Promise<Messages>> = {
  en: async () => en,
  az: () => import('./az.ts').then((m) => m.az),
  hy: () => import('./hy.ts').then((m) => m.hy),
  ru: () => import('./ru.ts').then((m) => m.ru),
};
const loaded = new Map<Locale, Messages>([['en', en]]);

/** The messages of a language if already fetched. */
export function loadedMessages(locale: Locale): Messages | undefined {
  return loaded.get(locale);
}

export async function loadMessages(locale: Locale): Promise<Messages> {
  const ready = loaded.get(locale);
  if (ready) return ready;
  const messages = await loaders[locale]();
  loaded.set(locale, messages);
  return messages;
}

/** Every language's messages (for forms that fill a text in all languages at once). */
export function loadAllMessages(): Promise<Record<Locale, Messages>> {
  return Promise.all(LOCALES.map(loadMessages)).then((all) => Object.fromEntries(LOCALES.map((locale, i) => [locale, all[i]])) as Record<Locale, Messages>);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Accepts `hy`, `hy-AM`, `az-Latn-AZ`, `RU`…; anything else gives null. */
export function matchLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const primary = value.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : null;
}

export function languageOf(locale: Locale): LanguageInfo {
  return LANGUAGES.find((language) => language.locale === locale) ?? LANGUAGES[0];
}
