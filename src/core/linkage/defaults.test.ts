import { describe, expect, it } from 'vitest';
import { detectListColumns } from '../casualties/columns.ts';
import { BUDGET_PAST, CANDIDATE_PAIRS_PER_RECORD, defaultSettings, detectColumns, MIN_CANDIDATE_PAIRS } from './defaults.ts';
import { parseSettings } from './settings.ts';

describe('defaultSettings with the shared column detection', () => {
  it('takes given and family from the split columns when a list also carries whole-name columns', () => {
    const header = ['id', 'first_name', 'surname', 'full_name', 'first_and_surname', 'middle_name', 'notes', 'status'];
    const settings = parseSettings(defaultSettings(header), header);
    const columnOf = (field: string) => settings.fields.find((f) => f.name === field)?.column;
    expect(columnOf('given')).toBe('first_name');
    expect(columnOf('family')).toBe('surname');
    expect(columnOf('patronymic')).toBe('middle_name');
    // whole names are a per-row fallback of the reader, not fields; notes and status are not compared
    expect(settings.fields.map((f) => f.column)).not.toContain('full_name');
    expect(settings.fields.map((f) => f.column)).not.toContain('first_and_surname');
    expect(settings.fields.map((f) => f.column)).not.toContain('notes');
  });

  it('reads a whole-name column into parts when it is the only name', () => {
    const settings = parseSettings(defaultSettings(['№', 'Ф.И.О.', 'Дата рождения', 'Пол']));
    expect(settings.idColumn).toBe('№');
    expect(settings.fields.filter((f) => f.column === 'Ф.И.О.').map((f) => f.part)).toEqual(['given', 'family', 'patronymic']);
  });

  it('follows a mapping the caller detected with overrides', () => {
    const header = ['a', 'b', 'c'];
    const columns = detectListColumns(header, { overrides: [{ role: 'given', column: 'a' }, { role: 'family', column: 'b' }, { role: 'birth', column: 'c' }] });
    expect(detectColumns(header, columns).roles).toEqual({ a: 'given', b: 'family', c: 'birth' });
    const settings = parseSettings(defaultSettings(header, { columns }), header);
    expect(settings.fields.map((f) => [f.name, f.column])).toEqual([['given', 'a'], ['family', 'b'], ['birth', 'c']]);
    expect(() => defaultSettings(['x', 'y'])).toThrow(/--map role=column/);
  });

});

describe('default blocking of historical registers', () => {
  const header = ['record_id', 'given', 'surname', 'birth_date', 'sex', 'parish'];

  it('blocks the given name with the first and last word of the family name, not past 200,000 records', () => {
    const small = parseSettings(defaultSettings(header, { records: 50_000 }), header);
    expect(small.blocking).toContainEqual(['given:phonetic', 'family:first']);
    expect(small.blocking).toContainEqual(['given:phonetic', 'family:last']);
    const large = defaultSettings(header, { records: 1_000_000 });
    expect(large.blocking.flat().some((part) => /:(first|last)$/.test(part))).toBe(false);
    // and a list with one name part has no such rule
    expect(defaultSettings(['id', 'given', 'birth_date']).blocking.flat().some((part) => /:(first|last)$/.test(part))).toBe(false);
  });
});

describe('default settings of a list past 200,000 records', () => {
  const header = ['ID', 'Full name', 'Date of birth', 'Age', 'Sex', 'Place', 'Date of death'];

  it('sets a budget of candidate pairs and leaves out given name × birth year-month', () => {
    const small = defaultSettings(header, { records: 50_000 });
    const large = defaultSettings(header, { records: 1_000_000 });
    expect(small.maxCandidatePairs).toBe(MIN_CANDIDATE_PAIRS);
    expect(small.blocking).toContainEqual(['given:phonetic', 'birth:yearmonth']);
    expect(large.maxCandidatePairs).toBe(CANDIDATE_PAIRS_PER_RECORD * 1_000_000);
    expect(large.blocking).not.toContainEqual(['given:phonetic', 'birth:yearmonth']);
    expect(parseSettings(large, header).maxCandidatePairs).toBe(12_000_000);
  });

  it('keys the name on the birth year the age gives, and chooses rules by the budget rather than by a row count', () => {
    const rules = (records: number) => defaultSettings(header, { records }).blocking.map((r) => r.join(' & '));
    const finer = [
      'given|family:phonetic & birth:decade',
      'given|family:phonetic & age:year',
      'given|family:phonetic & patronymic:phonetic',
      'family:phonetic & birth:year & given:initial',
      'family:phonetic & birth:year & place:phonetic',
    ];
    // a small list: the rules of old, no budget, no finer rules
    expect(defaultSettings(header, { records: BUDGET_PAST }).maxCandidatePairs).toBeUndefined();
    expect(rules(BUDGET_PAST)).not.toContain('given|family:phonetic & age:year');
    // past BUDGET_PAST and up to 200,000 records: every rule of a small list first, then the finer ones, each a
    // coarse rule with one key part more, so that they find only what the budget purges from the coarse ones
    for (const records of [BUDGET_PAST + 1, 200_000]) {
      const r = rules(records);
      expect(r.slice(-finer.length)).toEqual(finer);
      expect(r).toContain('given|family:phonetic');
      expect(r).toContain('family:phonetic & birth:year');
      expect(defaultSettings(header, { records }).maxCandidatePairs).toBe(Math.max(MIN_CANDIDATE_PAIRS, CANDIDATE_PAIRS_PER_RECORD * records));
    }
    // past 200,000 records the finer rules replace the coarse name and family + year rules, all but the name with
    // the age's birth year (it cost F1 at a million records: docs/bench/linkage.md)
    expect(rules(1_000_000)).toEqual([
      'given|family:phonetic & birth:decade',
      'given|family:phonetic & patronymic:phonetic',
      'birth & given|family:initial',
      'death & given|family:initial',
      'family:phonetic & birth:year & given:initial',
      'family:phonetic & birth:year & place:phonetic',
    ]);
    // a list without an age column has no age rule; without a date, no decade or year rules
    expect(defaultSettings(['ID', 'Full name', 'Date of birth', 'Sex'], { records: 50_000 }).blocking.flat()).not.toContain('age:year');
    const undated = defaultSettings(['ID', 'Full name', 'Age', 'Sex'], { records: 50_000 }).blocking.map((r) => r.join(' & '));
    expect(undated).toContain('given|family:phonetic & age:year');
    expect(undated.some((r) => /birth:|death:/.test(r))).toBe(false);
  });
});
