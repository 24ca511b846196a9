import { describe, expect, it } from 'vitest';
import { normaliseName, parseFullName, romanise, surnameStem } from './normalise.ts';
import { phoneticKey } from './phonetic.ts';
import { armenianToLatin, cyrillicToLatin, detectScript } from './transliterate.ts';

/** Synthetic persons, each written the ways different lists would write them. None is a real victim. */
const SAME_PERSON: Array<{ forms: string[]; given: string; familyStem: string }> = [
  {
    forms: ['Məmmədov Əli Hüseyn oğlu', 'Маммадов Али Гусейн оглы', 'Мәммәдов Әли Һүсејн оғлу', 'Mammadov Ali'],
    given: 'ali',
    familyStem: 'mamad',
  },
  { forms: ['Cəfərov Xəlil', 'Джафаров Халил', 'Jafarov Khalil', 'CƏFƏROV XƏLİL'], given: 'khalil', familyStem: 'jafar' },
  { forms: ['Quliyeva Səbinə', 'Guliyeva Sabina', 'Gulieva Sabina'], given: 'sabina', familyStem: 'gul' },
  {
    forms: ['Պետրոսյան Արամ Գագիկի', 'ՊԵՏՐՈՍՅԱՆ ԱՐԱՄ', 'Петросян Арам Гагикович', 'Aram Petrossian', 'Aram Petrosyan'],
    given: 'aram',
    familyStem: 'petros',
  },
  // an Armenian -yan family name is written with voiceless stops, except a g between vowels (see normalise.ts)
  { forms: ['Գրիգորյան Անահիտ', 'Григорян Анаит', 'Anahit Grigorian', 'Anahid Grigorian'], given: 'anahit', familyStem: 'krigor' },
];

describe('romanise', () => {
  it('follows BGN/PCGN positional rules for Russian е and Armenian ե, ո, ու, և', () => {
    expect(cyrillicToLatin('Елена')).toBe('yelena');
    expect(cyrillicToLatin('Алиев')).toBe('aliyev');
    expect(cyrillicToLatin('Петров')).toBe('petrov');
    expect(cyrillicToLatin('Щукин')).toBe('shchukin');
    expect(armenianToLatin('Երևան')).toBe('yerevan');
    expect(armenianToLatin('Ոսկան')).toBe('voskan');
    expect(armenianToLatin('Թումանյան')).toBe('tumanyan');
    expect(armenianToLatin('Եվա')).toBe('yeva');
    expect(armenianToLatin('և')).toBe('yev');
  });

  it('reads Azerbaijani Cyrillic letters (г = q, х = x, ҹ = c) differently from Russian', () => {
    expect(cyrillicToLatin('Ҹәфәр')).toBe('cəfər');
    expect(cyrillicToLatin('Гулијев')).toBe('quliyev');
    expect(romanise('Ҹәфәр')).toBe(romanise('Cəfər'));
  });

  it('expands the Armenian ech-yiwn ligature and presentation forms, and folds case', () => {
    expect(romanise('ﬔ')).toBe(romanise('մե'));
    expect(romanise('ՄԵԼՔՈՆՅԱՆ')).toBe(romanise('Մելքոնյան'));
  });

  it('strips diacritics of other Latin alphabets', () => {
    expect(romanise('Ferhat Çelik Şahin')).toBe('ferhat chelik shahin');
    expect(romanise('José Muñoz')).toBe('jose munoz');
  });

  it('detects scripts, including mixed and empty strings', () => {
    expect(detectScript('Али')).toBe('cyrillic');
    expect(detectScript('Արամ')).toBe('armenian');
    expect(detectScript('Ali')).toBe('latin');
    expect(detectScript('123 --')).toBe('other');
  });

  it('returns an empty form for input with no letters, and survives hostile input', () => {
    expect(normaliseName('')).toBe('');
    expect(normaliseName('  -- 12 ')).toBe('');
    expect(normaliseName('\u0000\u202e<script>')).toBe('script');
    const long = 'Ə'.repeat(100_000);
    expect(normaliseName(long)).toBe('a');
  });
});

describe('the same person written in several scripts', () => {
  for (const person of SAME_PERSON) {
    it(`${person.forms[0]} meets its other spellings`, () => {
      for (const form of person.forms) {
        const parsed = parseFullName(form);
        expect(phoneticKey(parsed.given), form).toBe(phoneticKey(person.given));
        expect(surnameStem(parsed.family), form).toBe(person.familyStem);
      }
      const keys = new Set(person.forms.map((f) => phoneticKey(parseFullName(f).family)));
      expect(keys.size).toBe(1);
    });
  }
});

describe('parseFullName', () => {
  it('splits Azerbaijani and Russian patronymics in any script and keeps the father name as root', () => {
    expect(parseFullName('Məmmədov Əli Hüseyn oğlu')).toMatchObject({ family: 'mamadov', given: 'ali', patronymicRoot: 'gusein' });
    expect(parseFullName('Əliyeva Leyla Vaqif qızı')).toMatchObject({ family: 'alieva', given: 'leila', patronymicRoot: 'vagif' });
    expect(parseFullName('Алиева Лейла Вагифовна')).toMatchObject({ family: 'alieva', given: 'leila', patronymicRoot: 'vagif' });
    expect(parseFullName('Алиев Вагиф Гусейн оглы')).toMatchObject({ family: 'aliev', given: 'vagif', patronymicRoot: 'gusein' });
    expect(parseFullName('Петросян Арам Гагикович')).toMatchObject({ family: 'petrosyan', given: 'aram', patronymicRoot: 'gagik' });
  });

  it('finds the family name by its ending whatever the order, and by position otherwise', () => {
    expect(parseFullName('Ali Hasanli')).toMatchObject({ family: 'gasanli', given: 'ali' });
    expect(parseFullName('Hasanli Ali')).toMatchObject({ family: 'gasanli', given: 'ali' });
    expect(parseFullName('John Smith')).toMatchObject({ family: 'smith', given: 'john' });
    expect(parseFullName('Smith John', { order: 'family-first' })).toMatchObject({ family: 'smith', given: 'john' });
    expect(parseFullName('Aram')).toMatchObject({ family: '', given: 'aram' });
    expect(parseFullName('')).toMatchObject({ family: '', given: '', patronymic: '' });
  });
});

describe('surnameStem', () => {
  it('removes gender and family suffixes of the three naming traditions', () => {
    expect(surnameStem('alieva')).toBe(surnameStem('aliev'));
    expect(surnameStem('hasanli')).toBe('hasan');
    expect(surnameStem('hasanov')).toBe('hasan');
    expect(surnameStem('petrosyants')).toBe('petros');
    expect(surnameStem('ivanova')).toBe('ivan');
    expect(surnameStem('li')).toBe('li');
  });
});
