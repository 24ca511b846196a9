import { describe, expect, it } from 'vitest';
import { fillNameParts, givenFirst, hasLetter, wholeNameParts } from './whole-name.ts';

describe('wholeNameParts', () => {
  it('reads "Family, Given" with the family name first, in Latin and Cyrillic', () => {
    expect(wholeNameParts('Marshall, Thomas')).toEqual({ given: 'thomas', family: 'marshal', patronymic: '' });
    expect(wholeNameParts('Алиев, Рашид Фамиль оглы')).toMatchObject({ given: 'rashid', family: 'aliev', patronymic: 'famil ogli' });
  });

  it('leaves names without one comma to the parser, which goes by surname endings and patronymic markers', () => {
    expect(wholeNameParts('Thomas Marshall')).toMatchObject({ given: 'thomas' });
    expect(wholeNameParts('Həsənov Tofiq Famil oğlu')).toMatchObject({ family: wholeNameParts('Tofiq Həsənov').family });
    expect(wholeNameParts('a, b, c').given).not.toBe('b');
  });

  it('returns empty parts for text without letters, NUL bytes and lone surrogates included, and does not throw on hostile or long text', () => {
    for (const hostile of ['', '   ', ',', '12, 34', '\u0000', '\ud800', '<script>alert(1)</script>, x']) {
      const parts = wholeNameParts(hostile);
      expect(Object.keys(parts).sort()).toEqual(['family', 'given', 'patronymic']);
      for (const value of Object.values(parts)) for (const bad of ['<', '>', '\u0000']) expect(value).not.toContain(bad);
    }
    expect(wholeNameParts('\u0000,\ud800')).toEqual({ given: '', family: '', patronymic: '' });
    const long = `${'Marshall'.repeat(2000)}, ${'Thomas '.repeat(2000)}`;
    expect(wholeNameParts(long).family.length).toBeGreaterThan(0);
  });
});

describe('givenFirst', () => {
  it('rewrites "Family, Given" only when there is exactly one comma with letters on both sides', () => {
    expect(givenFirst('Marshall, Thomas')).toBe('Thomas Marshall');
    expect(givenFirst('Thomas Marshall')).toBeNull();
    expect(givenFirst('a, b, c')).toBeNull();
    expect(givenFirst('12, Thomas')).toBeNull();
  });
});

describe('fillNameParts', () => {
  it('fills only the empty cells, from the first whole name with a letter, and says whether it did', () => {
    expect(fillNameParts({ given: '', family: '', patronymic: '' }, ['', '  ', 'Алиев Рашид Фамиль оглы'])).toEqual({
      given: 'rashid',
      family: 'aliev',
      patronymic: 'famil ogli',
      filled: true,
    });
    expect(fillNameParts({ given: 'Rashid', family: '' }, ['Marshall, Thomas'])).toMatchObject({ given: 'Rashid', family: 'marshal', filled: true });
    expect(fillNameParts({ given: 'A', family: 'B', patronymic: 'C' }, ['Marshall, Thomas'])).toEqual({ given: 'A', family: 'B', patronymic: 'C', filled: false });
    expect(fillNameParts({}, [undefined, null, '123'])).toEqual({ given: '', family: '', patronymic: '', filled: false });
  });

  it('treats duplicated whole names like one', () => {
    expect(fillNameParts({}, ['Thomas Marshall', 'Thomas Marshall'])).toEqual(fillNameParts({}, ['Thomas Marshall']));
    expect(hasLetter('\u0000')).toBe(false);
    expect(hasLetter('Ə')).toBe(true);
  });
});
