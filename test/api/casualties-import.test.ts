import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

/**
 * Importing lists as they come: name parts in their own columns, a row without a name, sex codes and dates of the
 * region, the two import modes (all or nothing; the good rows plus a CSV of the others), and hostile or broken
 * files — every name column empty, mixed encodings, three date formats in one column, a Russian header over
 * Azerbaijani data, duplicate ids, NUL bytes and lone surrogates in cells and file names, an oversized body, a file
 * that is not text (gzip), one cut short inside a character, a header without rows.
 */
const b64 = (text: string | Buffer) => (typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64');

describe('casualties API: import modes and bad input', () => {
  let t: TestApp;
  let admin: { headers: Record<string, string> };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(t.admin.username, t.admin.password);
  });
  afterAll(async () => t.close());

  const inject = (method: 'GET' | 'POST', url: string, payload?: unknown) => t.app.inject({ method, url, payload: payload as object, headers: admin.headers });
  const newSource = async (name: string) => (await inject('POST', '/api/casualties/sources', { name })).json().id as string;
  const importInto = (id: string, body: Record<string, unknown>) => inject('POST', `/api/casualties/sources/${id}/import`, body);
  const records = async (id: string) => (await inject('GET', `/api/casualties/sources/${id}/records?limit=500`)).json().records as Array<Record<string, unknown>>;
  const imports = async () => (await t.ctx.db.selectFrom('audit_events').select(['details']).where('action', '=', 'casualties.imported').orderBy('id').execute()).map((r) => r.details as Record<string, unknown>);

  it('imports a Russian list with surname, given name and patronymic in their own columns, and Azerbaijani codes', async () => {
    const ru = await newSource('Список RU');
    const csv = '№,Фамилия,Имя,Отчество,Пол,Дата рождения\n1,Алиев,Рашид,Гасан оглы,М,03.05.1950\n2,Гусейнова,Сабина,,Ж,1961\n3,,,,м,\n';
    const mapping = { source_record_id: '№', family_name: 'Фамилия', given_name: 'Имя', patronymic: 'Отчество', sex: 'Пол', birth_date: 'Дата рождения' };
    const res = await importInto(ru, { csvBase64: b64(csv), mapping, fileName: 'список.csv' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 3, rejected: 0, rejectedCsv: null });
    expect(res.json().warnings.map((w: { code: string }) => w.code)).toEqual(['date_column', 'no_name']);
    expect(res.json().warnings[1]).toMatchObject({ count: 1, lines: [4] });
    const rows = await records(ru);
    expect(rows.map((r) => [r.familyName, r.givenName, r.patronymic, r.names, r.sex, r.birthDate])).toEqual([
      ['Алиев', 'Рашид', 'Гасан оглы', [], 'male', '1950-05-03'],
      ['Гусейнова', 'Сабина', null, [], 'female', '1961'],
      [null, null, null, [], 'male', null],
    ]);
    // the parts are searchable in any script
    const found = (await inject('GET', `/api/casualties/sources/${ru}/records?q=Aliyev`)).json().records;
    expect(found.map((r: { sourceRecordId: string }) => r.sourceRecordId)).toEqual(['1']);
    expect((await imports()).at(-1)).toMatchObject({ fileName: 'список.csv', mode: 'all_or_nothing', rows: 3, rejectedRows: 0 });
  });

  it('imports a list with a Russian header over Azerbaijani Latin data', async () => {
    const id = await newSource('Russian header, Azerbaijani data');
    const csv = '№,ФИО,Пол,Дата рождения,Место\n1,Hüseynova Səbinə Famil qızı,Q,26.02.1961,Xocalı\n2,Həsənov Tofiq,K,1955,Ağdam\n';
    const res = await importInto(id, { csvBase64: b64(csv), mapping: { source_record_id: '№', name: 'ФИО', sex: 'Пол', birth_date: 'Дата рождения', place: 'Место' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await records(id)).map((r) => [r.names, r.sex, r.birthDate, r.place])).toEqual([
      [['Hüseynova Səbinə Famil qızı'], 'female', '1961-02-26', 'Xocalı'],
      [['Həsənov Tofiq'], 'male', '1955', 'Ağdam'],
    ]);
  });

  it('refuses a list with bad rows by default, and imports its good rows with a CSV of the others when asked', async () => {
    const id = await newSource('Partly bad');
    const csv = ['id,name,sex,born', '1,Əli Əliyev,k,26.02.1950', '2,Vəli Vəliyev,z,1951', '2,Duplicate,k,1952', '4,Anna,q,1992-02-30', '5,Rəna,q,31.12.1960'].join('\n');
    const mapping = { source_record_id: 'id', name: 'name', sex: 'sex', birth_date: 'born' };
    const refused = await importInto(id, { csvBase64: b64(csv), mapping });
    expect(refused.statusCode).toBe(400);
    const error = refused.json().error;
    expect(error.code).toBe('import_rejected');
    expect(error.message).toMatch(/3 problem\(s\) in 3 row\(s\); nothing was imported \(2 row\(s\) have none/);
    expect(error.details).toMatchObject({ rejectedRows: 3, goodRows: 2, problemCount: 3 });
    expect(error.details.problems.map((p: { line: number; column: string; code: string }) => [p.line, p.column, p.code])).toEqual([
      [3, 'sex', 'bad_sex'],
      [4, 'id', 'duplicate_record_id'],
      [5, 'born', 'impossible_date'],
    ]);
    expect(error.details.warnings).toContainEqual(expect.objectContaining({ code: 'unreadable_dates', column: 'born', count: 1, lines: [5] }));
    expect(await records(id)).toEqual([]);

    const partial = await importInto(id, { csvBase64: b64(csv), mapping, mode: 'good_rows', fileName: 'partly bad.csv' });
    expect(partial.statusCode, partial.body).toBe(200);
    expect(partial.json()).toMatchObject({ imported: 2, rejected: 3 });
    const rejected = parse(partial.json().rejectedCsv.replace(/^\uFEFF/, '')) as string[][];
    expect(rejected[0]).toEqual(['line', 'column', 'value', 'expected', 'reason', 'id', 'name', 'sex', 'born']);
    expect(rejected.slice(1).map((r) => [r[0], r[1], r[5]])).toEqual([
      ['3', 'sex', '2'],
      ['4', 'id', '2'],
      ['5', 'born', '4'],
    ]);
    expect(rejected[3][4]).toMatch(/impossible date in column "born", line 5/);
    expect((await records(id)).map((r) => r.sourceRecordId)).toEqual(['1', '5']);
    expect((await imports()).at(-1)).toMatchObject({ mode: 'good_rows', rows: 2, rejectedRows: 3, rejectedLines: [3, 4, 5], fileName: 'partly bad.csv' });

    // ids already in the list are rejected rows too when importing the good rows, and refuse the file otherwise
    const again = ['id,name,sex,born', '5,Rəna,q,1960', '6,Nərmin,q,1970'].join('\n');
    const clash = await importInto(id, { csvBase64: b64(again), mapping });
    expect(clash.json().error.details).toMatchObject({ rejectedRows: 1, goodRows: 1 });
    const good = await importInto(id, { csvBase64: b64(again), mapping, mode: 'good_rows' });
    expect(good.json()).toMatchObject({ imported: 1, rejected: 1 });
    expect(good.json().rejectedCsv).toMatch(/already in this source/);
    const none = await importInto(id, { csvBase64: b64(again), mapping, mode: 'good_rows' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toMatchObject({ code: 'import_rejected', details: { goodRows: 0 } });
    expect((await records(id)).map((r) => r.sourceRecordId)).toEqual(['1', '5', '6']);
  });

  it('refuses whole files that cannot be read, even when asked for the good rows', async () => {
    const id = await newSource('Broken files');
    const mapping = { source_record_id: 'id', name: ['name', 'name_ru'], sex: 'sex' };
    const cases: Array<[string, Buffer, string]> = [
      ['every name column empty', Buffer.from('id,name,name_ru,sex\n1,,,m\n2,,-,f\n'), 'no_names'],
      ['mixed encodings', Buffer.concat([Buffer.from('id,name,name_ru,sex\n1,A,Али,m\n'), iconv.encode('2,B,Вали,m\n', 'windows-1251')]), 'mixed_encodings'],
      ['a lone surrogate in a UTF-16 file', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name,name_ru,sex\n1,\uDC00,,m\n', 'utf16le')]), 'bad_characters'],
      ['a mapped column missing', Buffer.from('id,name,sex\n1,A,m\n'), 'missing_column'],
      ['a gzip file', gzipSync('id,name,name_ru,sex\n1,A,,m\n'), 'not_text'],
      ['a file cut short inside a character', Buffer.from('id,name,name_ru,sex\n1,Əliyev,,m\n2,Xocalı,,m').subarray(0, -4), 'cut_short'],
      ['a surrogate written as UTF-8 bytes', Buffer.from([...Buffer.from('id,name,name_ru,sex\n1,A'), 0xed, 0xa0, 0x80, ...Buffer.from(',,m\n')]), 'bad_characters'],
      ['a header without rows', Buffer.from('id,name,name_ru,sex\n'), 'no_rows'],
    ];
    for (const [what, file, code] of cases) {
      for (const mode of ['all_or_nothing', 'good_rows']) {
        const res = await importInto(id, { csvBase64: b64(file), mapping, mode });
        expect(res.statusCode, what).toBe(400);
        expect(res.json().error.details.problems[0].code, what).toBe(code);
        expect(res.json().error.details.goodRows, what).toBe(0);
      }
    }
    expect(await records(id)).toEqual([]);
  });

  it('reads three date formats in one column, and refuses NUL bytes in cells and bad file names', async () => {
    const id = await newSource('Dates and bytes');
    const mapping = { source_record_id: 'id', name: 'name', death_date: 'died' };
    const dates = 'id,name,died\n1,A,26.02.1992\n2,B,1992-02-26\n3,C,27/02/1992\n';
    const ok = await importInto(id, { csvBase64: b64(dates), mapping });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().warnings.map((w: { code: string }) => w.code)).toEqual(['date_column']);
    expect((await records(id)).map((r) => r.deathDate)).toEqual(['1992-02-26', '1992-02-26', '1992-02-27']);

    const nul = await importInto(id, { csvBase64: b64('id,name,died\n9,A\u0000B,1992\n'), mapping });
    expect(nul.json().error.details.problems[0]).toMatchObject({ line: 2, column: 'name', code: 'bad_characters', value: '"A\\u0000B"' });
    // NUL and lone surrogates are refused wherever they are in a request; an overlong name by the schema
    for (const [fileName, code] of [
      ['list\u0000.csv', 'invalid_text'],
      ['list\uD800.csv', 'invalid_text'],
      ['list\u0007.csv', 'invalid_request'],
      ['<script>'.repeat(40), 'invalid_request'],
    ]) {
      const res = await importInto(id, { csvBase64: b64('id,name,died\n9,A,1992\n'), mapping, fileName });
      expect(res.statusCode, fileName).toBe(400);
      expect(res.json().error.code, fileName).toBe(code);
    }
    expect(await records(id)).toHaveLength(3);
  });

  it('refuses an oversized body and an unknown mode or mapping key before reading it', async () => {
    const id = await newSource('Oversized');
    const big = await importInto(id, { csvBase64: 'A'.repeat(41 * 1024 * 1024), mapping: { source_record_id: 'id', name: 'name' } });
    expect(big.statusCode).toBe(413);
    expect((await importInto(id, { csvBase64: 'eA==', mapping: { source_record_id: 'id', name: 'name' }, mode: 'some_rows' })).statusCode).toBe(400);
    expect((await importInto(id, { csvBase64: 'eA==', mapping: { source_record_id: 'id' } })).statusCode).toBe(400);
    expect((await importInto(id, { csvBase64: 'eA==', mapping: { source_record_id: 'id', name: 'n', date_formats: { birth_date: 'yyyy' } } })).statusCode).toBe(400);
    expect(await records(id)).toEqual([]);
  });
});
