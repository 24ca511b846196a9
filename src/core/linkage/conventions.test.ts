import { beforeAll, describe, expect, it } from 'vitest';
import { blockPairs } from './blocking.ts';
import { compareOne, compileComparison } from './compare.ts';
import { defaultSettings } from './defaults.ts';
import { buildFeatures } from './features.ts';
import { linkRecords, type LinkResult } from './link.ts';
import { parseSettings, type FieldSpec } from './settings.ts';
import { generateLists, recordsToColumns } from './synthetic/generate.ts';

/**
 * The conventions of the region through the engine: hand-written records of fictional persons, each written as an
 * Azerbaijani Latin list, a Soviet-style Russian list and an English press list would write it, appended to a
 * generated background so that the model has data to learn from.
 */
const header = ['record_id', 'source', 'name', 'sex', 'birth_date', 'place'];
type Row = [name: string, sex: string, birth: string, place: string];
const SAME: Row[][] = [
  [
    ['Tofiq Həsənov', 'M', '1961-04-12', 'Ağdam'],
    ['Гасанов Тофик', 'M', '12.04.1961', 'Агдам'],
  ],
  [
    ['Səbinə Hüseynova', 'F', '1970-09-03', 'Xocalı'],
    ['Сабина Гусейнова', 'F', '03.09.1970', 'Ходжалы'],
  ],
  [
    ['Rəşid Əliyev', 'M', '1955-01-20', 'Əsgəran'],
    ['Алиев Рашид', 'M', '20.01.1955', 'Аскеран'],
    ['Rashid Aliev', 'M', '1955-01-20', 'Askeran'],
  ],
];
// namesakes who are other people: a similar family name, another given name, or another birth date
const OTHERS: Row[] = [
  ['Tofiq Hüseynov', 'M', '1961-11-30', 'Ağdam'],
  ['Rauf Əliyev', 'M', '1958-06-02', 'Əsgəran'],
  ['Rəşid Əlizadə', 'M', '1949-03-15', 'Əsgəran'],
];

function withBackground(rows: Row[]): { columns: Record<string, string[]>; size: number; first: number } {
  const background = recordsToColumns(generateLists({ persons: 300, seed: 21 }).records);
  const first = background.name.length;
  const columns: Record<string, string[]> = {};
  for (const h of header) columns[h] = [...background[h]];
  rows.forEach((row, k) => {
    columns.record_id.push(`hand-${k}`);
    columns.source.push('hand');
    columns.name.push(row[0]);
    columns.sex.push(row[1]);
    columns.birth_date.push(row[2]);
    columns.place.push(row[3]);
  });
  return { columns, size: first + rows.length, first };
}

describe('Azerbaijani and Russian spellings of one person under the default settings', () => {
  const rows = [...SAME.flat(), ...OTHERS];
  const index = (row: Row) => rows.indexOf(row);
  const input = withBackground(rows);
  let result: LinkResult;
  beforeAll(async () => {
    result = await linkRecords(input, { ...defaultSettings(header), uSamplePairs: 30_000 });
  });

  it('makes them candidate pairs', () => {
    const settings = parseSettings(defaultSettings(header));
    const { table, values } = buildFeatures(input.columns, input.size, settings.fields);
    const blocked = blockPairs(table, values, settings.blocking, { maxBlockSize: settings.maxBlockSize });
    const pairs = new Set<string>();
    for (let p = 0; p < blocked.count; p++) pairs.add(`${blocked.left[p]}-${blocked.right[p]}`);
    for (const person of SAME) {
      for (let a = 0; a < person.length; a++) {
        for (let b = a + 1; b < person.length; b++) {
          const [i, j] = [input.first + index(person[a]), input.first + index(person[b])].sort((x, y) => x - y);
          expect(pairs.has(`${i}-${j}`), `${person[a][0]} / ${person[b][0]}`).toBe(true);
        }
      }
    }
  });

  it('scores them above the threshold and makes one person of each', () => {
    const person = result.clusters.person;
    for (const forms of SAME) {
      const ids = forms.map((r) => person[input.first + index(r)]);
      expect(new Set(ids).size, forms.map((r) => r[0]).join(' / ')).toBe(1);
      const i = input.first + index(forms[0]);
      const j = input.first + index(forms[1]);
      expect(result.explainRecords(i, j).matchProbability).toBeGreaterThanOrEqual(result.settings.threshold);
    }
  });

  it('keeps namesakes apart', () => {
    const person = result.clusters.person;
    const of = (row: Row) => person[input.first + index(row)];
    expect(of(OTHERS[0])).not.toBe(of(SAME[0][0]));
    expect(of(OTHERS[1])).not.toBe(of(SAME[2][0]));
    expect(of(OTHERS[2])).not.toBe(of(SAME[2][0]));
    expect(result.stats.largestPerson).toBeGreaterThanOrEqual(3);
  });
});

describe('initials', () => {
  it('agree weakly with a name they begin, and not with another', () => {
    const fields: FieldSpec[] = [{ name: 'given', column: 'given', type: 'name' }];
    const { table } = buildFeatures({ given: ['Т.', 'Тофик', 'Tofiq', 'Rauf', 'T'] }, 5, fields);
    const given = compileComparison({ field: 'given', kind: 'name' });
    const label = (i: number, j: number) => given.levels[compareOne(table, given, i, j)];
    expect(label(0, 1)).toBe('jaro-winkler ≥ 0.8');
    expect(label(0, 2)).toBe('jaro-winkler ≥ 0.8');
    expect(label(0, 3)).toBe('else');
    expect(label(0, 4)).toBe('exact');
  });
});

describe('patronymic columns', () => {
  it('are compared by the father name whatever the convention of each list', async () => {
    const settings = defaultSettings(['Фамилия', 'Имя', 'Отчество']);
    expect(settings.fields.find((f) => f.name === 'patronymic')).toMatchObject({ type: 'patronymic' });
    const columns = {
      Фамилия: ['Həsənov', 'Гасанов', 'Hasanov', 'Gasanov'],
      Имя: ['Natiq', 'Натиг', 'Natig', 'Natig'],
      Отчество: ['Famil oğlu', 'Фамиль оглы', 'Famil ogly', 'Famiłovich'],
    };
    const parsed = parseSettings(settings);
    const { table, values } = buildFeatures(columns, 4, parsed.fields);
    const feature = table.fields.patronymic;
    expect(feature.kind).toBe('text');
    if (feature.kind !== 'text') return;
    expect(new Set(Array.from(feature.ids)).size).toBe(1);
    expect(values.patronymic).toEqual(['famil']);
  });
});

describe('age at death', () => {
  const fields: FieldSpec[] = [
    { name: 'birth', column: 'birth', type: 'date' },
    { name: 'death', column: 'death', type: 'date' },
    { name: 'age', column: 'age', type: 'age', deathField: 'death', birthField: 'birth' },
  ];
  const age = compileComparison({ field: 'age', kind: 'age' });
  const level = (columns: Record<string, string[]>, i: number, j: number, referenceDate?: string) => {
    const { table, issues } = buildFeatures(columns, columns.age.length, fields, undefined, { referenceDate });
    return { label: age.levels[compareOne(table, age, i, j)], issues };
  };

  it('meets a birth year: 46 at death in 1992 and born 1945 agree', () => {
    const columns = { birth: ['', '1945', '1946-11-02', '1948', '1941', '1945-06-10'], death: ['26.02.1992', '', '', '', '', ''], age: ['46', '', '', '', '', ''] };
    expect(level(columns, 0, 1).label).toBe('birth years overlap');
    // 46 on 26 February 1992 is born 27 February 1945 – 26 February 1946: 10 June 1945 is in it, and 2 November
    // 1946 would have made the person 45, a year off
    expect(level(columns, 0, 5).label).toBe('birth years overlap');
    expect(level(columns, 0, 2).label).toBe('birth years within 1 year');
    expect(level(columns, 0, 3).label).toBe('birth years within 3 years');
    expect(level(columns, 0, 4).label).toBe('else');
    // two birth dates are the birth comparison's to weigh, not this one's
    expect(level(columns, 1, 2).label).toBe('null');
  });

  it('reads ranges, units and approximate ages, and takes the run reference date when there is no death date', () => {
    const columns = { birth: ['', '', '', '', ''], death: ['', '', '', '', ''], age: ['40-45', '46 лет', '46 yaş', 'about 50', ''] };
    // an age at death is the person's own: 40–45 against 46 is a year apart, however the event is dated
    expect(level(columns, 0, 1, '1992').label).toBe('birth years within 1 year');
    expect(level(columns, 1, 2, '1992').label).toBe('birth years overlap');
    // 46 against "about 50" (48–52): two years apart
    expect(level(columns, 2, 3, '1992-02-26').label).toBe('birth years within 3 years');
    expect(level(columns, 0, 4, '1992').label).toBe('null');
    // without any date, two ages of one event still compare with each other
    expect(level(columns, 1, 2).label).toBe('birth years overlap');
    expect(level({ ...columns, birth: ['', '', '', '', '1945'] }, 1, 4).label).toBe('null');
  });

  it('lists unreadable ages as issues and treats them as missing', () => {
    const columns = { birth: ['', '', '', ''], death: ['1992', '1992', '1992', '1992'], age: ['forty', '\u0000<script>', '999', '46'] };
    const { table, issues } = buildFeatures(columns, 4, fields);
    expect(issues.map((i) => i.row)).toEqual([0, 1, 2]);
    expect(issues.every((i) => i.field === 'age' && i.column === 'age' && i.message.length > 0)).toBe(true);
    expect(age.levels[compareOne(table, age, 0, 3)]).toBe('null');
  });

  it('links a list with ages to a list with birth dates through the default settings', async () => {
    const background = recordsToColumns(generateLists({ persons: 300, seed: 5 }).records);
    const size = background.name.length;
    // the English-language list gives an age at the event (1992-02-26) instead of a birth date
    const ageColumn = background.birth_date.map((d, i) => {
      if (background.source[i] !== 'en' || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return '';
      const [y, m, day] = d.split('-').map(Number);
      return String(1992 - y - (m > 2 || (m === 2 && day > 26) ? 1 : 0));
    });
    const birth = background.birth_date.map((d, i) => (ageColumn[i] ? '' : d));
    expect(ageColumn.filter(Boolean).length).toBeGreaterThan(50);
    const columns = { ...background, birth_date: birth, age: ageColumn };
    const withAge = { ...defaultSettings([...header, 'age']), uSamplePairs: 30_000, referenceDate: '1992-02-26' };
    expect(withAge.fields.find((f) => f.name === 'age')).toMatchObject({ type: 'age', birthField: 'birth' });
    const result = await linkRecords({ columns, size }, withAge);
    const ageTerm = result.model.comparisons.find((c) => c.name === 'age');
    expect(ageTerm?.mEstimated).toBe(true);
    // agreement on the birth-year range is evidence for a match, disagreement against it
    const top = ageTerm!.levels.length - 1;
    expect(ageTerm!.m[top] / ageTerm!.u[top]).toBeGreaterThan(1);
    expect(ageTerm!.m[1] / ageTerm!.u[1]).toBeLessThan(1);
  });
});
