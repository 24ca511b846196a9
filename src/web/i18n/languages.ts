import { CATALOGUE_NAMES, CATALOGUES, catalogueOfKey, type CatalogueName } from './catalogues.ts';
import { en, type CoreMessages, type MessageKey, type Messages } from './en.ts';
import { LOCALES, type Locale } from '../../contract/web-pages.ts';

// The languages and the rule that picks one from a browser's are shared with the server, which names a page's
// catalogues before the page has run (src/contract/web-pages.ts).
export { isLocale, LOCALES, matchLocale, preferredLocale, type Locale } from '../../contract/web-pages.ts';

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

type Part = Readonly<Record<string, string>>;

/**
 * The shell's strings of each language are their own bundle chunk, fetched when the language is chosen; English, the
 * fallback for any key a translation lacks, is always there. The modules' strings come in catalogues
 * (./catalogues.ts), fetched with the module's route in English and in the language on screen.
 */
const coreLoaders: Record<Locale, () => Promise<CoreMessages>> = {
  en: async () => en,
  az: () => import('./az.ts').then((m) => m.az),
  hy: () => import('./hy.ts').then((m) => m.hy),
  ru: () => import('./ru.ts').then((m) => m.ru),
};

const cores = new Map<Locale, CoreMessages>([['en', en]]);
const parts = new Map<string, Part>();
const pending = new Map<string, Promise<void>>();
const merged = new Map<Locale, Messages>();
/** The catalogues some route has asked for: a language chosen later fetches them too. */
const wanted = new Set<CatalogueName>();
/** The language on screen or on its way to it. */
let current: Locale = 'en';
let version = 0;
const listeners = new Set<() => void>();

function changed(locale: Locale) {
  merged.delete(locale);
  version += 1;
  for (const listener of listeners) listener();
}

function loadCore(locale: Locale): Promise<void> {
  if (cores.has(locale)) return Promise.resolve();
  const id = `${locale}:`;
  let promise = pending.get(id);
  if (!promise) {
    promise = coreLoaders[locale]().then(
      (messages) => {
        cores.set(locale, messages);
        pending.delete(id);
        changed(locale);
      },
      (error: unknown) => {
        pending.delete(id); // a later attempt may succeed (back online)
        throw error;
      },
    );
    pending.set(id, promise);
  }
  return promise;
}

function loadPart(locale: Locale, name: CatalogueName): Promise<void> {
  const id = `${locale}:${name}`;
  if (parts.has(id)) return Promise.resolve();
  let promise = pending.get(id);
  if (!promise) {
    promise = CATALOGUES[name].load[locale]().then(
      (part: Part) => {
        parts.set(id, part);
        pending.delete(id);
        changed(locale);
      },
      (error: unknown) => {
        pending.delete(id);
        throw error;
      },
    );
    pending.set(id, promise);
  }
  return promise;
}

/** The shell's and every loaded catalogue's messages of a language, as one record (a new object after each load). */
function messagesOf(locale: Locale): Messages {
  let messages = merged.get(locale);
  if (!messages) {
    const all: Record<string, string> = { ...cores.get(locale) };
    for (const name of CATALOGUE_NAMES) Object.assign(all, parts.get(`${locale}:${name}`));
    messages = all as Messages;
    merged.set(locale, messages);
  }
  return messages;
}

/** The messages of a language if its shell strings are already fetched (with whatever catalogues are loaded). */
export function loadedMessages(locale: Locale): Messages | undefined {
  return cores.has(locale) ? messagesOf(locale) : undefined;
}

/** Fetches a language's shell strings and every catalogue asked for so far; the page switches to it afterwards. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  current = locale;
  await Promise.all([loadCore(locale), ...[...wanted].flatMap((name) => [loadPart('en', name), loadPart(locale, name)])]);
  return messagesOf(locale);
}

/**
 * Fetches module catalogues in English and in the language on screen. It resolves once English is there; the
 * translation failing to arrive (offline) leaves the page in English rather than without a page.
 */
export async function loadCatalogues(names: readonly CatalogueName[]): Promise<void> {
  for (const name of names) wanted.add(name);
  const locale = current;
  await Promise.all(names.map((name) => loadPart('en', name)));
  if (locale !== 'en') await Promise.allSettled(names.map((name) => loadPart(locale, name)));
}

/** A module's page together with its catalogues, for `lazy()`: the page never renders before its words. */
export function withCatalogues<T>(names: readonly CatalogueName[], load: () => Promise<T>): Promise<T> {
  return Promise.all([load(), loadCatalogues(names).catch(() => undefined)]).then(([module]) => module);
}

/**
 * A key asked for that is in no loaded catalogue: fetches the catalogue its prefix names (a component shown outside
 * its own module's route). True when such a fetch is under way, so the caller may show nothing rather than the key.
 */
export function requestMissingKey(key: string): boolean {
  const name = catalogueOfKey(key);
  if (!name || parts.has(`en:${name}`)) return false;
  void loadCatalogues([name]).catch(() => undefined);
  return true;
}

/** Whether a key computed at run time (a code from the server) has English words among the loaded messages. */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(messagesOf('en'), key);
}

/** For useSyncExternalStore: a number that changes whenever more messages arrive. */
export function subscribeMessages(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export function messagesVersion(): number {
  return version;
}

/**
 * Every language's messages with the given catalogues, all of them unless named (forms that fill a text in all
 * languages at once; tests).
 */
export async function loadAllMessages(names: readonly CatalogueName[] = CATALOGUE_NAMES): Promise<Record<Locale, Messages>> {
  for (const name of names) wanted.add(name);
  await Promise.all(LOCALES.flatMap((locale) => [loadCore(locale), ...names.map((name) => loadPart(locale, name))]));
  return Object.fromEntries(LOCALES.map((locale) => [locale, messagesOf(locale)])) as Record<Locale, Messages>;
}

export function languageOf(locale: Locale): LanguageInfo {
  return LANGUAGES.find((language) => language.locale === locale) ?? LANGUAGES[0];
}
