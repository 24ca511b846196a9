import { describe, expect, it } from 'vitest';
import { detectListColumns, foldHeader, parseRoleOverride, type ListColumns } from './columns.ts';

const roles = (mapping: ListColumns) => Object.fromEntries(mapping.columns.map((c) => [c.column, c.role]));

describe('foldHeader', () => {
  it('folds case, Azerbaijani letters, accents and separators', () => {
    expect(foldHeader('DOĞUM_TARİXİ')).toBe('dogum tarixi');
    expect(foldHeader('Doğum-tarixi')).toBe('dogum tarixi');
    expect(foldHeader(' Ф.И.О. ')).toBe('ф и о');
    expect(foldHeader('first.name')).toBe('first name');
    expect(foldHeader('x'.repeat(10_000)).length).toBe(200);
  });
});

describe('detectListColumns', () => {
  it('reads English headers in any case and with any separator', () => {
    const m = detectListColumns(['Record ID', 'FIRST-NAME', 'last_name', 'Middle.Name', 'Date of Birth', 'Age', 'Date of death', 'Gender', 'Village', 'Status', 'Cause of death', 'Notes']);
    expect(m).toMatchObject({ id: 'Record ID', given: 'FIRST-NAME', family: 'last_name', patronymic: 'Middle.Name', birth: 'Date of Birth', age: 'Age', death: 'Date of death', sex: 'Gender', place: ['Village'], status: 'Status', cause: 'Cause of death', notes: ['Notes'] });
  });

  it("reads a census's 'Where born' as a place, not a birth date (Scottish and English censuses from 1851)", () => {
    const m = detectListColumns(['Name', 'Relation', 'Age', 'Where Born', 'born_in', 'Date of birth']);
    expect(m).toMatchObject({ full: ['Name'], age: 'Age', place: ['Where Born', 'born_in'], birth: 'Date of birth' });
  });

  it("takes a press list's 'Ref' or 'Reference no.' as its record id (the web import stayed disabled without one)", () => {
    expect(detectListColumns(['Ref', 'Name', 'Gender', 'Age', 'Killed'])).toMatchObject({ id: 'Ref', full: ['Name'], sex: 'Gender', age: 'Age', death: 'Killed' });
    expect(detectListColumns(['Reference no.', 'Name']).id).toBe('Reference no.');
  });

  it('reads Russian headers', () => {
    const m = detectListColumns(['№ п/п', 'Фамилия', 'Имя', 'Отчество', 'Год рождения', 'Возраст', 'Дата гибели', 'Пол', 'Место рождения', 'Примечание']);
    expect(m).toMatchObject({ id: '№ п/п', family: 'Фамилия', given: 'Имя', patronymic: 'Отчество', birth: 'Год рождения', age: 'Возраст', death: 'Дата гибели', sex: 'Пол', place: ['Место рождения'], notes: ['Примечание'] });
    expect(detectListColumns(['ФИО', 'Дата смерти']).full).toEqual(['ФИО']);
    expect(detectListColumns(['Ф.И.О.', 'дата рождения']).full).toEqual(['Ф.И.О.']);
  });

  it('reads Azerbaijani headers, with or without the Azerbaijani letters', () => {
    const m = detectListColumns(['Nömrə', 'Soyadı', 'Adı', 'Ata adı', 'Doğum tarixi', 'Yaşı', 'Ölüm tarixi', 'Cinsi', 'Kənd', 'Qeyd']);
    expect(m).toMatchObject({ id: 'Nömrə', family: 'Soyadı', given: 'Adı', patronymic: 'Ata adı', birth: 'Doğum tarixi', age: 'Yaşı', death: 'Ölüm tarixi', sex: 'Cinsi', place: ['Kənd'], notes: ['Qeyd'] });
    expect(detectListColumns(['soyad', 'ad', 'dogum tarixi', 'cins', 'vəfat tarixi']).death).toBe('vəfat tarixi');
    expect(detectListColumns(['Adı soyadı']).full).toEqual(['Adı soyadı']);
    expect(detectListColumns(['Sıra №', 'Adı soyadı']).id).toBe('Sıra №');
    expect(detectListColumns(['ad_soyad']).full).toEqual(['ad_soyad']);
  });

  it('reads Armenian headers', () => {
    const m = detectListColumns(['Համար', 'Ազգանուն', 'Անուն', 'Հայրանուն', 'Ծննդյան ամսաթիվ', 'Տարիք', 'Մահվան ամսաթիվ', 'Սեռ', 'Բնակավայր']);
    expect(m).toMatchObject({ id: 'Համար', family: 'Ազգանուն', given: 'Անուն', patronymic: 'Հայրանուն', birth: 'Ծննդյան ամսաթիվ', age: 'Տարիք', death: 'Մահվան ամսաթիվ', sex: 'Սեռ', place: ['Բնակավայր'] });
    expect(detectListColumns(['Անուն Ազգանուն']).full).toEqual(['Անուն Ազգանուն']);
  });

  it('sets aside a language or script named after the header', () => {
    const m = detectListColumns(['Name (az)', 'Name (ru)', 'surname_en', 'Фамилия (рус.)', 'Adı (latın)']);
    expect(m.full).toEqual(['Name (az)', 'Name (ru)']);
    expect(m.family).toBe('surname_en');
    expect(m.columns[3]).toMatchObject({ role: null, reason: 'header names the family name, but "surname_en" is already the family name' });
    // a header that is only a language is not a name
    expect(detectListColumns(['en', 'ru']).columns.map((c) => c.role)).toEqual([null, null]);
  });

  it('keeps FEBRL and Splink headers as they were read before', () => {
    const febrl = detectListColumns(['rec_id', 'given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state', 'date_of_birth', 'soc_sec_id']);
    expect(febrl).toMatchObject({ id: 'rec_id', given: 'given_name', family: 'surname', birth: 'date_of_birth', place: ['suburb'], postcode: ['postcode'], identifier: ['soc_sec_id'], address: ['street_number', 'address_1', 'address_2'] });
    const splink = detectListColumns(['unique_id', 'first_name', 'surname', 'dob', 'city', 'email', 'cluster']);
    expect(roles(splink)).toEqual({ unique_id: 'id', first_name: 'given', surname: 'family', dob: 'birth', city: 'place', email: 'email', cluster: null });
    expect(splink.columns.find((c) => c.column === 'cluster')?.reason).toBe('header not recognised');
  });

  it('prefers split name columns and keeps whole names only as a fallback, never as a patronymic or family name', () => {
    const m = detectListColumns(['id', 'first_name', 'surname', 'full_name', 'first_and_surname', 'middle_name']);
    expect(m).toMatchObject({ given: 'first_name', family: 'surname', patronymic: 'middle_name', full: ['full_name', 'first_and_surname'] });
    for (const column of ['full_name', 'first_and_surname']) {
      const decision = m.columns.find((c) => c.column === column)!;
      expect(decision).toMatchObject({ role: 'full', fallback: true });
      expect(decision.reason).toMatch(/read only on rows where they are empty/);
    }
    // without a patronymic column, a full-name column is still not one
    const noMiddle = detectListColumns(['full_name', 'first_name', 'surname']);
    expect(noMiddle.patronymic).toBeUndefined();
    expect(noMiddle.full).toEqual(['full_name']);
  });

  it('lets a whole name supply the part that has no column of its own', () => {
    const m = detectListColumns(['first_name', 'full_name']);
    expect(m.given).toBe('first_name');
    expect(m.family).toBeUndefined();
    expect(m.columns[1].reason).toMatch(/supplies the family name/);
    expect(m.columns[1].fallback).toBeUndefined();
  });

  it('lists columns it does not use, with the reason, and does not take a mother\'s name for a given name', () => {
    const m = detectListColumns(['id', 'name', "mother's name", 'source', 'id', 'Xyz']);
    expect(roles(m)).toMatchObject({ name: 'full', "mother's name": null, source: 'source', Xyz: null });
    expect(m.columns[4]).toMatchObject({ role: null, reason: 'header names a record number or id, but "id" is already the record id' });
  });

  it('takes an unqualified date as the date of death only when there is no other', () => {
    expect(detectListColumns(['name', 'date']).death).toBe('date');
    const m = detectListColumns(['name', 'date', 'date of death']);
    expect(m.death).toBe('date of death');
    expect(m.columns[1].role).toBeNull();
  });

  it('notes numeric sex codes only when the header announces them', () => {
    expect(detectListColumns(['name', 'sex (1=male, 2=female)']).sexNumeric).toBe(true);
    expect(detectListColumns(['name', 'sex']).sexNumeric).toBe(false);
  });

  it('uses sample values: "name" beside a family column, a column of sex codes, and date formats', () => {
    const values: Record<string, string[]> = {
      name: ['Rashid', 'Səbinə', 'Тофик', ''],
      Фамилия: ['Алиев', 'Гусейнова', 'Гасанов', ''],
      col3: ['K', 'Q', 'K', 'Q'],
      born: ['26.02.1992', '01.03.1990', '13.12.1950', '?'],
      col5: ['01.02.1990', '02.03.1991', '04.05.1992', '06.07.1993'],
    };
    const m = detectListColumns(Object.keys(values), { samples: (c) => values[c] });
    expect(m).toMatchObject({ given: 'name', family: 'Фамилия', sex: 'col3', birth: 'born' });
    expect(m.columns[0].reason).toMatch(/3 of 3 values are one word/);
    expect(m.columns[2].reason).toMatch(/100 % of the values are sex codes/);
    expect(m.columns[3].dates).toMatchObject({ format: 'dmy', ambiguous: false });
    expect(m.columns[3].reason).toMatch(/dates read as DD\.MM\.YYYY/);
    expect(m.columns[4]).toMatchObject({ role: null });
    expect(m.columns[4].reason).toMatch(/look like dates .* map it with birth=col5 or death=col5/);
    // a "name" column of whole names stays a full name
    const whole = detectListColumns(['name', 'surname'], { samples: (c) => (c === 'name' ? ['Rashid Aliyev', 'Səbinə Hüseynova'] : ['', '']) });
    expect(whole.full).toEqual(['name']);
  });

  it("does not take a census's family number for the family name: a name column of numbers gives way to one of names", () => {
    const header = ['dwelling', 'family', 'given_name', 'surname', 'age'];
    const values: Record<string, string[]> = { dwelling: ['1', '1', '2'], family: ['1', '2', '3'], given_name: ['John', 'Mary', 'Wm'], surname: ['Smith', 'Smith', "O'Brien"], age: ['40', '3/12', '6'] };
    const m = detectListColumns(header, { samples: (c) => values[c] });
    expect(m).toMatchObject({ given: 'given_name', family: 'surname' });
    expect(m.columns.find((c) => c.column === 'family')).toMatchObject({ role: null, reason: expect.stringContaining('3 of 3 values are numbers') });
    // without values the header alone decides, as before; a name column with some numbers among names stays
    expect(detectListColumns(header).family).toBe('family');
    const mixed: Record<string, string[]> = { ...values, family: ['Smith', '2', 'Brown', 'Hill', '', 'Wood', 'Ward', 'Hall', 'King', 'Cole'] };
    expect(detectListColumns(header, { samples: (c) => mixed[c] }).family).toBe('family');
    // the user's choice is not second-guessed
    expect(detectListColumns(header, { samples: (c) => values[c], overrides: [{ role: 'family', column: 'family' }] }).family).toBe('family');
  });

  it('reports an ambiguous date column and a column mixing three formats', () => {
    const ambiguous = detectListColumns(['name', 'birth'], { samples: (c) => (c === 'birth' ? ['01.02.1990', '03.04.1991'] : []) });
    expect(ambiguous.columns[1].reason).toMatch(/reads both ways/);
    const mixed = detectListColumns(['name', 'birth'], { samples: (c) => (c === 'birth' ? ['26.02.1992', '02/27/1992', '1992-02-28', '19920229'] : []) });
    expect(mixed.columns[1].dates?.mixed).toBe(true);
    expect(mixed.columns[1].reason).toMatch(/written in 3 ways/);
  });

  it('reads a Russian header over Azerbaijani data', () => {
    const values: Record<string, string[]> = { Фамилия: ['Əliyev', 'Hüseynova'], Имя: ['Rəşid', 'Səbinə'], Пол: ['K', 'Q'], 'Дата рождения': ['26.02.1992', '1.3.1990'] };
    const m = detectListColumns(Object.keys(values), { samples: (c) => values[c] });
    expect(m).toMatchObject({ family: 'Фамилия', given: 'Имя', sex: 'Пол', birth: 'Дата рождения' });
    expect(m.columns[2].reason).not.toMatch(/not sex codes/);
  });

  it('follows the user\'s overrides and refuses a column that is not there', () => {
    const m = detectListColumns(['col_a', 'col_b', 'surname'], {
      overrides: [
        { role: 'given', column: 'col_a' },
        { role: 'family', column: 'col_b' },
      ],
    });
    expect(m).toMatchObject({ given: 'col_a', family: 'col_b' });
    expect(m.columns[2]).toMatchObject({ role: null });
    expect(m.columns[2].reason).toMatch(/the user chose another column as the family name/);
    expect(detectListColumns(['name', 'notes'], { overrides: [{ role: 'ignore', column: 'name' }] }).full).toEqual([]);
    expect(() => detectListColumns(['a'], { overrides: [{ role: 'given', column: 'b' }] })).toThrow(/no column "b"/);
  });

  it('survives hostile headers', () => {
    const m = detectListColumns(['\u0000', '\uD800', 'x'.repeat(10_000), '<script>name</script>', 'name']);
    expect(m.full).toEqual(['name']);
    expect(m.columns.slice(0, 4).every((c) => c.role === null)).toBe(true);
  });
});

describe('parseRoleOverride', () => {
  it('reads role=column and refuses anything else', () => {
    expect(parseRoleOverride('given=Имя')).toEqual({ role: 'given', column: 'Имя' });
    expect(parseRoleOverride('ignore=notes')).toEqual({ role: 'ignore', column: 'notes' });
    expect(parseRoleOverride('family = a=b')).toEqual({ role: 'family', column: 'a=b' });
    expect(() => parseRoleOverride('given')).toThrow(/not role=column/);
    expect(() => parseRoleOverride('=x')).toThrow(/not role=column/);
    expect(() => parseRoleOverride('nickname=x')).toThrow(/not a role; use one of/);
  });
});
