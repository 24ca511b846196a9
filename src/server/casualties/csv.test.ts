import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { badCharacters, checkPartialDate, parseCasualtyCsv, rejectedRowsCsv, sampleCsv, type ColumnMapping } from './csv.ts';

const mapping: ColumnMapping = { source_record_id: 'id', name: ['name', 'name_ru'], sex: 'sex', age: 'age', death_date: 'died' };
const limits = { maxRows: 1000 };
const csv = (text: string) => Buffer.from(text, 'utf8');

describe('parseCasualtyCsv', () => {
  it('keeps what a historical register says of the household, found as `reckon link` finds it; long or missing cells are null', () => {
    const header = 'entry,name,relation,condition,age,occupation,father,mother,maiden_name\n';
    const rows = [
      '1,Ann Macdonald or Wallace,Wife,Mar,40,Domestic Servt,"John Macdonald, Crofter",Ann Ferguson,Macdonald',
      `2,Hugh Campbell,Head,-,69,${'x'.repeat(501)},,,`,
      '3,Neil Stewart,,,30,<script>alert(1)</script>,../../etc/passwd,,',
    ];
    const out = parseCasualtyCsv(csv(header + rows.join('\n') + '\n'), { source_record_id: 'entry', name: 'name', age: 'age' }, limits);
    expect(out.problems).toEqual([]);
    expect(out.records.map((r) => r.household)).toEqual([
      { relation: 'Wife', maritalCondition: 'Mar', occupation: 'Domestic Servt', fatherName: 'John Macdonald, Crofter', motherName: 'Ann Ferguson', maidenName: 'Macdonald' },
      { relation: 'Head', maritalCondition: null, occupation: null, fatherName: null, motherName: null, maidenName: null },
      // kept as text, as every cell is: never markup, never a path
      { relation: null, maritalCondition: null, occupation: '<script>alert(1)</script>', fatherName: '../../etc/passwd', motherName: null, maidenName: null },
    ]);
    // a NUL byte refuses the row, as in any other column
    const nul = parseCasualtyCsv(csv(header + '1,Ann Brown,Wife\u0000,Mar,40,,,,\n'), { source_record_id: 'entry', name: 'name' }, limits);
    expect(nul.records).toEqual([]);
    expect(nul.problems[0].code).toBe('bad_characters');
    // a list without such columns
    expect(parseCasualtyCsv(csv('id,name\n1,Ali Aliyev\n'), { source_record_id: 'id', name: 'name' }, limits).records[0].household).toEqual({
      relation: null,
      maritalCondition: null,
      occupation: null,
      fatherName: null,
      motherName: null,
      maidenName: null,
    });
  });

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
    const text = 'id,name,name_ru,sex,age,died\n' + rows.map((n, i) => `${i + 1},Али,${n},m,3,1992`).join('\n') + '\n';
    const out = parseCasualtyCsv(iconv.encode(text, 'windows-1251'), mapping, limits);
    expect(out.problems).toEqual([]);
    expect(out.records[0].names[1]).toBe('Али Алиев Гасан оглы');
  });

  it('keeps name parts apart, never refuses a row for lacking one name column, and imports a row with no name', () => {
    const parts: ColumnMapping = { source_record_id: '№', family_name: 'Фамилия', given_name: 'Имя', patronymic: 'Отчество', name: 'ФИО', sex: 'Пол' };
    const text = '№,Фамилия,Имя,Отчество,ФИО,Пол\n1,Алиев,Рашид,Гасан оглы,,М\n2,,,,Гусейнова Сабина,Ж\n3,,,,,м\n';
    const out = parseCasualtyCsv(csv(text), parts, limits);
    expect(out.problems).toEqual([]);
    expect(out.records.map((r) => [r.familyName, r.givenName, r.patronymic, r.names, r.sex])).toEqual([
      ['Алиев', 'Рашид', 'Гасан оглы', [], 'male'],
      [null, null, null, ['Гусейнова Сабина'], 'female'],
      [null, null, null, [], 'male'],
    ]);
    expect(out.warnings).toEqual([expect.objectContaining({ code: 'no_name', count: 1, lines: [4] })]);
  });

  it('reads the sex codes, dates and ages of the region, and missing-value words as missing', () => {
    const m: ColumnMapping = { source_record_id: 'id', name: 'ad', sex: 'cins', age: 'yaş', birth_date: 'doğum', death_date: 'ölüm', place: 'yer' };
    const text = 'id,ad,cins,yaş,doğum,ölüm,yer\n1,Səbinə Hüseynova,Q,46 yaş,03.04.1946,26.02.1992,Xocalı\n2,Tofiq Həsənov,K,naməlum,1799,-,?\n3,Famil,ж,около 40,c. 1850,1992-02,Ağdam\n';
    const out = parseCasualtyCsv(csv(text), m, limits);
    expect(out.problems).toEqual([]);
    expect(out.records.map((r) => [r.sex, r.age, r.birthDate, r.deathDate, r.place])).toEqual([
      ['female', 46, '1946-04-03', '1992-02-26', 'Xocalı'],
      ['male', null, '1799', null, null],
      ['female', 40, '1850', '1992-02', 'Ağdam'],
    ]);
  });

  it('reports every bad row with its line, column, value and expectation, and keeps the good rows apart', () => {
    const text = 'id,name,name_ru,sex,age,died\n1,A,,m,200,1992-02-30\n1,B,,z,,\n3,,,f,,1992-13\n4,<script>alert(1)</script>,,f,,\n5,E,,f,,31.12.1991\n';
    const out = parseCasualtyCsv(csv(text), mapping, limits);
    expect(out.fileProblems).toEqual([]);
    expect(out.records.map((r) => r.sourceRecordId)).toEqual(['4', '5']);
    expect(out.rejected.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(out.problems.map((p) => [p.line, p.field, p.column, p.code])).toEqual([
      [2, 'age', 'age', 'bad_age'],
      [2, 'death_date', 'died', 'impossible_date'],
      [3, 'source_record_id', 'id', 'duplicate_record_id'],
      [3, 'sex', 'sex', 'bad_sex'],
      [4, 'death_date', 'died', 'impossible_date'],
    ]);
    const date = out.problems.find((p) => p.line === 2 && p.field === 'death_date')!;
    expect(date).toMatchObject({ value: '"1992-02-30"' });
    expect(date.message).toMatch(/^impossible date in column "died", line 2: /);
    expect(out.problems.find((p) => p.code === 'bad_sex')!.expected).toMatch(/female or male/);
    // the unreadable dates are counted and named
    expect(out.warnings.find((w) => w.code === 'unreadable_dates')).toMatchObject({ column: 'died', count: 2, lines: [2, 4] });
  });

  it('reads a date column written three ways, and in the order the mapping chooses, naming the cells written otherwise', () => {
    const three = 'id,name,name_ru,sex,age,died\n1,A,,m,,26.02.1992\n2,B,,m,,1992-02-26\n3,C,,m,,27/02/1992\n4,D,,m,,1992\n';
    const auto = parseCasualtyCsv(csv(three), mapping, limits);
    expect(auto.problems).toEqual([]);
    expect(auto.records.map((r) => r.deathDate)).toEqual(['1992-02-26', '1992-02-26', '1992-02-27', '1992']);
    expect(auto.warnings.find((w) => w.code === 'date_column')!.message).toMatch(/"died".*written in 2 ways/);
    // day-first and month-first cells in one column: read in the order most cells show, the others named
    const conflicting = 'id,name,name_ru,sex,age,died\n1,A,,m,,26.02.1992\n2,B,,m,,28.02.1992\n3,C,,m,,02/27/1992\n';
    const read = parseCasualtyCsv(csv(conflicting), mapping, limits);
    expect(read.records.map((r) => r.deathDate)).toEqual(['1992-02-26', '1992-02-28']);
    expect(read.problems).toEqual([expect.objectContaining({ line: 4, column: 'died', code: 'wrong_date_format', expected: 'DD.MM.YYYY' })]);
    expect(read.problems[0].message).toBe('wrong date format in column "died", line 4: "02/27/1992" has the month first; expected DD.MM.YYYY');
    const mdy = parseCasualtyCsv(csv(conflicting), { ...mapping, date_formats: { death_date: 'mdy' } }, limits);
    expect(mdy.problems.map((p) => [p.line, p.expected])).toEqual([
      [2, 'MM/DD/YYYY'],
      [3, 'MM/DD/YYYY'],
    ]);
    // an ambiguous column is read day first, with a warning that says so, unless the mapping says otherwise
    const ambiguous = parseCasualtyCsv(csv('id,name,name_ru,sex,age,died\n1,A,,m,,03.04.1992\n'), mapping, limits);
    expect(ambiguous.records[0].deathDate).toBe('1992-04-03');
    expect(ambiguous.warnings[0].message).toMatch(/reads both ways/);
    expect(parseCasualtyCsv(csv('id,name,name_ru,sex,age,died\n1,A,,m,,03.04.1992\n'), { ...mapping, date_formats: { death_date: 'mdy' } }, limits).records[0].deathDate).toBe('1992-03-04');
  });

  it('refuses NUL bytes, control characters and lone surrogates in cells and in the header', () => {
    const out = parseCasualtyCsv(csv('id,name,name_ru,sex,age,died\n1,A\u0000B,,m,,\n2,C,,m,,\n'), mapping, limits);
    expect(out.rejected).toHaveLength(1);
    expect(out.problems[0]).toMatchObject({ line: 2, column: 'name', code: 'bad_characters', value: '"A\\u0000B"' });
    expect(out.records.map((r) => r.sourceRecordId)).toEqual(['2']);
    // a lone surrogate can only come from UTF-16
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name,name_ru,sex,age,died\n1,\uD800x,,m,,\n', 'utf16le')]);
    const lone = parseCasualtyCsv(utf16, mapping, limits);
    expect(lone.fileProblems[0]).toMatchObject({ line: 2, code: 'bad_characters' });
    expect(lone.problems[0].message).toMatch(/lone UTF-16 surrogate \(U\+D800\)/);
    const header = parseCasualtyCsv(csv('id,na\u0001me\n1,A\n'), { source_record_id: 'id', name: 'name' }, limits);
    expect(header.fileProblems[0]).toMatchObject({ line: 1, code: 'bad_characters' });
    expect(badCharacters('Əliyev\tƏli')).toBeNull();
  });

  it('keeps hostile strings as text', () => {
    const out = parseCasualtyCsv(csv("id,name,name_ru,sex,age,died\n1,'; drop table casualty_records; --,<script>x</script>,f,,\n"), mapping, limits);
    expect(out.problems).toEqual([]);
    expect(out.records[0].names).toEqual(["'; drop table casualty_records; --", '<script>x</script>']);
  });

  it('rejects a row with the wrong number of columns, and refuses a file with bad quoting', () => {
    const wrong = parseCasualtyCsv(csv('id,name,name_ru,sex,age,died\n1,A,,m,3,1992\n2,B,m\n'), mapping, limits);
    expect(wrong.problems).toEqual([expect.objectContaining({ line: 3, code: 'wrong_column_count' })]);
    expect(wrong.records).toHaveLength(1);
    const quoted = parseCasualtyCsv(csv('id,name,name_ru,sex,age,died\n1,"A,,m,3,1992\n'), mapping, limits);
    expect(quoted.fileProblems[0].code).toBe('bad_quoting');
  });

  it('refuses a file mixing UTF-8 and another encoding, naming the lines', () => {
    const buffer = Buffer.concat([csv('id,name,name_ru,sex,age,died\n1,A,Али,m,3,1992\n'), iconv.encode('2,B,Вали,m,4,1992\n', 'windows-1251')]);
    const out = parseCasualtyCsv(buffer, mapping, limits);
    expect(out.fileProblems).toEqual([expect.objectContaining({ line: 3, code: 'mixed_encodings' })]);
  });

  it('reads Windows-1254, Latin-1, KOI8-R and BOM-less UTF-16 files with the encoding their words read in', () => {
    const m: ColumnMapping = { source_record_id: 'id', family_name: 'Soyadı', given_name: 'Adı' };
    const azeri = 'id,Soyadı,Adı\n1,Şükürov,İlqar\n2,Ağayeva,Gülşen\n3,Quliyev,Elçin\n';
    for (const [encoding, name] of [
      ['windows-1254', 'windows-1254'],
      ['utf-16le', 'UTF-16LE'],
      ['utf-16be', 'UTF-16BE'],
    ] as const) {
      const out = parseCasualtyCsv(iconv.encode(azeri, encoding), m, limits);
      expect(out.encoding, encoding).toBe(name);
      expect(out.records.map((r) => `${r.familyName} ${r.givenName}`), encoding).toEqual(['Şükürov İlqar', 'Ağayeva Gülşen', 'Quliyev Elçin']);
    }
    const latin = parseCasualtyCsv(iconv.encode('id,name\n1,José Müller\n2,François Çelik\n', 'latin1'), { source_record_id: 'id', name: 'name' }, limits);
    expect([latin.encoding, ...latin.records.flatMap((r) => r.names)]).toEqual(['windows-1252', 'José Müller', 'François Çelik']);
    const koi = parseCasualtyCsv(iconv.encode('id,Фамилия,Имя\n1,Алиев,Рашид\n2,Гасанов,Тофик\n', 'koi8-r'), { source_record_id: 'id', family_name: 'Фамилия', given_name: 'Имя' }, limits);
    expect([koi.encoding, koi.records[1].familyName]).toEqual(['KOI8-R', 'Гасанов']);
  });

  it('refuses files that are not text, were cut short, or hold a surrogate in UTF-8 bytes, naming the line; and a header without rows', () => {
    const m: ColumnMapping = { source_record_id: 'id', name: 'name' };
    const refused = (bytes: Buffer) => parseCasualtyCsv(bytes, m, limits).fileProblems;
    expect(refused(gzipSync('id,name\n1,A\n'))).toEqual([expect.objectContaining({ line: null, code: 'not_text', message: expect.stringMatching(/gzip/) })]);
    expect(refused(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]))[0].message).toMatch(/XLSX/);
    expect(refused(Buffer.from('id,name\n1,Əliyev\n2,Xocalı').subarray(0, -1))).toEqual([expect.objectContaining({ line: 3, code: 'cut_short' })]);
    expect(refused(Buffer.from([...Buffer.from('id,name\n1,A'), 0xed, 0xb0, 0x80, 0x0a, ...Buffer.from('2,B\n')]))).toEqual([expect.objectContaining({ line: 2, code: 'bad_characters' })]);
    // a UTF-16 file cut in the middle of a code unit
    expect(refused(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\n1,A\n', 'utf16le').subarray(0, -1)]))[0].code).toBe('cut_short');
    expect(refused(csv('id,name\n'))).toEqual([expect.objectContaining({ line: 2, code: 'no_rows' })]);
    expect(refused(csv('id,name\r\n\r\n'))[0].code).toBe('no_rows');
    // mixed with Windows-1254 as with Windows-1251
    expect(refused(Buffer.concat([csv('id,name\n1,Əliyev\n'), iconv.encode('2,Şükürov\n', 'windows-1254')]))).toEqual([expect.objectContaining({ line: 3, code: 'mixed_encodings' })]);
    // the sample the CLI detects columns from says the same, instead of failing to find columns
    expect(sampleCsv(gzipSync('id,name\n'))).toMatchObject({ code: 'not_text' });
    expect(sampleCsv(csv('id,name\n1,"A\n'))).toMatchObject({ line: 2, code: 'bad_quoting' });
    expect(sampleCsv(csv(''))).toMatchObject({ code: 'empty_file' });
  });

  it('keeps a quote inside an unquoted value as text, formulas included', () => {
    const out = parseCasualtyCsv(csv('id,name,place\n1,Əliyev "Qara" Rəşid,=HYPERLINK("http://x")\n'), { source_record_id: 'id', name: 'name', place: 'place' }, limits);
    expect(out.problems).toEqual([]);
    expect(out.records[0]).toMatchObject({ names: ['Əliyev "Qara" Rəşid'], place: '=HYPERLINK("http://x")' });
  });

  it('refuses a file whose every name column is empty on every line', () => {
    const out = parseCasualtyCsv(csv('id,name,name_ru,sex,age,died\n1,,,m,,\n2,-,,f,,\n'), mapping, limits);
    expect(out.fileProblems).toEqual([expect.objectContaining({ code: 'no_names', field: 'name' })]);
    expect(out.fileProblems[0].message).toMatch(/"name", "name_ru"/);
    expect(out.records).toEqual([]);
  });

  it('refuses a mapping to columns the file lacks, one without names, an empty file, duplicate headers and too many rows', () => {
    const missing = parseCasualtyCsv(csv('id,name\n1,A\n'), mapping, limits);
    expect(missing.problems.map((p) => [p.code, p.field])).toEqual([
      ['missing_column', 'name'],
      ['missing_column', 'sex'],
      ['missing_column', 'age'],
      ['missing_column', 'death_date'],
    ]);
    expect(parseCasualtyCsv(csv('id,name\n1,A\n'), { source_record_id: 'id' }, limits).fileProblems[0]).toMatchObject({ code: 'mapping_incomplete', field: 'name' });
    expect(parseCasualtyCsv(csv(''), mapping, limits).problems[0].code).toBe('empty_file');
    expect(parseCasualtyCsv(csv('id,id,name\n'), { source_record_id: 'id', name: 'name' }, limits).problems[0].code).toBe('duplicate_column');
    const many = 'id,name\n' + Array.from({ length: 5 }, (_, i) => `${i},N${i}`).join('\n');
    expect(parseCasualtyCsv(csv(many), { source_record_id: 'id', name: 'name' }, { maxRows: 4 }).problems[0].code).toBe('too_many_rows');
  });
});

describe('rejectedRowsCsv', () => {
  it('gives each rejected row with its reasons and its own cells, formulas kept inert', () => {
    const out = parseCasualtyCsv(csv('id,name,name_ru,sex,age,died\n1,"=HYPERLINK(""x"")",,z,,\n2,B,,m,,1992-02-30\n3,C,,m,,\n'), mapping, limits);
    const text = rejectedRowsCsv(out.header, out.rejected);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(text.slice(1)) as string[][];
    expect(rows[0]).toEqual(['line', 'column', 'value', 'expected', 'reason', 'id', 'name', 'name_ru', 'sex', 'age', 'died']);
    expect(rows).toHaveLength(3);
    expect(rows[1].slice(0, 3)).toEqual(['2', 'sex', '"z"']);
    expect(rows[1][6]).toBe('\'=HYPERLINK("x")');
    expect(rows[2][0]).toBe('3');
    expect(rows[2][4]).toMatch(/impossible date in column "died", line 3/);
  });
});

describe('checkPartialDate', () => {
  it('accepts real partial dates in the stored form and refuses others', () => {
    expect(['1992', '1992-02', '1992-02-29', '2000-02-29', '1650-03-01'].map(checkPartialDate)).toEqual(['1992', '1992-02', '1992-02-29', '2000-02-29', '1650-03-01']);
    expect(['1993-02-29', '1992-00', '1992-04-31', '26.02.1992', '0999', ''].map(checkPartialDate)).toEqual([null, null, null, null, null, null]);
  });
});
