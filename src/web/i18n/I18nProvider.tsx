import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { dateFormatter } from './dates.ts';
import type { MessageKey } from './en.ts';
import {
  LANGUAGES,
  languageOf,
  loadedMessages,
  loadMessages,
  matchLocale,
  messagesVersion,
  preferredLocale,
  requestMissingKey,
  subscribeMessages,
  type LanguageInfo,
  type Locale,
} from './languages.ts';
import { translate, type Params } from './translate.ts';

const STORAGE_KEY = 'reckon.locale';

export interface I18n {
  locale: Locale;
  language: LanguageInfo;
  languages: readonly LanguageInfo[];
  t: (key: MessageKey, params?: Params) => string;
  setLocale: (locale: Locale) => void;
  formatDateTime: (iso: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

function readStoredLocale(): Locale | null {
  try {
    return matchLocale(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null; // storage can be disabled (private mode, strict settings)
  }
}

function initialLocale(): Locale {
  const stored = readStoredLocale();
  if (stored) return stored;
  return preferredLocale(navigator.languages ?? [navigator.language]) ?? 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [requested, setRequested] = useState<Locale>(initialLocale);
  // The language on screen: a newly chosen one replaces it once its messages have arrived, so the page never
  // flashes English on the way to Armenian.
  const [shown, setShown] = useState<Locale | null>(() => (loadedMessages(requested) ? requested : null));
  // Module catalogues arrive while a language is on screen: each arrival renders the page again.
  const version = useSyncExternalStore(subscribeMessages, messagesVersion, messagesVersion);
  useEffect(() => {
    if (shown === requested) return;
    let current = true;
    loadMessages(requested).then(
      () => {
        if (!current) return;
        // Before the page renders in the new language, so `lang` and the text never disagree.
        document.documentElement.lang = languageOf(requested).tag;
        setShown(requested);
      },
      // Offline or a failed fetch: English, rather than a blank page.
      () => current && setShown('en'),
    );
    return () => {
      current = false;
    };
  }, [requested, shown]);
  const locale = shown ?? 'en';
  const language = languageOf(locale);

  const setLocale = useCallback((next: Locale) => {
    setRequested(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // the choice still holds for this visit
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = language.tag;
  }, [language.tag]);

  const value = useMemo<I18n>(() => {
    const formatDate = dateFormatter(language.tag);
    const messages = loadedMessages(locale) ?? loadedMessages('en')!;
    const english = loadedMessages('en')!;
    return {
      locale,
      language,
      languages: LANGUAGES,
      t: (key, params) => {
        // A key of a catalogue not loaded yet (a component outside its module's route): fetch it, show nothing meanwhile.
        if (!english[key] && requestMissingKey(key)) return '';
        return translate(messages, english, key, params);
      },
      setLocale,
      formatDateTime: (iso) => {
        if (!iso) return '';
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : formatDate(date);
      },
    };
    // `version` changes when a catalogue arrives, and with it the messages read above
  }, [locale, language, setLocale, version]);

  // Until the first language's messages arrive there is nothing to say in it (index.html shows its own wait).
  if (shown === null) return null;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n must be used inside <I18nProvider>');
  return context;
}

/** The hook most components need: `const t = useT(); t('nav.home')`. */
export function useT(): I18n['t'] {
  return useI18n().t;
}
