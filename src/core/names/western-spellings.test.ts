import { describe, expect, it } from 'vitest';
import { normaliseName } from './normalise.ts';
import { phoneticKey } from './phonetic.ts';
import { foldLookalikes } from './transliterate.ts';

/**
 * Russian-derived names as French and German documents spell them, and words that mix Cyrillic and Latin look-alike
 * letters (issue 12: lists from diaspora associations and spreadsheet exports). Each group must meet the Russian
 * original and its English romanisation; the rules must not bring different names together.
 */
const key = (text: string) => phoneticKey(normaliseName(text));

describe('French and German letter values meet the Russian and English spellings', () => {
  it('brings German dsch, tsch, sch, -ow/-ew, j after a vowel and French dj, gu to one form', () => {
    for (const group of [
      ['Джафаров', 'Dzhafarov', 'Djafarov', 'Dschafarow'],
      ['Гусейнова', 'Guseynova', 'Gussejnowa'],
      ['Алиев', 'Aliyev', 'Alijew'],
      ['Гейдар', 'Geydar', 'Gueïdar', 'Gejdar'],
      ['Ибрагим', 'Ibragim', 'Ibraguim'],
      ['Ширин', 'Shirin', 'Schirin'],
      ['Ходжалы', 'Khojaly', 'Khodjaly'],
      ['Рагимовна', 'Ragimovna', 'Ragimowna', 'Raguimovna'],
    ]) {
      for (const spelling of group) expect(normaliseName(spelling), `${spelling} / ${group[0]}`).toBe(normaliseName(group[0]));
    }
  });

  it('keeps names apart that only share letters the rules touch', () => {
    expect(normaliseName('Jafarov')).not.toBe(normaliseName('Yafarov'));
    expect(key('Shirin')).not.toBe(key('Chirin')); // French ch (ш) is left alone: English ch is ч
    expect(normaliseName('Javid')).toBe('javid'); // an initial j is дж in English lists, not the German й
    expect(normaliseName('Khadija')).toBe(normaliseName('Хадиджа')); // j between vowels stays
    expect(normaliseName('Guseyn')).toBe(normaliseName('Гусейн')); // gu before a consonant stays
    // the French ou is not rewritten: written u it lowered the English historical register (Gould, Louisa)
    expect(normaliseName('Gould')).toBe('gould');
  });
});

describe('look-alike Cyrillic and Latin letters in one word', () => {
  it('writes a mixed word in the script of most of its letters', () => {
    expect(foldLookalikes('ADIL\u041eV')).toBe('ADILOV');
    expect(foldLookalikes('\u0413\u0430c\u0430\u043d\u043e\u0432')).toBe('\u0413\u0430\u0441\u0430\u043d\u043e\u0432');
    expect(normaliseName('MAM\u0415DOV\u0410')).toBe(normaliseName('Mamedova'));
    expect(normaliseName('\u0413\u0430c\u0430\u043d\u043e\u0432')).toBe(normaliseName('Гасанов'));
  });

  it('leaves words in one script, and other scripts, alone', () => {
    for (const word of ['Гасанов', 'Hasanov', 'Həsənov', 'Պետրոսյան', 'ООО', 'ABC']) expect(foldLookalikes(word)).toBe(word);
  });

  it('survives hostile input', () => {
    for (const text of ['\u0000A\u0410', '\ud800\u0410a', 'a\u0410'.repeat(10_000), '<script>\u0430</script>']) {
      expect(() => normaliseName(text)).not.toThrow();
      expect(normaliseName(text)).toMatch(/^[a-z ]*$/);
    }
  });
});
