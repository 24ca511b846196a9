import { describe, expect, it } from 'vitest';
import { detectListColumns } from '../casualties/columns.ts';
import { defaultSettings } from './defaults.ts';

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
