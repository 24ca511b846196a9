import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it, vi } from 'vitest';
import { generateLists, SYNTHETIC_COLUMNS } from '../../core/linkage/synthetic/generate.ts';
import { runLink } from './link.ts';
import { linkRunner } from '../../../test/link-runner.ts';

const { dir, file, run, failure } = linkRunner('reckon-link-test-');

const { records } = generateLists({ persons: 150, seed: 8 });
const header = SYNTHETIC_COLUMNS.filter((c) => c !== 'true_person');
const goodRows = records.map((r) => header.map((c) => r[c]));

describe('reckon link', () => {
  it('writes every input row with person_id and match_probability, and a JSON summary', async () => {
    const input = file('good.csv', stringify([header, ...goodRows]));
    const out = join(dir, 'persons.csv');
    let printed = "";
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await runLink(input, { out, json: true, saveModel: join(dir, 'model.json'), saveSettings: join(dir, 'settings.json') });
      printed = write.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      write.mockRestore();
    }
    const summary = JSON.parse(printed);
    expect(summary.records).toBe(goodRows.length);
    expect(summary.persons).toBeLessThan(goodRows.length);
    expect(summary.model.comparisons.length).toBeGreaterThan(2);
    const written = parse(readFileSync(out), { columns: true }) as Array<Record<string, string>>;
    expect(written).toHaveLength(goodRows.length);
    expect(written[0].record_id).toBe(goodRows[0][0]);
    expect(written.every((r) => /^P\d+$/.test(r.person_id))).toBe(true);
    expect(written.some((r) => r.match_probability !== '' && Number(r.match_probability) > 0.5)).toBe(true);

    // the saved settings and model reproduce the same persons
    const again = join(dir, 'again.csv');
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await runLink(input, { out: again, settings: join(dir, 'settings.json'), model: join(dir, 'model.json') });
    } finally {
      quiet.mockRestore();
    }
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('reads a whole file in windows-1251', async () => {
    const text = stringify([['id', 'Фамилия', 'Имя', 'Дата рождения'], ['1', 'Алиев', 'Рамиз', '01.02.1950'], ['2', 'Алиев', 'Рамиз', '01.02.1950'], ['3', 'Петросян', 'Арам', '1960']]);
    const input = file('cp1251.csv', iconv.encode(text, 'windows-1251'));
    const out = join(dir, 'cp1251-out.csv');
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await runLink(input, { out });
    } finally {
      quiet.mockRestore();
    }
    const written = parse(readFileSync(out), { columns: true }) as Array<Record<string, string>>;
    expect(written[0]['Фамилия']).toBe('Алиев');
    expect(written[2]['Имя']).toBe('Арам');
    expect(written.every((r) => /^P\d$/.test(r.person_id))).toBe(true);
  });

  it('refuses malformed CSV with the line at fault and writes nothing', async () => {
    const rows = stringify([header, ...goodRows.slice(0, 5)]).split('\n');
    rows.splice(3, 0, 'x,y');
    expect((await failure(file('columns.csv', rows.join('\n')))).message).toMatch(/columns\.csv:line 4: the number of columns differs/);
    expect((await failure(file('quote.csv', `${header.join(',')}\n"a,b,c,d,e,f\n`))).message).toMatch(/quote\.csv:line \d+: a quoted field is never closed/);
    expect((await failure(file('empty.csv', ''))).message).toMatch(/empty/);
    expect((await failure(file('header-only.csv', `${header.join(',')}\n`))).message).toMatch(/no records/);
    expect((await failure(file('dup-header.csv', 'name,name\na,b\n'))).message).toMatch(/column "name" appears twice/);
    expect((await failure(join(dir, 'missing.csv'))).message).toMatch(/does not exist/);
  });

  it('refuses a file that mixes UTF-8 with another encoding, naming the lines', async () => {
    const utf8 = Buffer.from('id,name,birth\n1,Əliyev Ramiz,1950\n');
    const cp = iconv.encode('2,Алиев Рамиз,1950\n', 'windows-1251');
    const error = await failure(file('mixed.csv', Buffer.concat([utf8, cp])));
    expect(error.message).toMatch(/mixed encodings: 1 line\(s\) are UTF-8 but line\(s\) 3 are not/);
  });

  it('refuses files the importer refuses too (not text, cut short, a lone surrogate), naming the line; reads Windows-1254 and UTF-16 without BOM', async () => {
    const { gzipSync } = await import('node:zlib');
    expect((await failure(file('list.csv.gz', gzipSync('id,name\n1,Ramiz\n')))).message).toMatch(/list\.csv\.gz: this is not a CSV text file: it looks like a gzip-compressed file/);
    expect((await failure(file('cut.csv', Buffer.from('id,name\n1,Əliyev\n2,Xocalı').subarray(0, -1)))).message).toMatch(/cut\.csv:line 3: .*cut short/);
    expect((await failure(file('cesu.csv', Buffer.from([...Buffer.from('id,name\n1,A'), 0xed, 0xa0, 0x80, 0x0a])))).message).toMatch(/cesu\.csv:line 2: .*lone UTF-16 surrogate/);
    expect((await failure(file('lone16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\n1,\uDC00\n', 'utf16le')])))).message).toMatch(/lone16\.csv:line 2: .*U\+DC00/);
    const azeri = stringify([['id', 'Soyadı', 'Adı', 'Doğum ili'], ['1', 'Şükürov', 'İlqar', '1952'], ['2', 'Şükürov', 'İlqar', '1952'], ['3', 'Ağayeva', 'Gülşen', '1960']]);
    for (const [name, bytes] of [
      ['cp1254.csv', iconv.encode(azeri, 'windows-1254')],
      ['utf16-nobom.csv', iconv.encode(azeri, 'utf-16le')],
    ] as const) {
      const { written } = await run(file(name, bytes));
      expect(written.map((r) => [r['Soyadı'], r['Adı']]), name).toEqual([
        ['Şükürov', 'İlqar'],
        ['Şükürov', 'İlqar'],
        ['Ağayeva', 'Gülşen'],
      ]);
    }
  });

  it('writes names a spreadsheet would run as formulas as text in persons.csv, numbers as they are', async () => {
    const text = stringify([
      ['id', 'name', 'place', 'age'],
      ['1', "=cmd|' /C calc'!A0", '@SUM(1+1)', '-3'],
      ['2', '+1-2 Ramiz', '-Xocalı', '+4'],
      ['3', 'Tofiq Həsənov', 'Xocalı', '46'],
    ]);
    const { written } = await run(file('formulas.csv', text));
    expect(written.map((r) => [r.name, r.place, r.age])).toEqual([
      ["'=cmd|' /C calc'!A0", "'@SUM(1+1)", '-3'],
      ["'+1-2 Ramiz", "'-Xocalı", '+4'],
      ['Tofiq Həsənov', 'Xocalı', '46'],
    ]);
  });

  it('under --strict refuses rows without names and duplicate or empty ids, with their lines; by default links them and warns', async () => {
    const noName = goodRows.slice(0, 6).map((r) => [...r]);
    noName[2][2] = '  ';
    noName[4][2] = '123';
    const noNameFile = file('noname.csv', stringify([header, ...noName]));
    expect((await failure(noNameFile, { strict: true })).message).toMatch(/no name on line\(s\) 4, 6/);
    const dup = goodRows.slice(0, 6).map((r) => [...r]);
    dup[3][0] = dup[1][0];
    dup[5][0] = '';
    const dupFile = file('dup.csv', stringify([header, ...dup]));
    const message = (await failure(dupFile, { strict: true })).message;
    expect(message).toMatch(/line 5: record_id ".*" already on line 3/);
    expect(message).toMatch(/line 7: empty record_id/);
    const decisions = file('dup-decisions.csv', `left,right,decision\n${dup[0][0]},${dup[2][0]},match\n`);
    expect((await failure(dupFile, { decisions })).message).toMatch(/--decisions needs unique record ids/);

    const { summary, stderr, written } = await run(noNameFile, { json: true });
    expect(written).toHaveLength(6);
    expect(summary.rowsWithoutName).toBe(2);
    expect(summary.warnings.join('\n')).toMatch(/2 row\(s\) have no name \(line\(s\) 4, 6\)/);
    expect(stderr).toMatch(/warning: 2 row\(s\) have no name/);
    const dupRun = await run(dupFile, { json: true });
    expect(dupRun.summary.warnings.join('\n')).toMatch(/2 record id problem\(s\).*line 5: record_id/);
  });

  it('refuses settings that name missing columns, invalid JSON, a bad threshold and bad decisions', async () => {
    const input = file('for-settings.csv', stringify([header, ...goodRows.slice(0, 20)]));
    const settings = file('bad-settings.json', JSON.stringify({ fields: [{ name: 'given', column: 'first_name', type: 'name' }], comparisons: [{ field: 'given', kind: 'name' }], blocking: [['given']] }));
    expect((await failure(input, { settings })).message).toMatch(/settings\.fields\.0\.column: column "first_name" is not in the input/);
    expect((await failure(input, { settings: file('broken.json', '{"fields": [') })).message).toMatch(/not valid JSON/);
    expect((await failure(input, { threshold: '2' })).message).toMatch(/--threshold/);
    const decisions = file('decisions.csv', `left,right,decision\n${goodRows[0][0]},nosuch,match\n`);
    expect((await failure(input, { decisions })).message).toMatch(/decisions\.csv:line 2: no record "nosuch"/);
    const verdict = file('verdict.csv', `left,right,decision\n${goodRows[0][0]},${goodRows[1][0]},maybe\n`);
    expect((await failure(input, { decisions: verdict })).message).toMatch(/match or non-match/);
  });

  it('treats impossible dates as missing, or refuses them with --strict-dates or --strict', async () => {
    const rows = goodRows.slice(0, 10).map((r) => [...r]);
    rows[3][4] = '31.02.1950';
    const input = file('dates.csv', stringify([header, ...rows]));
    expect((await failure(input, { strictDates: true })).message).toMatch(/1 date\(s\) cannot be read: line 5, birth_date "31\.02\.1950": 31 February does not exist/);
    expect((await failure(input, { strict: true })).message).toMatch(/line 5, birth_date/);
    const { stderr, summary } = await run(input, { json: true });
    expect(stderr).toMatch(/line 5, birth_date "31\.02\.1950": 31 February does not exist \(31\.02\) \(expected DD\.MM\.YYYY\)/);
    expect(summary.unreadable).toMatchObject({ dates: 1, sexes: 0, byColumn: { birth_date: 1 } });
    expect(summary.unreadable.values[0]).toEqual({ line: 5, column: 'birth_date', kind: 'date', value: '"31.02.1950"', problem: '31 February does not exist (31.02)', expected: 'DD.MM.YYYY' });
    expect(summary.warnings.join('\n')).toMatch(/1 date\(s\) and 0 sex value\(s\) could not be read/);
  });
});
