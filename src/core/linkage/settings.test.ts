import { describe, expect, it } from 'vitest';
import { defaultSettings, detectColumns } from './defaults.ts';
import { parseSettings, SettingsError } from './settings.ts';

const base = {
  fields: [
    { name: 'given', column: 'first', type: 'name' },
    { name: 'family', column: 'last', type: 'name' },
    { name: 'birth', column: 'dob', type: 'date' },
  ],
  comparisons: [
    { field: 'given', kind: 'name', swapWith: 'family' },
    { field: 'family', kind: 'name', tf: true },
    { field: 'birth', kind: 'date' },
  ],
  blocking: [['given|family:phonetic'], ['birth']],
};

function problems(raw: unknown, columns?: string[]): string[] {
  try {
    parseSettings(raw, columns);
    return [];
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
}

describe('parseSettings', () => {
  it('accepts valid settings, fills defaults, and round-trips through JSON', () => {
    const settings = parseSettings(base, ['first', 'last', 'dob']);
    expect(settings.threshold).toBe(0.9);
    expect(settings.clustering).toBe('careful');
    expect(parseSettings(JSON.parse(JSON.stringify(settings)))).toEqual(settings);
  });

  it('names every missing column, unknown field and bad key', () => {
    const found = problems(
      { ...base, comparisons: [...base.comparisons.slice(0, 2), { field: 'death', kind: 'date' }], blocking: [['nosuch:phonetic']] },
      ['first', 'dob'],
    );
    expect(found.join('\n')).toMatch(/settings\.fields\.1\.column: column "last" is not in the input/);
    expect(found.join('\n')).toMatch(/settings\.comparisons\.2\.field: no field named "death"/);
    expect(found.join('\n')).toMatch(/settings\.blocking\.0\.0: no field named "nosuch"/);
  });

  it('rejects malformed and hostile settings with the path at fault', () => {
    expect(problems(null)[0]).toMatch(/^settings\./);
    expect(problems({ ...base, threshold: 1.5 }).join()).toMatch(/settings\.threshold/);
    expect(problems({ ...base, blocking: [['given:drop table']] }).join()).toMatch(/settings\.blocking\.0\.0: bad blocking key/);
    expect(problems({ ...base, fields: [...base.fields, base.fields[0]] }).join()).toMatch(/defined twice/);
    expect(problems({ ...base, comparisons: [{ field: 'given', kind: 'name', thresholds: [0.7, 0.9] }] }).join()).toMatch(/highest to lowest/);
    expect(problems({ ...base, comparisons: [{ field: 'birth', kind: 'name' }] }).join()).toMatch(/name comparison on date field/);
    expect(problems({ ...base, comparisons: Array(40).fill(base.comparisons[0]) }).join()).toMatch(/comparisons/);
  });

  it('checks age fields, their date fields and the reference date', () => {
    const age = { name: 'age', column: 'age', type: 'age' };
    const ok = { ...base, fields: [...base.fields, age], comparisons: [...base.comparisons, { field: 'age', kind: 'age' }], referenceDate: '1992' };
    expect(problems(ok)).toEqual([]);
    expect(problems({ ...ok, comparisons: [...base.comparisons, { field: 'age', kind: 'exact' }] }).join()).toMatch(/age fields take the age comparison/);
    expect(problems({ ...ok, comparisons: [{ field: 'given', kind: 'age' }] }).join()).toMatch(/age fields take the age comparison/);
    expect(problems({ ...ok, fields: [...base.fields, { ...age, deathField: 'given' }] }).join()).toMatch(/deathField: "given" is not a date field/);
    expect(problems({ ...ok, fields: [...base.fields, { ...age, birthField: 'nosuch' }] }).join()).toMatch(/birthField: "nosuch" is not a date field/);
    expect(problems({ ...ok, fields: [...base.fields.slice(0, 1), { ...base.fields[1], deathField: 'birth' }, age] }).join()).toMatch(/only age fields/);
    expect(problems({ ...ok, fields: [...base.fields, { ...age, eventYearField: 'nosuch' }] }).join()).toMatch(/eventYearField: no field "nosuch"/);
    expect(problems({ ...ok, fields: [...base.fields, { ...age, eventYearField: 'given' }] })).toEqual([]);
    expect(problems({ ...ok, fields: [...base.fields.slice(0, 1), { ...base.fields[1], eventYearField: 'given' }, age] }).join()).toMatch(/only age fields/);
    expect(problems({ ...ok, referenceDate: '26 February' }).join()).toMatch(/settings\.referenceDate: "26 February" is not a date/);
    expect(problems({ ...ok, referenceDate: 'x'.repeat(100) }).join()).toMatch(/settings\.referenceDate/);
    expect(problems({ ...ok, blocking: [['age']] }).join()).toMatch(/is an age field/);
  });
});

describe('defaultSettings', () => {
  it('recognises name, date and other columns in several languages', () => {
    const detected = detectColumns(['ID', 'Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Пол', 'Место гибели']);
    expect(detected.idColumn).toBe('ID');
    expect(Object.values(detected.roles)).toEqual(['family', 'given', 'patronymic', 'birth', 'sex', 'place']);
  });

  it('splits a single name column into parts and blocks on names and dates', () => {
    const settings = parseSettings(defaultSettings(['record_id', 'name', 'birth_date', 'sex', 'place']));
    expect(settings.idColumn).toBe('record_id');
    expect(settings.fields.filter((f) => f.column === 'name').map((f) => f.part)).toEqual(['given', 'family', 'patronymic']);
    expect(settings.blocking[0]).toEqual(['given|family:phonetic']);
  });

  it('past 200,000 records keys the name and family+year rules further, so that blocks do not grow with n²', () => {
    const header = ['record_id', 'name', 'birth_date', 'sex', 'place'];
    const small = parseSettings(defaultSettings(header, { records: 100_000 }));
    expect(small.blocking).toContainEqual(['family:phonetic', 'birth:year']);
    const large = parseSettings(defaultSettings(header, { records: 1_000_000 }));
    expect(large.blocking[0]).toEqual(['given|family:phonetic', 'birth:decade']);
    expect(large.blocking).toContainEqual(['family:phonetic', 'birth:year', 'given:initial']);
    expect(large.blocking).toContainEqual(['family:phonetic', 'birth:year', 'place:phonetic']);
    expect(large.blocking).not.toContainEqual(['family:phonetic', 'birth:year']);
  });

  it('produces valid settings for the FEBRL header and refuses a header with nothing to compare', () => {
    const header = ['rec_id', 'given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state', 'date_of_birth', 'soc_sec_id'];
    expect(() => parseSettings(defaultSettings(header), header)).not.toThrow();
    expect(() => defaultSettings(['a', 'b'])).toThrow(/no name, date or place columns/);
  });
});
