import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPlurals } from './plural.ts';
import { dialogueRu } from './i18n/ru.ts';
import { dialogueEn } from './i18n/en.ts';
import { interpolate } from '../i18n/translate.ts';

describe('formatPlurals', () => {
  it('picks the English form by count', () => {
    const text = '{count|one:# person|other:# people}';
    expect(formatPlurals(text, { count: 1 }, 'en')).toBe('1 person');
    expect(formatPlurals(text, { count: 0 }, 'en')).toBe('0 people');
    expect(formatPlurals(text, { count: 1234 }, 'en')).toBe('1,234 people');
  });

  it('uses the Russian one / few / many forms in the shipped messages', () => {
    const msg = (count: number) => formatPlurals(interpolate(dialogueRu['dialogue.report.groupSize'], { group: 'A', count }), { group: 'A', count }, 'ru');
    expect(msg(1)).toBe('Группа A (1 человек)');
    expect(msg(3)).toBe('Группа A (3 человека)');
    expect(msg(5)).toBe('Группа A (5 человек)');
    expect(msg(21)).toBe('Группа A (21 человек)');
    expect(msg(22)).toBe('Группа A (22 человека)');
  });

  it('never says "1 groups" and leaves a form without a number untouched', () => {
    const text = formatPlurals(dialogueEn['dialogue.report.groupAwareNeedsGroups'], { groups: 1 }, 'en');
    expect(text).toContain('there is 1 group.');
    expect(formatPlurals('{count|one:# x|other:# y}', {}, 'en')).toBe('{count|one:# x|other:# y}');
    // Text from a statement is never parsed as a plural form: only message templates go through here.
    expect(formatPlurals('<script>{n|other:#}</script>', { n: 2 }, 'en')).toBe('<script>2</script>');
  });
});

describe('messages with plural forms', () => {
  // A message with `{n|one:…|other:…}` passed through plain t() shows its template to the reader (the seeding
  // confirmation did: "{count|one:# statement|other:# statements} added"); every such key must go through tp().
  it('are rendered through the plural-aware t in every dialogue component', () => {
    const plural = Object.entries(dialogueEn)
      .filter(([, text]) => /\{\w+\|[^{}]*\}/.test(text))
      .map(([key]) => key);
    expect(plural.length).toBeGreaterThan(5);
    const here = dirname(fileURLToPath(import.meta.url));
    const misuse: string[] = [];
    for (const file of readdirSync(here).filter((name) => name.endsWith('.tsx'))) {
      const source = readFileSync(join(here, file), 'utf8');
      // `tp('key'` does not contain `t('key'`, so this finds plain t() only
      for (const key of plural) if (source.includes(`t('${key}'`)) misuse.push(`${file}: ${key}`);
    }
    expect(misuse).toEqual([]);
  });
});
