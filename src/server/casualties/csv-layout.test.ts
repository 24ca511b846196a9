import { describe, expect, it } from 'vitest';
import { parseCasualtyCsv, sampleCsv } from './csv.ts';

describe('a list saved with semicolons', () => {
  it('splits a spreadsheet-saved Russian register (semicolons, byte-order mark) into its columns on import', () => {
    const text = '\uFEFF№;Фамилия;Имя;Дата рождения\n1;Алиев;Рашид;20.11.1955\n2;"Гасанов; Тофик";Тофик;02.07.1948\n';
    const parsed = parseCasualtyCsv(
      Buffer.from(text),
      { source_record_id: '№', family_name: 'Фамилия', given_name: 'Имя', birth_date: 'Дата рождения' },
      { maxRows: 10 },
    );
    expect(parsed.fileProblems).toEqual([]);
    expect(parsed.header).toEqual(['№', 'Фамилия', 'Имя', 'Дата рождения']);
    expect(parsed.records.map((r) => [r.sourceRecordId, r.familyName, r.givenName, r.birthDate])).toEqual([
      ['1', 'Алиев', 'Рашид', '1955-11-20'],
      ['2', 'Гасанов; Тофик', 'Тофик', '1948-07-02'],
    ]);
    const sample = sampleCsv(Buffer.from(text));
    expect('header' in sample && sample.header).toEqual(['№', 'Фамилия', 'Имя', 'Дата рождения']);
  });
});

describe('a list without a record-id column', () => {
  it('is imported with each row known by its line number, and a warning that says so', () => {
    const text = 'Name,Age\nRashid Aliyev,36\nTofik Gasanov,43\n';
    const parsed = parseCasualtyCsv(Buffer.from(text), { name: 'Name', age: 'Age' }, { maxRows: 10 });
    expect(parsed.fileProblems).toEqual([]);
    expect(parsed.records.map((r) => [r.sourceRecordId, r.names[0], r.age])).toEqual([
      ['2', 'Rashid Aliyev', 36],
      ['3', 'Tofik Gasanov', 43],
    ]);
    expect(parsed.warnings.map((w) => w.code)).toContain('line_numbers_as_ids');
  });

  it('still needs a column holding a name or a part of one', () => {
    const parsed = parseCasualtyCsv(Buffer.from('Age\n36\n'), { age: 'Age' }, { maxRows: 10 });
    expect(parsed.records).toEqual([]);
    expect(parsed.fileProblems.map((p) => p.code)).toEqual(['mapping_incomplete']);
  });
});
