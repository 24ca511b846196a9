import type { Messages } from './en.ts';
import { en } from './en.ts';
import { az } from './az.ts';
import { hy } from './hy.ts';
import { ru } from './ru.ts';

export const LOCALES = ['en', 'az', 'hy', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

export interface LanguageInfo {
  locale: Locale;
  /** The BCP 47 tag for the `lang` attribute and for Intl formatting. */
  tag: string;
  /** The language's own name: a reader who does not know the current language can still find theirs. */
  endonym: string;
  messages: Messages;
}

export const LANGUAGES: readonly LanguageInfo[] = [
  { locale: 'en', tag: 'en', endonym: 'English', messages: en },
  { locale: 'az', tag: 'az-Latn', endonym: 'Azərbaycanca', messages: az },
  { locale: 'hy', tag: 'hy', endonym: 'Հայերեն', messages: hy },
  { locale: 'ru', tag: 'ru', endonym: 'Русский', messages: ru },
];

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
