import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { generateLists } from '../../core/linkage/synthetic/generate.ts';
import { hasShared, sharedPath } from '../../../test/shared-data.ts';
import { linkRunner } from '../../../test/link-runner.ts';

/**
 * `reckon link` with no flags on lists as people keep them: Azerbaijani headers, dates as 26.02.1992, sex as K/Q,
 * split name columns beside a whole-name column, a row with only a whole name and a row with no name at all.
 */
const { dir, file, run, failure } = linkRunner('reckon-link-lists-');

const HEADER = ['Nömrə', 'Soyadı', 'Adı', 'Ata adı', 'Tam adı', 'Doğum tarixi', 'Cinsi', 'Kənd'];
const { records } = generateLists({ persons: 150, seed: 8 });
// the synthetic lists write the family name first, then the given name, then the patronymic
const rows = records.map((r) => {
  const [family = '', given = '', ...rest] = r.name.split(' ');
  return [r.record_id, family, given, rest.join(' '), '', r.birth_date, r.sex === 'M' ? 'K' : r.sex === 'F' ? 'Q' : '', r.place];
});
const truth = records.map((r) => r.true_person);

// a person with two or more records that agree on a full birth date: one of them keeps only its whole name
const byPerson = new Map<string, number[]>();
truth.forEach((t, i) => byPerson.set(t, [...(byPerson.get(t) ?? []), i]));
const group = [...byPerson.values()].find((g) => g.length >= 2 && g.every((i) => /^\d\d\.\d\d\.\d{4}$/.test(rows[i][5]) && rows[i][5] === rows[g[0]][5] && rows[i][1] !== ''))!;
const fullOnly = group[0];
rows[fullOnly][4] = records[fullOnly].name;
rows[fullOnly][1] = rows[fullOnly][2] = rows[fullOnly][3] = '';
// a row with no name at all, one with an impossible date, one with a sex that is no code
const noName = rows.findIndex((_, i) => !group.includes(i) && byPerson.get(truth[i])!.length === 1);
rows[noName][1] = rows[noName][2] = rows[noName][3] = '';
const badDate = rows.findIndex((r, i) => !group.includes(i) && i !== noName && r[5] !== '');
rows[badDate][5] = '31.04.1992';
const badSex = rows.findIndex((r, i) => !group.includes(i) && i !== noName && i !== badDate && r[6] !== '');
rows[badSex][6] = 'zz';
const input = file('az-list.csv', stringify([HEADER, ...rows]));
const readable = rows.filter((_, i) => i !== badDate && i !== badSex);

describe('reckon link on a list nobody prepared for it', () => {
  it('links it with no flags, shows the mapping, and names what it could not read', async () => {
    const { summary, stderr, written } = await run(input, { json: true });
    expect(written).toHaveLength(rows.length);

    const role = (column: string) => summary.mapping.columns.find((c: { column: string }) => c.column === column);
    expect(role('Soyadı')).toMatchObject({ role: 'family', fields: ['family'] });
    expect(role('Adı')).toMatchObject({ role: 'given', fields: ['given'] });
    expect(role('Ata adı')).toMatchObject({ role: 'patronymic', fields: ['patronymic'] });
    expect(role('Tam adı')).toMatchObject({ role: 'full', fallback: true });
    expect(role('Doğum tarixi')).toMatchObject({ role: 'birth', fields: ['birth'] });
    expect(role('Doğum tarixi').reason).toMatch(/header names a birth date/);
    expect(role('Cinsi')).toMatchObject({ role: 'sex' });
    expect(role('Nömrə')).toMatchObject({ role: 'id', fields: ['record id'] });
    expect(summary.mapping.dateFormats['Doğum tarixi']).toMatchObject({ format: 'dmy', chosenBy: 'values' });
    expect(summary.mapping.unused).toEqual([]);

    // K and Q are read as male and female: only the one bad code is unreadable
    expect(summary.unreadable).toMatchObject({ dates: 1, sexes: 1 });
    const lineOf = (row: number) => row + 2;
    expect(summary.unreadable.values).toContainEqual({ line: lineOf(badDate), column: 'Doğum tarixi', kind: 'date', value: '"31.04.1992"', problem: '31 April does not exist (31.04)', expected: 'DD.MM.YYYY' });
    expect(summary.unreadable.values).toContainEqual(expect.objectContaining({ line: lineOf(badSex), column: 'Cinsi', kind: 'sex', value: '"zz"' }));
    expect(summary.warnings.join('\n')).toMatch(/1 date\(s\) and 1 sex value\(s\) could not be read/);
    expect(stderr).toMatch(new RegExp(`line ${lineOf(badDate)}, Doğum tarixi "31\\.04\\.1992": 31 April does not exist`));

    // the row with only a whole name is linked to its person; the row with no name is kept
    expect(summary.namesFromFullName).toBe(1);
    expect(summary.rowsWithoutName).toBe(1);
    const person = written.map((r) => r.person_id);
    expect(group.slice(1).some((i) => person[i] === person[fullOnly])).toBe(true);
    expect(person[noName]).toMatch(/^P\d+$/);
    // the written file keeps the cells as they were
    expect(written[badSex].Cinsi).toBe('zz');
    expect(written[fullOnly]['Tam adı']).toBe(records[fullOnly].name);
  });

  it('prints the mapping on stderr in text mode', async () => {
    const { stderr } = await run(input);
    expect(stderr).toMatch(/columns as detected \(correct with --map role=column\)/);
    expect(stderr).toMatch(/Tam adı\s+whole name → names of rows whose split name columns are empty/);
    expect(stderr).toMatch(/Cinsi\s+sex → cinsi: header names sex or gender/);
    expect(stderr).toMatch(/Kənd\s+place → kend: header names a place/);
  });

  it('shows the columns of a settings file as coming from it, and still reads dates, sexes and whole names', async () => {
    const saved = join(dir, 'saved-settings.json');
    await run(input, { saveSettings: saved });
    const { summary, stderr } = await run(input, { settings: saved, json: true });
    expect(summary.mapping.source).toBe('settings');
    const family = summary.mapping.columns.find((c: { column: string }) => c.column === 'Soyadı');
    expect(family).toMatchObject({ fields: ['family'], reason: `from ${saved}` });
    expect(summary.unreadable).toMatchObject({ dates: 1, sexes: 1 });
    expect(summary.namesFromFullName).toBe(1);
    expect(stderr).not.toMatch(/columns as/);
    const text = await run(input, { settings: saved });
    expect(text.stderr).toMatch(new RegExp(`columns as set in ${saved.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('keeps the old refusals behind --strict', async () => {
    expect((await failure(input, { strict: true })).message).toMatch(new RegExp(`no name on line\\(s\\) ${noName + 2}`));
    expect((await failure(input, { strict: true, allowEmptyNames: true })).message).toMatch(/1 date\(s\) cannot be read/);
  });

  it('follows --date-format and --map, and refuses bad values of them', async () => {
    const mdy = await run(input, { json: true, dateFormat: 'mdy' });
    expect(mdy.summary.unreadable.dates).toBeGreaterThan(10);
    expect(mdy.summary.unreadable.values[0].problem).toMatch(/has the day first; expected MM\/DD\/YYYY/);
    expect(mdy.summary.mapping.dateFormats['Doğum tarixi']).toMatchObject({ format: 'mdy', chosenBy: 'option' });

    const mapped = await run(input, { json: true, map: ['given=Soyadı', 'family=Adı', 'ignore=Kənd'] });
    const role = (column: string) => mapped.summary.mapping.columns.find((c: { column: string }) => c.column === column);
    expect(role('Soyadı')).toMatchObject({ role: 'given', reason: 'set by the user as the given name' });
    expect(role('Adı')).toMatchObject({ role: 'family' });
    expect(role('Kənd')).toMatchObject({ role: null, reason: 'left unused by the user' });
    expect(mapped.summary.mapping.unused).toContain('Kənd');

    expect((await failure(input, { map: ['given=Nope'] })).message).toMatch(/--map: no column "Nope" in the header/);
    expect((await failure(input, { map: ['nickname=Adı'] })).message).toMatch(/--map: "nickname" is not a role/);
    expect((await failure(input, { dateFormat: 'ydm' })).message).toMatch(/--date-format must be one of dmy, mdy, ymd, auto/);
  });

  it('reads a Russian header over Azerbaijani data, and refuses only a file with nothing to compare', async () => {
    const ru = file('ru-header.csv', stringify([['ID', 'Фамилия', 'Имя', 'Дата рождения', 'Пол'], ...readable.slice(0, 60).map((r) => [r[0], r[1], r[2], r[5], r[6]])]));
    const { summary } = await run(ru, { json: true });
    expect(summary.settings.fields.map((f: { column: string }) => f.column)).toEqual(['Имя', 'Фамилия', 'Дата рождения', 'Пол']);
    expect(summary.unreadable.sexes).toBe(0);
    const nothing = file('nothing.csv', 'a,b\n1,2\n3,4\n');
    expect((await failure(nothing)).message).toMatch(/no name, date or place columns recognised.*--map role=column/);
  });

  it('reads a date column written three ways, and says so', async () => {
    const three = readable.slice(0, 60).map((r, i) => {
      const m = /^(\d\d)\.(\d\d)\.(\d{4})$/.exec(r[5]);
      const date = !m ? r[5] : i % 3 === 0 ? r[5] : i % 3 === 1 ? `${m[3]}-${m[2]}-${m[1]}` : `${m[3]}${m[2]}${m[1]}`;
      return [r[0], r[1], r[2], r[3], r[4], date, r[6], r[7]];
    });
    const { summary } = await run(file('three-formats.csv', stringify([HEADER, ...three])), { json: true });
    expect(summary.unreadable.dates).toBe(0);
    expect(summary.mapping.dateFormats['Doğum tarixi'].note).toMatch(/dates are written in 3 ways/);
    expect(summary.mapping.columns.find((c: { column: string }) => c.column === 'Doğum tarixi').reason).toMatch(/dates are written in 3 ways/);
    expect(summary.warnings.join('\n')).not.toMatch(/Doğum tarixi:/);
    // a column whose every day-month date reads both ways is a guess, and says so
    const ambiguous = three.map((r, i) => [...r.slice(0, 5), i % 2 === 0 ? '01.02.1990' : '03.04.1991', ...r.slice(6)]);
    const guessed = await run(file('ambiguous.csv', stringify([HEADER, ...ambiguous])), { json: true });
    expect(guessed.summary.warnings.join('\n')).toMatch(/Doğum tarixi: every day-month date reads both ways .*; choose with --date-format/);
  });

  it('links a file whose name columns are all empty on its other fields, and says how many rows have no name', async () => {
    const nameless = readable.slice(0, 50).map((r) => [r[0], '', '', '', '', r[5], r[6], r[7]]);
    const { summary, written } = await run(file('nameless.csv', stringify([HEADER, ...nameless])), { json: true });
    expect(written).toHaveLength(50);
    expect(summary.rowsWithoutName).toBe(50);
    expect(summary.warnings.join('\n')).toMatch(/50 row\(s\) have no name \(line\(s\) 2, 3, 4/);
  });

  it('survives hostile cells: NUL, lone surrogates, 10,000-character values, script', async () => {
    const hostile = readable.slice(0, 40).map((r) => [...r]);
    hostile[1][5] = '\u0000';
    hostile[2][5] = '\uD800';
    hostile[3][5] = '9'.repeat(10_000);
    hostile[4][1] = '<script>alert(1)</script>';
    hostile[5][6] = 'x'.repeat(10_000);
    const { summary } = await run(file('hostile.csv', stringify([HEADER, ...hostile])), { json: true });
    expect(summary.unreadable.dates).toBe(3);
    expect(summary.unreadable.sexes).toBe(1);
    const values = summary.unreadable.values.map((v: { value: string }) => v.value);
    expect(values).toContain('"\\u0000"');
    expect(values.every((v: string) => v.length <= 44)).toBe(true);
  });
});

describe.skipIf(!hasShared('data', 'linkage'))('reckon link with no flags on the reference data sets', () => {
  it('reads FEBRL 3 (rows without a given or family name, impossible dates) and Splink fake_1000 (rows without a name)', async () => {
    const febrl = await run(sharedPath('data', 'linkage', 'febrl', 'dataset3.csv'), { json: true });
    expect(febrl.written).toHaveLength(febrl.summary.records);
    expect(febrl.summary.mapping.unused).toEqual(['state']);
    expect(febrl.summary.unreadable.dates).toBeGreaterThan(0);
    expect(febrl.summary.unreadable.values[0].expected).toBe('YYYYMMDD');
    const fake = await run(sharedPath('data', 'linkage', 'splink', 'fake_1000.csv'), { json: true });
    expect(fake.summary.mapping.unused).toEqual(['cluster']);
    expect(fake.summary.rowsWithoutName).toBeGreaterThan(0);
    expect(new Set(fake.written.map((r) => r.person_id)).size).toBeLessThan(fake.written.length);
  }, 120_000);
});
