import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { az } from './az.ts';
import { CATALOGUE_NAMES, CATALOGUES, catalogueOfKey } from './catalogues.ts';
import { en as coreEn, type MessageKey } from './en.ts';
import { hy } from './hy.ts';
import { ru } from './ru.ts';
import { LANGUAGES as LANGUAGE_INFO, LOCALES, hasMessage, loadAllMessages, loadMessages, matchLocale, isLocale } from './languages.ts';
import { interpolate, placeholdersOf, translate } from './translate.ts';

// The whole interface: the shell's strings and every module's catalogue, in each language.
const CATALOGUES_BY_LOCALE = await loadAllMessages();
const en = CATALOGUES_BY_LOCALE.en;
const keys = Object.keys(en) as MessageKey[];
const LANGUAGES = LANGUAGE_INFO.map((language) => ({ ...language, messages: CATALOGUES_BY_LOCALE[language.locale] }));

describe('loading a language', () => {
  it('fetches each translation on demand: the shell strings are the catalogue the tests read', async () => {
    const cores = { en: coreEn, az, hy, ru };
    for (const language of LANGUAGE_INFO) {
      const loaded = await loadMessages(language.locale);
      for (const [key, text] of Object.entries(cores[language.locale])) expect(loaded[key as MessageKey]).toBe(text);
    }
  });

  it('knows a module key once its catalogue is loaded', () => {
    expect(hasMessage('registry.tab.claims')).toBe(true);
    expect(hasMessage('no.such.key')).toBe(false);
    expect(hasMessage('__proto__')).toBe(false);
  });
});

describe('module catalogues', () => {
  const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

  it('lists every module catalogue on disk', () => {
    const onDisk = readdirSync(webRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'i18n')
      .filter((entry) => readdirSync(join(webRoot, entry.name)).includes('i18n'))
      .map((entry) => entry.name)
      .sort();
    expect([...CATALOGUE_NAMES].sort()).toEqual(onDisk);
  });

  it('gives each key to one place only: the shell or one catalogue, whose prefix names it', async () => {
    const owner = new Map<string, string>(Object.keys(coreEn).map((key) => [key, 'shell']));
    const clashes: string[] = [];
    const misnamed: string[] = [];
    for (const name of CATALOGUE_NAMES) {
      for (const locale of LOCALES) {
        const part = await CATALOGUES[name].load[locale]();
        const english = await CATALOGUES[name].load.en();
        expect(Object.keys(part).sort(), `${name} ${locale}`).toEqual(Object.keys(english).sort());
      }
      for (const key of Object.keys(await CATALOGUES[name].load.en())) {
        if (owner.has(key)) clashes.push(`${key}: ${owner.get(key)} and ${name}`);
        owner.set(key, name);
        if (catalogueOfKey(key) !== name) misnamed.push(`${key} in ${name}`);
      }
    }
    expect(clashes).toEqual([]);
    expect(misnamed).toEqual([]);
  });

  it('keeps the shell free of module imports, so module strings stay out of the first page', () => {
    for (const locale of LOCALES) {
      const source = readFileSync(join(webRoot, 'i18n', `${locale}.ts`), 'utf8');
      expect(source, locale).not.toMatch(/from '\.\.\//);
    }
  });
});

describe('translations', () => {
  it('has a healthy number of English keys', () => {
    expect(keys.length).toBeGreaterThan(100);
  });

  for (const language of LANGUAGES) {
    describe(language.endonym, () => {
      it('has every English key, non-empty, and no extra keys', () => {
        const messages = language.messages as Record<string, string>;
        const missing = keys.filter((key) => typeof messages[key] !== 'string' || messages[key].trim() === '');
        const extra = Object.keys(messages).filter((key) => !(key in en));
        expect(missing).toEqual([]);
        expect(extra).toEqual([]);
      });

      it('keeps the same placeholders as English in every message', () => {
        const mismatched = keys.filter(
          (key) => placeholdersOf(language.messages[key]).join(',') !== placeholdersOf(en[key]).join(','),
        );
        expect(mismatched).toEqual([]);
      });

      it('has no stray markup or leading/trailing whitespace', () => {
        const bad = keys.filter((key) => {
          const text = language.messages[key];
          return /[<>]/.test(text) || text !== text.trim();
        });
        expect(bad).toEqual([]);
      });
    });
  }

  it('is actually translated: most strings differ from English outside the brand name', () => {
    for (const language of LANGUAGES.filter((l) => l.locale !== 'en')) {
      const same = keys.filter((key) => language.messages[key] === en[key]);
      // The brand name, page-title pattern and loan words ("Administrator", "Status", "SHA-256") may legitimately
      // match: fewer than 1 in 100 (the bound was 8 when the interface had some 200 keys; it has 1,700 with the modules').
      expect(same.length, `${language.locale}: ${same.join(', ')}`).toBeLessThan(Math.max(8, keys.length / 100));
    }
  });

  it('writes Armenian in Armenian script and Russian in Cyrillic', () => {
    const script = (locale: string, pattern: RegExp) => {
      const language = LANGUAGES.find((l) => l.locale === locale)!;
      return keys.filter((key) => pattern.test(language.messages[key])).length / keys.length;
    };
    expect(script('hy', /[\u0531-\u058F]/)).toBeGreaterThan(0.9);
    expect(script('ru', /[\u0400-\u04FF]/)).toBeGreaterThan(0.9);
    // Azerbaijani Latin uses ə; a Cyrillic letter would mean the wrong alphabet slipped in
    expect(script('az', /[\u0400-\u04FF]/)).toBe(0);
    expect(script('az', /ə|Ə/)).toBeGreaterThan(0.3);
  });
});

describe('interpolate', () => {
  it('fills placeholders, leaves unknown ones visible, and does not interpret markup', () => {
    expect(interpolate('Hello {name}', { name: 'Ani' })).toBe('Hello Ani');
    expect(interpolate('Page {page}', { page: 3 })).toBe('Page 3');
    expect(interpolate('Hello {name}', {})).toBe('Hello {name}');
    expect(interpolate('Hi {name}', { name: '<script>alert(1)</script>' })).toBe('Hi <script>alert(1)</script>');
    expect(interpolate('{a}{a}', { a: '$&' })).toBe('$&$&');
  });

  it('ignores inherited properties as values', () => {
    expect(interpolate('{constructor}', {})).toBe('{constructor}');
  });

  it('falls back to English for an empty translation', () => {
    const broken = { ...en, 'nav.home': '' };
    expect(translate(broken, en, 'nav.home')).toBe('Home');
    expect(translate(coreEn, coreEn, 'registry.tab.claims')).toBe('registry.tab.claims');
  });
});

describe('locale matching', () => {
  it('accepts regional and script variants and rejects others', () => {
    expect(matchLocale('hy-AM')).toBe('hy');
    expect(matchLocale('az-Latn-AZ')).toBe('az');
    expect(matchLocale('RU')).toBe('ru');
    expect(matchLocale('en_GB')).toBe('en');
    expect(matchLocale('fr')).toBeNull();
    expect(matchLocale('')).toBeNull();
    expect(matchLocale(null)).toBeNull();
    expect(matchLocale('<script>')).toBeNull();
    expect(isLocale('hy')).toBe(true);
    expect(isLocale('__proto__')).toBe(false);
  });
});
