import { describe, expect, it } from 'vitest';
import { engineInput, listSourceColumn, runHeader, runSettings, type RunRecord } from './linkage-input.ts';

/** The server's run input goes through the CLI's value preparation (core/linkage/prepare-values.ts). */

const base: RunRecord = {
  id: 'r1',
  source_id: 's1',
  source_record_id: '1',
  version: 1,
  supersedes: null,
  current: true,
  names: [],
  given_name: 'John',
  family_name: 'Smith',
  patronymic: null,
  sex: 'male',
  age: null,
  birth_date: null,
  death_date: null,
  place: null,
  status: 'unknown',
  type: null,
  cause: null,
  perpetrator_reported: null,
  notes: null,
  line: 2,
  correction_reason: null,
  created_by: null,
  created_at: new Date(0),
  raw_row: {},
};
const record = (over: Partial<RunRecord>): RunRecord => ({ ...base, ...over });
const source = {
  id: 's1',
  column_mapping: {
    source_record_id: 'entry',
    birth_date: 'born',
    death_date: 'died',
    age: 'age',
    place: 'where_born',
    given_name: 'given',
    family_name: 'surname',
  },
};
const settings = runSettings({}, 3, runHeader({ given: true, family: true, patronymic: false, listSource: false }));

describe('engineInput: stored records prepared as `reckon link` prepares a file', () => {
  it('keeps the span of an estimated date from the list cell while it reads to the stored value', () => {
    const input = engineInput(
      [
        record({ id: 'a', birth_date: '1850', raw_row: { born: 'c. 1850' } }),
        record({ id: 'b', birth_date: '1849', raw_row: { born: 'bef. 1849' } }),
        record({ id: 'c', birth_date: '1850', raw_row: { born: 'BET 1849 AND 1851' } }),
        record({ id: 'c2', birth_date: '1849', raw_row: { born: '1849/50' } }),
        // corrected since the import: the stored value wins over the stale cell
        record({ id: 'd', birth_date: '1852', version: 2, raw_row: { born: 'c. 1850' } }),
        record({ id: 'e', birth_date: '1850-03-04', raw_row: {} }),
      ],
      settings,
      [source],
    );
    expect(input.columns.birth_date).toEqual(['abt 1850', 'bef 1849', 'bet 1849 and 1851', 'bet 1849 and 1850', '1852', '1850-03-04']);
  });

  it('reads 1841 census birthplace codes as no place, and keeps places', () => {
    const input = engineInput(
      [
        record({ id: 'a', place: 'Y', raw_row: { where_born: 'Y' } }),
        record({ id: 'b', place: 'Inverness', raw_row: { where_born: 'Inverness' } }),
        record({ id: 'c', place: 'N' }),
      ],
      settings,
      [source],
    );
    expect(input.columns.place).toEqual(['', 'Inverness', '']);
  });

  it('gives an age as the list wrote it while it reads to the stored age, else the stored age', () => {
    const input = engineInput(
      [
        record({ id: 'a', age: 46, raw_row: { age: 'about 46' } }),
        record({ id: 'b', age: 43, raw_row: { age: '40-45' } }),
        record({ id: 'c', age: 50, raw_row: { age: '46' } }),
      ],
      settings,
      [source],
    );
    expect(input.columns.age).toEqual(['about 46', '40-45', '50']);
  });

  it('hostile or missing cells fall back to the stored value; nothing throws', () => {
    const input = engineInput(
      [
        record({ id: 'a', birth_date: '1850', raw_row: { born: '1850\u0000<script>' } }),
        record({ id: 'b', birth_date: '1850', raw_row: { born: '\ud800' } }),
        record({ id: 'c', birth_date: '1850', raw_row: null as never }),
        record({ id: 'd', birth_date: '1850', source_id: 'unknown source' }),
      ],
      settings,
      [source],
    );
    expect(input.columns.birth_date).toEqual(['1850', '1850', '1850', '1850']);
  });

  it('a list of whole names is read by parts of the whole name, as the CLI reads a file with one name column', () => {
    const wholeOnly = runSettings({}, 2, runHeader({ given: false, family: false, patronymic: false, listSource: false }));
    expect(wholeOnly.fields.filter((f) => f.column === 'name').map((f) => f.part)).toEqual(['given', 'family', 'patronymic']);
    const input = engineInput([record({ names: ['Smith, John'], given_name: null, family_name: null })], wholeOnly, []);
    expect(input.columns.name).toEqual(['John Smith']);
  });

  it('a source column of the list is compared as the CLI compares it, told apart by source when a run links several', () => {
    expect(listSourceColumn(['ID', 'Full name', 'Source'])).toBe('Source');
    expect(listSourceColumn(['ID', 'Full name'])).toBeUndefined();
    const withSource = runSettings({}, 3, runHeader({ given: true, family: true, patronymic: false, listSource: true }));
    expect(withSource.comparisons.some((c) => c.kind === 'source')).toBe(true);
    const rows = [
      record({ id: 'a', raw_row: { Source: 'Press' } }),
      record({ id: 'b', source_id: 's2', raw_row: { Source: 'Press' } }),
      record({ id: 'c', raw_row: {} }),
    ];
    const two = engineInput(rows, withSource, [
      { id: 's1', column_mapping: {} },
      { id: 's2', column_mapping: {} },
    ]);
    expect(two.columns.source).toEqual(['0:Press', '1:Press', '']);
  });

  it("a register's household columns reach the engine as the CLI reads them: occupation compared, condition read, maiden name an alternative", () => {
    expect(runHeader({ given: true, family: true, patronymic: false, listSource: false })).not.toContain('occupation');
    const header = runHeader({ given: true, family: true, patronymic: false, listSource: false, occupation: true, condition: true, maiden: true });
    expect(header).toEqual(expect.arrayContaining(['occupation', 'condition', 'maiden_name']));
    const settings = runSettings({}, 3, header);
    expect(settings.comparisons.map((c) => c.field)).toContain('occupation');
    expect(settings.fields.map((f) => f.column)).toContain('condition');
    const input = engineInput(
      [
        record({ id: 'a', family_name: 'Solberg', maiden_name: 'Nilsdatter', occupation: 'Tjenestepike', marital_condition: 'g' }),
        record({ id: 'b', family_name: 'Nilsdatter', occupation: null, marital_condition: null }),
        record({ id: 'c', family_name: 'Lien', maiden_name: 'Lien' }),
      ],
      settings,
      [],
    );
    expect(input.columns.family_name).toEqual(['Solberg or Nilsdatter', 'Nilsdatter', 'Lien']);
    expect(input.columns.occupation).toEqual(['Tjenestepike', '', '']);
    expect(input.columns.condition).toEqual(['g', '', '']);
  });

  it('an empty birth date takes the baptism date from the list row, as the CLI does with the file', () => {
    const settings = runSettings({}, 3, runHeader({ given: true, family: true, patronymic: false, listSource: false }));
    const parish = { id: 's1', column_mapping: { source_record_id: 'id', birth_date: 'birth_date', given_name: 'given', family_name: 'surname' } };
    const input = engineInput(
      [
        record({ id: 'a', birth_date: null, raw_row: { id: '1', birth_date: '', baptism_date: '08.04.1834' } }),
        record({ id: 'b', birth_date: '1834-04-02', raw_row: { id: '2', birth_date: '02.04.1834', baptism_date: '08.04.1834' } }),
        record({ id: 'c', birth_date: null, raw_row: { id: '3', birth_date: '', baptism_date: '\u0000<script>' } }),
      ],
      settings,
      [parish],
    );
    expect(input.columns.birth_date).toEqual(['1834-04-08', '1834-04-02', '']);
    // a list without a baptism column is read as before
    const plain = engineInput([record({ id: 'a', raw_row: { id: '1', birth_date: '' } })], settings, [parish]);
    expect(plain.columns.baptism_date).toBeUndefined();
  });
});
