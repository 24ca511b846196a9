import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { checkPartialDate, parseCasualtyCsv, type ColumnMapping } from './csv.ts';

const mapping: ColumnMapping = { source_record_id: 'id', name: ['name', 'name_ru'], sex: 'sex', age: 'age', death_date: 'died' };
const limits = { maxRows: 1000 };
const csv = (text: string) => Buffer.from(text, 'utf8');

describe('parseCasualtyCsv', () => {
  it('reads records with several names, keeps the raw row and the line', () => {
    const out = parseCasualtyCsv(csv('id,name,name_ru,sex,age,died\n1,Ali Aliyev,Али Алиев,m,34,1992-02-26\n2,"Smith, Anna",,F,,1992\n'), mapping, limits);
    expect(out.problems).toEqual([]);
    expect(out.encoding).toBe('UTF-8');
    expect(out.records).toHaveLength(2);
    expect(out.records[0]).toMatchObject({ line: 2, sourceRecordId: '1', names: ['Ali Aliyev', 'Али Алиев'], sex: 'male', age: 34, deathDate: '1992-02-26', status: 'unknown' });
    expect(out.records[1]).toMatchObject({ line: 3, names: ['Smith, Anna'], sex: 'female', age: null, deathDate: '1992' });
    expect(out.records[0].raw.name_ru).toBe('Али Алиев');
  });

  it('reads a Windows-1251 file (guessed from enough Cyrillic text)', () => {
    const rows = ['Али Алиев Гасан оглы', 'Мамедова Севиндж Рамиз кызы', 'Гусейнов Эльдар Ибрагим оглы', 'Исмаилова Зарема Али кызы'];
    const text = 'id,name,name_ru,sex,age,died\n' + rows.map((n, i) => `${i + 1},x,${n},m,3,1992`).join('\n') + '\n';
    const out = parseCasualtyCsv(iconv.encode(text, 'windows-1251'), mapping, limits);
    expect(out.problems).toEqual([]);
    expect(out.records[0].names[1]).toBe('Али Алиев Гасан оглы');
  });

  it('reports every bad row with its line and field, and returns no records', () => {
    const text = 'id,name,name_ru,sex,age,died\n1,A,,m,200,1992-02-30\n1,B,,x,,\n3,,,f,,1992-13\n4,<script>alert(1)</script>,,f,,\n';
    const out = parseCasualtyCsv(csv(text), mapping, limits);
    expect(out.records).toEqual([]);
    const found = out.problems.map((p) => [p.line, p.field, p.code]);
    expect(found).toEqual([
      [2, 'age', 'bad_age'],
      [2, 'death_date', 'impossible_date'],
      [3, 'source_record_id', 'duplicate_record_id'],
      [3, 'sex', 'bad_sex'],
      [4, 'name', 'empty_name'],
      [4, 'death_date', 'impossible_date'],
    ]);
  });

  it('keeps hostile strings as text', () => {
    const out = parseCasualtyCsv(csv("id,name,name_ru,sex,age,died\n1,'; drop table casualty_records; --,<script>x</script>,f,,\n"), mapping, limits);
    expect(out.problems).toEqual([]);
    expect(out.records[0].names).toEqual(["'; drop table casualty_records; --", '<script>x</script>']);
  });

  it('locates wrong column counts and bad quoting', () => {
    const wrong = parseCasualtyCsv(csv('id,name,name_ru,sex,age,died\n1,A,,m,3,1992\n2,B,m\n'), mapping, limits);
    expect(wrong.problems).toEqual([expect.objectContaining({ line: 3, code: 'wrong_column_count' })]);
    const quoted = parseCasualtyCsv(csv('id,name,name_ru,sex,age,died\n1,"A,,m,3,1992\n'), mapping, limits);
    expect(quoted.problems[0].code).toBe('bad_quoting');
  });

  it('refuses a file mixing UTF-8 and another encoding, naming the lines', () => {
    const buffer = Buffer.concat([csv('id,name,name_ru,sex,age,died\n1,A,Али,m,3,1992\n'), iconv.encode('2,B,Вали,m,4,1992\n', 'windows-1251')]);
    const out = parseCasualtyCsv(buffer, mapping, limits);
    expect(out.problems).toEqual([expect.objectContaining({ line: 3, code: 'mixed_encodings' })]);
  });

  it('refuses a mapping to columns the file lacks, an empty file, duplicate headers and too many rows', () => {
    const missing = parseCasualtyCsv(csv('id,name\n1,A\n'), mapping, limits);
    expect(missing.problems.map((p) => [p.code, p.field])).toEqual([
      ['missing_column', 'name'],
      ['missing_column', 'sex'],
      ['missing_column', 'age'],
      ['missing_column', 'death_date'],
    ]);
    expect(parseCasualtyCsv(csv(''), mapping, limits).problems[0].code).toBe('empty_file');
    expect(parseCasualtyCsv(csv('id,id,name\n'), { source_record_id: 'id', name: 'name' }, limits).problems[0].code).toBe('duplicate_column');
    const many = 'id,name\n' + Array.from({ length: 5 }, (_, i) => `${i},N${i}`).join('\n');
    expect(parseCasualtyCsv(csv(many), { source_record_id: 'id', name: 'name' }, { maxRows: 4 }).problems[0].code).toBe('too_many_rows');
  });
});

describe('checkPartialDate', () => {
  it('accepts real partial dates and refuses impossible ones', () => {
    expect(['1992', '1992-02', '1992-02-29', '2000-02-29'].map(checkPartialDate)).toEqual(['1992', '1992-02', '1992-02-29', '2000-02-29']);
    expect(['1993-02-29', '1992-00', '1992-04-31', '26.02.1992', '0999', ''].map(checkPartialDate)).toEqual([null, null, null, null, null, null]);
  });
});
