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

describe('line numbers in a list with blank lines and a cell over two lines', () => {
  it('name the line a row starts on, as an editor shows it', () => {
    // line 1 header, 2 a row, 3–4 blank, 5–6 a row whose quoted name spans two lines, 7 a row with an impossible date
    const text = 'name,born\nRashid Aliyev,1950\n\n\n"Tofik\nGasanov",1951\nSabina Huseynova,1961-02-30\n';
    const parsed = parseCasualtyCsv(Buffer.from(text), { name: 'name', birth_date: 'born' }, { maxRows: 10 });
    expect(parsed.records.map((r) => r.sourceRecordId)).toEqual(['2', '5']);
    expect(parsed.rejected.map((r) => r.line)).toEqual([7]);
    expect(parsed.rejected[0].problems[0].message).toContain('line 7');
  });
});
