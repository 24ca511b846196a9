import { describe, expect, it } from 'vitest';
import { detectListColumns } from '../casualties/columns.ts';
import { defaultSettings } from './defaults.ts';
import { householdColumns } from './historical-defaults.ts';

/** Headers of historical person registers: names over several columns, baptisms beside births, parishes. */
describe('default settings for a historical register', () => {
  const nordic = ['record_id', 'source', 'first_name', 'middle_names', 'surname', 'maiden_name', 'father', 'mother', 'birth_date', 'baptism_date', 'age', 'event_date', 'parish', 'sex'];

  it('takes the father’s name, not a middle name, as the patronymic, and the parish as a place', () => {
    const mapping = detectListColumns(nordic);
    expect(mapping.given).toBe('first_name');
    expect(mapping.family).toBe('surname');
    expect(mapping.patronymic).toBe('father');
    expect(mapping.birth).toBe('birth_date');
    expect(mapping.place).toEqual(['parish']);
    const middle = mapping.columns.find((c) => c.column === 'middle_names')!;
    expect(middle.role).toBeNull();
    expect(middle.reason).toMatch(/father/);
  });

  it('keeps a middle name as the patronymic when no column names the father', () => {
    expect(detectListColumns(['id', 'given', 'middle', 'surname']).patronymic).toBe('middle');
  });

  it('reads a baptism or christening date as the birth date only when no column gives the birth', () => {
    expect(detectListColumns(['id', 'given', 'surname', 'christening date', 'birth_parish']).birth).toBe('christening date');
    expect(detectListColumns(['id', 'given', 'surname', 'christening date', 'birth_parish']).place).toEqual(['birth_parish']);
    const both = detectListColumns(['id', 'given', 'surname', 'baptism_date', 'birth_date']);
    expect(both.birth).toBe('birth_date');
  });

  it('blocks rows with an age against rows with a birth date on the given name and the birth decade', () => {
    const settings = defaultSettings(nordic);
    expect(settings.blocking).toContainEqual(['given:phonetic', 'age:decade']);
    // not the family name with the decade: that pairs siblings
    expect(settings.blocking).not.toContainEqual(['family:phonetic', 'age:decade']);
    // nor on a large list, where such blocks grow with the square of its size
    expect(defaultSettings(nordic, { records: 500_000 }).blocking).not.toContainEqual(['given:phonetic', 'age:decade']);
  });
});

describe('an occupation column in the default settings', () => {
  const compared = (header: string[]) => {
    const settings = defaultSettings(header);
    return settings.comparisons.filter((c) => settings.fields.find((f) => f.name === c.field)?.column !== undefined && c.kind === 'text' && c.tf && c.shared).map((c) => settings.fields.find((f) => f.name === c.field)!.column);
  };

  it('compares an occupation weakly, with term frequencies, in the headers of several languages and censuses', () => {
    for (const column of ['occupation', 'Occupation', 'Rank, profession or occupation', 'Profession', 'Род занятий', 'Профессия', 'Peşəsi', 'Մասնագիտություն', 'Yrke', 'Stilling']) {
      expect(compared(['id', 'first_name', 'surname', 'dob', column]), column).toEqual([column]);
    }
    const settings = defaultSettings(['unique_id', 'full_name', 'first_and_surname', 'first_name', 'surname', 'dob', 'birth_place', 'postcode_fake', 'gender', 'occupation']);
    expect(settings.fields).toContainEqual({ name: 'occupation', column: 'occupation', type: 'text' });
    // not a blocking key: relatives share it
    expect(settings.blocking.flat().some((k) => k.startsWith('occupation'))).toBe(false);
  });

  it('leaves lists without one as they were, and takes only the first of two', () => {
    expect(compared(['id', 'name', 'birth_date', 'place'])).toEqual([]);
    expect(compared(['id', 'given', 'surname', 'jobless_since'])).toEqual([]);
    expect(compared(['id', 'given', 'surname', 'occupation', 'occupation 1861'])).toEqual(['occupation']);
  });

  it('finds the household columns of a register in its languages, the father also where he is the patronymic', () => {
    const of = (header: string[]) => householdColumns(header, detectListColumns(header));
    expect(of(['entry', 'source', 'name', 'relation', 'condition', 'age', 'sex', 'where_born', 'occupation', 'event_date', 'father', 'mother'])).toEqual({
      relation: 'relation',
      condition: 'condition',
      occupation: 'occupation',
      father: 'father',
      mother: 'mother',
    });
    expect(of(['record_id', 'first_name', 'surname', 'maiden_name', 'father', 'mother', 'birth_date'])).toEqual({
      father: 'father',
      mother: 'mother',
      maiden: 'maiden_name',
    });
    // Norwegian: "Stilling i familien" is the relation, "Yrke" the occupation (not the other way round)
    expect(of(['id', 'Stilling i familien', 'Yrke', 'Mors navn', 'Sivilstand'])).toEqual({
      relation: 'Stilling i familien',
      occupation: 'Yrke',
      mother: 'Mors navn',
      condition: 'Sivilstand',
    });
    expect(of(['№', 'Отношение к главе семьи', 'Род занятий', 'Мать'])).toEqual({
      relation: 'Отношение к главе семьи',
      occupation: 'Род занятий',
      mother: 'Мать',
    });
    expect(of(['id', 'name', 'birth_date', 'place'])).toEqual({});
    // hostile or oversized headers: a header like any other (the word around a NUL or a path is still read, a
    // tag makes it another header), never an error; what is found is a column of the header as it was written
    const hostile = ['relation\u0000', '\ud800mother', '<script>occupation</script>', '../maiden', 'r'.repeat(10_000), 'mother'.repeat(1000)];
    const found = of(['id', 'name', ...hostile]);
    expect(found).toEqual({ relation: 'relation\u0000', mother: '\ud800mother', maiden: '../maiden' });
    for (const column of Object.values(found)) expect(hostile).toContain(column);
  });

  it('does not take a column that already has a role, nor hostile or oversized headers for one', () => {
    expect(compared(['id', 'given', 'surname', 'occupation', 'occupation place'])).toEqual(['occupation']);
    const hostile = ['occupation\u0000', '\ud800occupation', '<script>occupation</script>', '../occupation', 'o'.repeat(10_000), 'occupation'.repeat(1000)];
    for (const column of hostile) {
      expect(() => defaultSettings(['id', 'given', 'surname', column]), JSON.stringify(column.slice(0, 30))).not.toThrow();
    }
    // a NUL or a tag around the word is a header like any other: the word is still read, never the markup
    const settings = defaultSettings(['id', 'given', 'surname', '<script>alert(1)</script>']);
    expect(settings.fields.map((f) => f.column)).not.toContain('<script>alert(1)</script>');
  });
});
