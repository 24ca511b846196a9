import { describe, expect, it } from 'vitest';
import { detectScript } from '../../names/transliterate.ts';
import { generateAzerbaijaniList } from './azerbaijani-list.ts';
import { generateDocumentsList, icaoTransliteration } from './documents-list.ts';
import { SUITE_GENERATORS } from './generalisation-suite.ts';
import { generateHistoricalRegister } from './historical-register.ts';
import { generateMixedList } from './mixed-list.ts';
import { generatePressList } from './press-list.ts';
import { generateSovietRegister } from './soviet-register.ts';
import { generateUsCensus } from './us-census.ts';

const column = (list: { header: string[]; rows: string[][] }, name: string) => {
  const k = list.header.indexOf(name);
  expect(k, `column ${name}`).toBeGreaterThanOrEqual(0);
  return list.rows.map((r) => r[k]);
};

describe('generalisation generators', () => {
  for (const g of SUITE_GENERATORS) {
    it(`${g.key}: reproducible from its seed, different across seeds, the truth outside the file`, () => {
      const a = g.generate(200, 3);
      const b = g.generate(200, 3);
      const c = g.generate(200, 4);
      expect(a.rows).toEqual(b.rows);
      expect(a.rows).not.toEqual(c.rows);
      expect(a.truth).toHaveLength(a.rows.length);
      expect(a.rows.every((r) => r.length === a.header.length)).toBe(true);
      // no cell carries a true person id, so the CLI cannot see the answer
      const truthIds = new Set(a.truth);
      expect(a.rows.some((r) => r.some((cell) => truthIds.has(cell)))).toBe(false);
      // several records per person on average, and persons with a single record too
      const perPerson = new Map<string, number>();
      for (const t of a.truth) perPerson.set(t, (perPerson.get(t) ?? 0) + 1);
      expect(a.rows.length / perPerson.size).toBeGreaterThan(1.2);
      expect([...perPerson.values()].some((n) => n === 1)).toBe(true);
      // the first column is a row id unique in the file, which lets a bench check output rows against input rows
      expect(new Set(a.rows.map((r) => r[0])).size).toBe(a.rows.length);
    });
  }

  it('Soviet register: surname, name and patronymic in one Cyrillic column, year of birth only, М/Ж, DD.MM.YYYY deaths', () => {
    const list = generateSovietRegister({ persons: 600, seed: 2 });
    const names = column(list, 'Фамилия Имя Отчество');
    expect(names.filter((n) => detectScript(n) === 'cyrillic').length / names.length).toBeGreaterThan(0.99);
    expect(names.some((n) => / (оглы|кызы)$/.test(n))).toBe(true);
    expect(names.some((n) => /(ович|евич|овна|евна)$/.test(n))).toBe(true);
    expect(names.some((n) => /^\S+ [А-ЯЁ]\.[А-ЯЁ]\.$/.test(n))).toBe(true); // initials in loss reports
    const years = column(list, 'Год рождения').filter(Boolean);
    expect(years.every((y) => /^\d{4}( г\.( ?р\.)?)?$/.test(y))).toBe(true);
    expect(new Set(column(list, 'Пол'))).toEqual(new Set(['М', 'Ж', 'муж.', 'жен.', '']));
    expect(column(list, 'Дата гибели').some((d) => /^\d{2}\.\d{2}\.\d{4}$/.test(d))).toBe(true);
    expect(column(list, 'Место рождения').some((p) => /^Азерб\. ССР, \S+ р-н, с\. /.test(p))).toBe(true);
    // h → г and ə → а in the established forms
    expect(names.some((n) => /Гасан|Гусейн|Мамед/.test(n))).toBe(true);
  });

  it('press list: given name first, ages (some approximate, some ranges), no birth dates, both romanisations', () => {
    const list = generatePressList({ persons: 800, seed: 2 });
    expect(list.header.some((h) => /birth/i.test(h))).toBe(false);
    const ages = column(list, 'Age');
    expect(ages.some((a) => /^about \d+$/.test(a))).toBe(true);
    expect(ages.some((a) => /^\d+-\d+$/.test(a))).toBe(true);
    expect(ages.some((a) => a === '')).toBe(true);
    const names = column(list, 'Name').join(' ');
    // the same surnames through Russian and through Azerbaijani
    expect(/Gasanov|Guseyn|Guseinov|Mamedov/.test(names)).toBe(true);
    expect(/Hasanov|Huseyn|Mammadov/.test(names)).toBe(true);
    expect(new Set(column(list, 'Sex'))).toEqual(new Set(['male', 'Male', 'm', 'female', 'Female', 'f', '']));
  });

  it('Azerbaijani list: separate name columns, K/Q, DD.MM.YYYY, and rows typed without Azerbaijani letters', () => {
    const list = generateAzerbaijaniList({ persons: 600, seed: 2 });
    expect(column(list, 'Cinsi').filter((s) => s === 'K' || s === 'Q').length).toBeGreaterThan(list.rows.length / 2);
    expect(column(list, 'Doğum tarixi').some((d) => /^\d{2}\.\d{2}\.\d{4}$/.test(d))).toBe(true);
    expect(column(list, 'Ata adı').some((f) => / (oğlu|qızı)$/.test(f))).toBe(true);
    const families = column(list, 'Soyadı');
    expect(families.some((f) => /[əışçğöü]/i.test(f))).toBe(true);
    expect(families.some((f) => /ov$|ova$|yev$|yeva$/.test(f) && !/[əışçğöü]/i.test(f))).toBe(true);
  });

  it('mixed list: Cyrillic and Latin rows in one name column, each with its source’s sex code', () => {
    const list = generateMixedList({ persons: 600, seed: 2 });
    const names = column(list, 'Full name');
    const scripts = new Set(names.map((n) => detectScript(n)));
    expect(scripts.has('cyrillic') && scripts.has('latin')).toBe(true);
    const sexes = new Set(column(list, 'Sex'));
    for (const code of ['М', 'Ж', 'K', 'Q', 'male', 'female']) expect(sexes.has(code), code).toBe(true);
  });

  it('historical register: redundant name columns, dual-dated years, estimates, and same-named relatives', () => {
    const list = generateHistoricalRegister({ persons: 1500, seed: 2 });
    expect(list.header).toEqual(expect.arrayContaining(['given', 'middle', 'surname', 'full_name', 'first_and_surname']));
    const births = column(list, 'birth_date');
    expect(births.some((b) => /\b1[67]\d\d\/\d{1,2}$/.test(b))).toBe(true); // 12 Feb 1733/4
    expect(births.some((b) => /^abt 1[6-9]\d\d$/.test(b))).toBe(true);
    expect(births.some((b) => /^1[6-8]\d\d-\d\d-\d\d$/.test(b) || /^\d{1,2} \w{3} 1[6-8]\d\d/.test(b))).toBe(true);
    const given = column(list, 'given');
    expect(given.some((g) => g === 'Johannes' || g === 'Gulielmus')).toBe(true);
    expect(given.some((g) => /^(Wm|Jno|Thos|Jas)\.?$/.test(g))).toBe(true);
    // rows with only the full name transcribed
    expect(list.rows.some((r, i) => given[i] === '' && r[list.header.indexOf('full_name')] !== '')).toBe(true);
    // different persons with the same given name and surname: the collisions that punish chaining
    const byName = new Map<string, Set<string>>();
    list.rows.forEach((r, i) => {
      const key = `${given[i]}|${r[list.header.indexOf('surname')]}`;
      if (!byName.has(key)) byName.set(key, new Set());
      byName.get(key)!.add(list.truth[i]);
    });
    expect([...byName.values()].filter((s) => s.size >= 3).length).toBeGreaterThan(10);
  });

  it('identity documents: ICAO passport capitals, Soviet Cyrillic with patronymic, Azerbaijani capitals with İ and I', () => {
    expect(icaoTransliteration('Кямаля')).toBe('KIAMALIA');
    expect(icaoTransliteration('Юсиф')).toBe('IUSIF');
    expect(icaoTransliteration('Гусейнова')).toBe('GUSEINOVA');
    expect(icaoTransliteration('Хадиджа')).toBe('KHADIDZHA');
    expect(icaoTransliteration('Шюкюров')).toBe('SHIUKIUROV');
    const list = generateDocumentsList({ persons: 800, seed: 2 });
    const surnames = column(list, 'Surname');
    const kinds = column(list, 'Document');
    const of = (kind: string) => surnames.filter((_, i) => kinds[i] === kind);
    expect(of('passport RU').every((s) => /^[A-Z]+$/.test(s))).toBe(true);
    expect(of('Soviet passport').every((s) => detectScript(s) === 'cyrillic')).toBe(true);
    expect(of('AZ identity card').some((s) => /[ƏİŞÇĞÖÜ]/.test(s))).toBe(true);
    expect(column(list, "Father's name").some((f) => / (ОГЛЫ|КЫЗЫ|оглы|кызы)$/.test(f))).toBe(true);
    const births = column(list, 'Date of birth').filter(Boolean);
    expect(births.every((d) => /^\d{2}\.\d{2}\.\d{4}$/.test(d))).toBe(true);
    expect(births.filter((d) => d.startsWith('01.01.')).length / births.length).toBeGreaterThan(0.05);
    expect(new Set(column(list, 'Sex'))).toEqual(new Set(['M', 'F', 'М', 'Ж', '']));
  });
  it('US census: ages only, infants in twelfths from 1870, relationship and marital status only in 1880, birthplaces in several forms', () => {
    const list = generateUsCensus({ persons: 1500, seed: 2 });
    expect(list.header.some((h) => /birth_?date|dob/i.test(h))).toBe(false);
    const schedules = column(list, 'schedule');
    const ages = column(list, 'age');
    const relationships = column(list, 'relationship');
    const statuses = column(list, 'marital_status');
    const deathMonths = column(list, 'month_of_death');
    const of = (prefix: string) => schedules.map((s, i) => (s.startsWith(prefix) ? i : -1)).filter((i) => i >= 0);
    expect(of('Population 1850').every((i) => ages[i] !== '' && !ages[i].includes('/'))).toBe(true);
    expect(of('Population 1880').some((i) => /^\d{1,2}\/12$/.test(ages[i]))).toBe(true);
    expect(of('Population 1860').every((i) => relationships[i] === '' && statuses[i] === '')).toBe(true);
    expect(new Set(of('Population 1880').map((i) => relationships[i]))).toEqual(new Set(['Head', 'Wife', 'Son', 'Dau', 'Servant', 'Boarder']));
    expect(of('Mortality').every((i) => deathMonths[i] !== '')).toBe(true);
    const places = new Set(column(list, 'birthplace'));
    for (const p of ['Pennsylvania', 'Pa', 'Ireland', 'Prussia', 'Germany']) expect(places.has(p), p).toBe(true);
    // one person's records: an immigrant's given name anglicised across censuses
    const given = column(list, 'given_name');
    const namesOf = new Map<string, Set<string>>();
    list.truth.forEach((t, i) => namesOf.set(t, (namesOf.get(t) ?? new Set()).add(given[i].split(' ')[0])));
    expect([...namesOf.values()].some((s) => s.has('Johann') && s.has('John'))).toBe(true);
    // no one has more records than four censuses and one mortality schedule
    const perPerson = new Map<string, number>();
    for (const t of list.truth) perPerson.set(t, (perPerson.get(t) ?? 0) + 1);
    expect(Math.max(...perPerson.values())).toBeLessThanOrEqual(5);
  });
});
