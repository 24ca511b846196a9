import { describe, expect, it } from 'vitest';
import { ruleKeys } from './blocking.ts';
import { compareOne, compileComparison, ELSE_LEVEL } from './compare.ts';
import { defaultSettings } from './defaults.ts';
import { AGE_DATED, AGE_UNDATED, buildFeatures, censusAgeRange, deathYearSpread, type AgeFeature, type DateFeature } from './features.ts';
import { collectPatterns, expectationMaximisation, expectationMaximisationWeakLast, seededRandom } from './model.ts';
import { parseSettings, type FieldSpec } from './settings.ts';

/** A press list: ages on every row, a date of death on some. */
const ageFields: FieldSpec[] = [
  { name: 'death', column: 'death', type: 'date' },
  { name: 'age', column: 'age', type: 'age', deathField: 'death' },
];

function ageList(rows: Array<[string, string]>) {
  const columns = { age: rows.map((r) => r[0]), death: rows.map((r) => r[1]) };
  return buildFeatures(columns, rows.length, ageFields);
}

describe('ages on a list where only some rows have a date of death', () => {
  const dated: Array<[string, string]> = ['1991', '1992', '1992', '1992', '1992', '1993', '1992', '1991', '1993', '1992'].map((y) => ['30', `${y}-05-01`]);

  it('reads an undated age against the years of the dated deaths, widened by their spread', () => {
    const { table } = ageList([...dated, ['46', '']]);
    const age = table.fields.age as AgeFeature;
    const last = dated.length;
    expect(age.source[last]).toBe(AGE_DATED);
    // median death year 1992, 10th–90th percentile 1991–1993: half-spread 1 year on each side
    expect(age.lo[last]).toBe(1992 - 46 - 1 - 1);
    expect(age.hi[last]).toBe(1992 - 46 + 1);
    expect(deathYearSpread(table.fields.death as DateFeature, last + 1)).toEqual({ median: 1992, halfSpread: 1 });
  });

  it('keeps undated ages undated when too few rows carry a date to say when the list is', () => {
    const { table } = ageList([['30', '1992-05-01'], ['46', ''], ['40', '']]);
    expect((table.fields.age as AgeFeature).source[1]).toBe(AGE_UNDATED);
    expect(deathYearSpread(table.fields.death as DateFeature, 3)).toBeNull();
  });

  it('keys an age by the decade of the middle of its birth-year range, apart from ages with no date at all', () => {
    const { table, values } = ageList([...dated, ['46', '1992-02-26'], ['45', ''], ['16', '1992-02-26'], ['', '']]);
    const keys = ruleKeys(table, values, ['age:decade']);
    const k = dated.length;
    expect(keys[k]).toBe(keys[k + 1]);
    expect(keys[k]).not.toBe(keys[k + 2]);
    expect(keys[k + 3]).toBe(-1);
    // an age list with no date anywhere: the range counts from year 0 and must not meet a dated one by accident
    const bare = ageList([['46', ''], ['46', '']]);
    const bareKeys = ruleKeys(bare.table, bare.values, ['age:year']);
    expect(bareKeys[0]).toBe(bareKeys[1]);
    expect(() => ruleKeys(table, values, ['age:phonetic'])).toThrow(/year or decade/);
  });
});

describe('ages dated by the year their list names (a census index with no event-date column)', () => {
  const fields: FieldSpec[] = [
    { name: 'list_source', column: 'schedule', type: 'text' },
    { name: 'death', column: 'death', type: 'date' },
    { name: 'age', column: 'age', type: 'age', deathField: 'death', eventYearField: 'list_source' },
  ];
  const build = (rows: Array<[string, string, string]>) =>
    buildFeatures({ schedule: rows.map((r) => r[0]), age: rows.map((r) => r[1]), death: rows.map((r) => r[2]) }, rows.length, fields);

  it('counts an age from the year in the list name, and compares two censuses ten years apart as one birth', () => {
    const { table } = build([
      ['Population 1850', '14', ''],
      ['Population 1860', '24', ''],
      ['Population 1860', '14', ''],
      ['Mortality 1870 (Ohio)', '33', '1869-11-02'],
    ]);
    const age = table.fields.age as AgeFeature;
    expect([age.lo[0], age.hi[0]]).toEqual([1835, 1836]);
    expect([age.lo[1], age.hi[1]]).toEqual([1835, 1836]);
    expect(age.ownDate[0]).toBe(1);
    const compiled = compileComparison({ field: 'age', kind: 'age' });
    expect(compareOne(table, compiled, 0, 1)).toBe(4); // overlapping birth years
    expect(compareOne(table, compiled, 0, 2)).toBe(ELSE_LEVEL); // the same age ten years apart is not one birth
    // a row's own date goes before its list's year
    expect([age.lo[3], age.hi[3]]).toEqual([1869 - 33 - 1, 1869 - 33]);
  });

  it('leaves undated a list name with no year, with two years, or with a number that is not a year', () => {
    const { table } = build([
      ['Parish register', '40', ''],
      ['Deaths 1914-1918', '40', ''],
      ['Volume 12', '40', ''],
      ['Sheet 99999', '40', ''],
    ]);
    const age = table.fields.age as AgeFeature;
    for (let i = 0; i < 4; i++) expect(age.source[i]).toBe(AGE_UNDATED);
  });

  it('is what the defaults choose when a list has an age, a source column and no date column', () => {
    const header = ['line', 'schedule', 'given_name', 'surname', 'age', 'sex'];
    const settings = parseSettings(defaultSettings(header), header);
    expect(settings.fields.find((f) => f.name === 'age')).toMatchObject({ eventYearField: 'list_source' });
    expect(settings.fields.find((f) => f.name === 'list_source')).toMatchObject({ column: 'schedule' });
  });
});

describe('default settings of a list with ages and no birth dates', () => {
  const header = ['No.', 'Name', 'Age', 'Sex', 'Place', 'Date of death'];

  it('blocks on one name part with the birth decade of the age, and fits places after the names', () => {
    const settings = parseSettings(defaultSettings(header), header);
    expect(settings.blocking).toContainEqual(['family:phonetic', 'age:decade']);
    expect(settings.blocking).toContainEqual(['given:phonetic', 'age:decade']);
    expect(settings.comparisons.find((c) => c.field === 'place')?.shared).toBe(true);
    expect(settings.comparisons.find((c) => c.field === 'given')?.shared).toBeUndefined();
  });

  it('adds only the given-name age rule when a birth date is there, and accepts age keys only by year or decade', () => {
    // rows with an age meet rows with a birth date (historical registers); the family-name age rule would pair siblings
    const withBirth = parseSettings(defaultSettings(['id', 'given', 'surname', 'birth_date', 'age']));
    expect(withBirth.blocking.filter((rule) => rule.some((part) => part.startsWith('age')))).toEqual([['given:phonetic', 'age:decade']]);
    const base = defaultSettings(header);
    expect(() => parseSettings({ ...base, blocking: [['age']] }, header)).toThrow(/age field/);
    expect(() => parseSettings({ ...base, blocking: [['age|given:decade']] }, header)).toThrow(/age field/);
    expect(parseSettings({ ...base, blocking: [['age:year']] }, header).blocking).toEqual([['age:year']]);
  });
});

describe('EM with a comparison that relatives share', () => {
  // pairs that share a surname: 10 % duplicates (given name agrees 90 %), 40 % relatives of one village (given name
  // agrees 3 %, village 95 %), 50 % strangers (village 5 %). Levels: 1 disagree, 2 agree.
  const u = [
    [1, 0.97, 0.03],
    [1, 0.9, 0.1],
  ];
  const random = seededRandom(5);
  const count = 20_000;
  const levels = new Uint8Array(count * 2);
  for (let p = 0; p < count; p++) {
    const r = random();
    const [given, village] = r < 0.1 ? [0.9, 0.95] : r < 0.5 ? [0.03, 0.95] : [0.03, 0.05];
    levels[2 * p] = random() < given ? 2 : 1;
    levels[2 * p + 1] = random() < village ? 2 : 1;
  }
  const patterns = collectPatterns(levels, 2, Array.from({ length: count }, (_, p) => p));
  const start = [
    [1, 0.1, 0.9],
    [1, 0.1, 0.9],
  ];

  it('finds the match class on the names and fits the village after it', () => {
    // the levels of an exact comparison, as these patterns use them: null, disagree, agree
    expect(compileComparison({ field: 'given', kind: 'exact' }).levels).toHaveLength(3);
    const em = expectationMaximisationWeakLast(patterns, u, start, 0.05, [true, true], { maxIterations: 200, shared: [false, true] });
    expect(em.lambda).toBeGreaterThan(0.07);
    expect(em.lambda).toBeLessThan(0.14);
    expect(em.m[0][2]).toBeGreaterThan(0.8);
    // the village is estimated from the posterior of the name fit, not left at its start
    expect(em.m[1][2]).toBeGreaterThan(0.7);
    expect(em.m[1][2]).not.toBe(start[1][2]);
  });

  it('differs from plain EM, which the village carries to the class of relatives', () => {
    const plain = expectationMaximisation(patterns, u, start, 0.05, [true, true], { maxIterations: 200 });
    expect(plain.lambda).toBeGreaterThan(0.3);
    expect(plain.m[0][2]).toBeLessThan(0.5);
  });
});

describe('ages at death compared as ages when a row has no date of its own', () => {
  const dated: Array<[string, string]> = ['1988', '1989', '1990', '1991', '1992', '1993', '1994', '1990', '1992', '1993'].map((y) => ['30', `${y}-05-01`]);
  const age = compileComparison({ field: 'age', kind: 'age' });
  const level = (rows: Array<[string, string]>) => {
    const { table } = ageList([...dated, ...rows]);
    return compareOne(table, age, dated.length, dated.length + 1);
  };

  it('tells namesakes aged 78 and 83 apart although the list spans six years of deaths', () => {
    // counted from the list's years (1988–1994) both ranges would be widened by three years and overlap
    expect(level([['78', ''], ['83', '']])).toBe(ELSE_LEVEL);
    expect(level([['78', '1990-03-01'], ['83', '']])).toBe(ELSE_LEVEL);
    expect(level([['35', ''], ['31', '']])).toBe(ELSE_LEVEL);
  });

  it('keeps one person whose reports give the same age, one year off, or an approximate age', () => {
    expect(level([['46', ''], ['46', '1992-02-26']])).toBe(4);
    expect(level([['46', ''], ['47', '']])).toBe(3);
    expect(level([['about 45', ''], ['47', '']])).toBe(4);
    expect(level([['40-45', ''], ['47', '']])).toBe(2);
  });

  it('compares birth years when both ages count from their own dates (census ages of different years)', () => {
    // 30 in 1990 and 32 in 1992: the same birth year, though the ages differ
    expect(
      level([
        ['30', '1990-06-01'],
        ['32', '1992-06-01'],
      ]),
    ).toBe(4);
    expect(
      level([
        ['30', '1990-06-01'],
        ['30', '1993-06-01'],
      ]),
    ).toBe(2);
    // four years: both ages wrong by two, in opposite directions
    expect(
      level([
        ['30', '1990-06-01'],
        ['30', '1994-06-01'],
      ]),
    ).toBe(ELSE_LEVEL);
    expect(
      level([
        ['30', '1990-06-01'],
        ['30', '1997-06-01'],
      ]),
    ).toBe(ELSE_LEVEL);
  });

  it('leaves an age with no date anywhere comparable with another age, not with a birth year', () => {
    const bare = buildFeatures({ age: ['46', '47', ''], birth: ['', '', '1946'] }, 3, [
      { name: 'birth', column: 'birth', type: 'date' },
      { name: 'age', column: 'age', type: 'age', birthField: 'birth' },
    ]);
    expect(compareOne(bare.table, age, 0, 1)).toBe(3);
    expect(compareOne(bare.table, age, 0, 2)).toBe(0);
  });
});

describe('census ages: the day of the census, the 1841 rounding, estimated births', () => {
  const age = compileComparison({ field: 'age', kind: 'age' });
  const fields: FieldSpec[] = [
    { name: 'birth', column: 'birth', type: 'date' },
    { name: 'death', column: 'event', type: 'date' },
    { name: 'age', column: 'age', type: 'age', deathField: 'death', birthField: 'birth' },
  ];
  /** Rows of [age, event date, birth date]; the level of rows 0 and 1. */
  const level = (a: [string, string, string?], b: [string, string, string?]) => {
    const rows = [a, b];
    const { table } = buildFeatures({ age: rows.map((r) => r[0]), event: rows.map((r) => r[1]), birth: rows.map((r) => r[2] ?? '') }, 2, fields);
    return compareOne(table, age, 0, 1);
  };

  it('reads an adult age of the 1841 census that is a multiple of five as that age to four years more', () => {
    expect(censusAgeRange({ min: 20, max: 20 }, { year: 1841, month: 6 })).toEqual({ min: 20, max: 24 });
    // the exact ages some enumerators wrote, children's ages, and other years or months stay as written
    expect(censusAgeRange({ min: 23, max: 23 }, { year: 1841, month: 6 })).toEqual({ min: 23, max: 23 });
    expect(censusAgeRange({ min: 10, max: 10 }, { year: 1841, month: 6 })).toEqual({ min: 10, max: 10 });
    expect(censusAgeRange({ min: 20, max: 20 }, { year: 1851, month: 3 })).toEqual({ min: 20, max: 20 });
    expect(censusAgeRange({ min: 20, max: 20 }, { year: 1841, month: 12 })).toEqual({ min: 20, max: 20 });
  });

  it('keeps a person whose 1841 age was rounded down: 20 in 1841, 33 in 1851', () => {
    expect(level(['20', '6/6/1841'], ['33', '30/3/1851'])).toBe(4);
    // the same ages in 1842 and 1852 are two years apart
    expect(level(['20', '6/6/1842'], ['33', '30/3/1852'])).toBe(2);
  });

  it('tells apart two children of one census night a year apart in age, whose calendar years meet', () => {
    expect(level(['13', '7/4/1861'], ['12', '7/4/1861'])).toBe(3);
    expect(level(['13', '7/4/1861'], ['13', '7/4/1861'])).toBe(4);
    // one person ten years on, and a year misstated across censuses
    expect(level(['33', '30/3/1851'], ['43', '7/4/1861'])).toBe(4);
    expect(level(['33', '30/3/1851'], ['45', '7/4/1861'])).toBe(3);
    expect(level(['33', '30/3/1851'], ['48', '7/4/1861'])).toBe(ELSE_LEVEL);
  });

  it('compares an estimated birth year with an age as the years it stands for', () => {
    // 40 on 5 April 1891: born April 1850 – April 1851; "c. 1848" stands for 1846–1850
    expect(level(['', '', 'c. 1848'], ['40', '5/4/1891'])).toBe(4);
    expect(level(['', '', '1848'], ['40', '5/4/1891'])).toBe(2);
    expect(level(['', '', 'bef. 1860'], ['40', '5/4/1891'])).toBe(4);
  });
});
