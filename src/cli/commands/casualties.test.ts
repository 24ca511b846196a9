import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_MAPPING, publicationProblems, threeLists } from '../../../test/api/casualties-fixtures.ts';
import { runCli, shareInstancesInThisFile } from '../../../test/cli.ts';
import { configFrom } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { cli } from './casualties-common.ts';

const work = mkdtempSync(join(tmpdir(), 'reckon-casualties-cli-'));
const data = ['--data-dir', join(work, 'data')];
afterAll(() => rmSync(work, { recursive: true, force: true }));
// opening the embedded database for each of the file's some 45 commands cost most of its CPU time
shareInstancesInThisFile();
afterEach(() => {
  process.exitCode = undefined;
});

const file = (name: string, content: string | Buffer) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};
const lists = threeLists(40, 5);
const mapping = file('mapping.json', JSON.stringify(FIXTURE_MAPPING));

describe('reckon casualties', () => {
  it('imports lists all or nothing, naming the line and field of each problem', async () => {
    const az = file('az.csv', lists.csv.az);
    const missing = await runCli(['casualties', 'import', 'List az', az, '--mapping', mapping, ...data]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no casualty source "List az".*--create/);

    const bad = file('bad.csv', 'id,name,sex,born,died,place\n1,Əliyev Əli,m,1950,1992-02-26,Xocalı\n2,,m,1951-02-30,1992,Xocalı\n');
    const rejected = await runCli(['casualties', 'import', 'Bad list', bad, '--mapping', mapping, '--create', ...data]);
    expect(rejected.code).toBe(1);
    // a row without a name is no problem; an impossible date is, named by line, column and value
    expect(rejected.err).not.toContain(`${bad}:3 [name]`);
    expect(rejected.err).toContain(`${bad}:3 [birth_date]: impossible date in column "born", line 3:`);
    expect(rejected.err).toMatch(/nothing was imported; to import the 1 good row\(s\) and write the 1 others .* --good-rows --rejected/);
    expect((await runCli(['casualties', 'import', 'Bad list', bad, '--mapping', mapping, '--good-rows', ...data])).code).toBe(2);
    const ragged = await runCli(['casualties', 'import', 'Bad list', file('ragged.csv', 'id,name,sex,born,died,place\n3,x,m\n'), '--mapping', mapping, '--create', ...data]);
    expect(ragged.err).toMatch(/ragged\.csv:2.*wrong_column_count/);
    // a rejected file registers no source and leaves no file behind
    const rejectedOut = join(work, 'rejected.csv');
    expect((await runCli(['casualties', 'link', '--sources', 'Bad list', ...data])).err).toMatch(/no casualty source "Bad list"/);
    const noNames = await runCli(['casualties', 'import', 'Bad list', file('nonames.csv', 'id,name,sex,born,died,place\n1,,m,1950,1992,X\n'), '--mapping', mapping, '--create', '--good-rows', '--rejected', rejectedOut, ...data]);
    expect(noNames.err).toMatch(/no_names/);
    expect(existsSync(rejectedOut)).toBe(false);
    // the good rows, when asked, with the others written beside them
    const partial = await runCli(['casualties', 'import', 'Partly bad list', bad, '--mapping', mapping, '--create', '--good-rows', '--rejected', rejectedOut, '--json', ...data]);
    expect(partial.code, partial.err).toBe(0);
    expect(JSON.parse(partial.out)).toMatchObject({ imported: 1, rejected: 1, rejectedFile: rejectedOut });
    const rejectedRows = readFileSync(rejectedOut, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(rejectedRows[0]).toBe('line,column,value,expected,reason,id,name,sex,born,died,place');
    expect(rejectedRows[1]).toMatch(/^3,born,/);
    // an existing file is never overwritten
    expect((await runCli(['casualties', 'import', 'Partly bad list', bad, '--mapping', mapping, '--good-rows', '--rejected', rejectedOut, ...data])).err).toMatch(/the file exists/);
    // a mapping with no name column is a usage error (a record id is optional: rows without one are numbered by line)
    const noNameMapping = await runCli(['casualties', 'import', 'Bad list', bad, '--mapping', file('m.json', '{"sex":"sex"}'), ...data]);
    expect(noNameMapping.code).toBe(2);
    expect(noNameMapping.err).toMatch(/name: map at least one column holding a name/);

    // without a mapping, the columns are detected from the header (any of the four languages) and shown with reasons
    const parts = file('ru-parts.csv', '№,Фамилия,Имя,Отчество,Пол,Дата рождения\n1,Алиев,Рашид,Гасан оглы,М,03.05.1950\n2,Гусейнова,Сабина,,Ж,26.02.1961\n');
    const detected = await runCli(['casualties', 'import', 'Список по частям', parts, '--create', ...data]);
    expect(detected.code, detected.err).toBe(0);
    expect(detected.err).toMatch(/Фамилия → family: /);
    expect(detected.err).toMatch(/Отчество → patronymic: /);
    expect(detected.out).toMatch(/imported 2 record\(s\)/);
    // a file that cannot be read says why, with its line, instead of "no column holding the record id was recognised"
    const mixedBytes = Buffer.concat([Buffer.from('№,Фамилия,Имя\n1,Алиев,Рашид\n'), Buffer.from([0x32, 0x2c, 0xc3, 0xe0, 0xf1, 0xe0, 0xed, 0xee, 0xe2, 0x2c, 0xd2, 0xee, 0xf4, 0xe8, 0xea, 0x0a])]);
    for (const [name, content, expected] of [
      ['mixed.csv', mixedBytes, /mixed\.csv:3: 2 line\(s\) are UTF-8 but line\(s\) 3 are not.*\(mixed_encodings\)/],
      ['list.csv.gz', (await import('node:zlib')).gzipSync('id,name\n1,A\n'), /list\.csv\.gz: this is not a CSV text file: it looks like a gzip-compressed file.*\(not_text\)/],
      ['empty.csv', '', /empty\.csv:1: the file is empty/],
      ['header.csv', 'id,name\n', /header\.csv:2: the file has a header line but no rows after it \(no_rows\)/],
      ['open-quote.csv', 'id,name\n1,"Əliyev\n', /open-quote\.csv:2: a quoted value is never closed/],
    ] as const) {
      const refused = await runCli(['casualties', 'import', `Unreadable ${name}`, file(name, content as string), '--create', ...data]);
      expect(refused.code, name).toBe(1);
      expect(refused.err, name).toMatch(expected);
      expect(refused.err, name).not.toMatch(/no column holding the record id/);
    }

    for (const name of ['az', 'ru', 'hy']) {
      const result = await runCli(['casualties', 'import', `List ${name}`, file(`${name}.csv`, lists.csv[name]), '--mapping', mapping, '--create', '--json', ...data]);
      expect(result.code, result.err).toBe(0);
      expect(JSON.parse(result.out).imported).toBe(lists.csv[name].trim().split('\n').length - 1);
    }
    // the saved mapping is used when none is given; the same ids again are refused
    const again = await runCli(['casualties', 'import', 'list AZ', az, ...data]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/az\.csv:2 \[source_record_id\].*duplicate_record_id/);
  }, 300_000);

  it('links, prints statistics and exports the uncertain pairs', async () => {
    expect((await runCli(['casualties', 'link', '--sources', 'List az,nope', ...data])).code).toBe(2);
    expect((await runCli(['casualties', 'link', '--threshold', '2', ...data])).code).toBe(2);
    const linked = await runCli(['casualties', 'link', '--sources', 'List az,List ru,List hy', '--json', ...data]);
    expect(linked.code, linked.err).toBe(0);
    const run = JSON.parse(linked.out);
    expect(run).toMatchObject({ state: 'done', progress: 1 });
    expect(run.counts.records).toBe(lists.truth.size);
    expect(run.sources.map((s: { name: string }) => s.name)).toEqual(['List az', 'List ru', 'List hy']);

    const json = await runCli(['casualties', 'stats', run.id, '--json', ...data]);
    expect(json.code).toBe(0);
    const stats = JSON.parse(json.out);
    expect(stats.overlaps.reduce((s: number, o: { persons: number }) => s + o.persons, 0)).toBe(run.counts.persons);
    expect(stats.disagreements.examples).not.toBeNull();
    const text = await runCli(['casualties', 'stats', 'latest', ...data]);
    expect(text.out).toContain(`linkage run ${run.id}: ${lists.truth.size} records, ${run.counts.persons} persons`);
    expect(text.out).toMatch(/Overlaps[\s\S]*List az \+ List ru \+ List hy\s+\d+/);
    expect(text.out).toMatch(/Month of death[\s\S]*2010-03/);
    expect((await runCli(['casualties', 'stats', 'x; drop table', ...data])).code).toBe(2);
    // the operator sees exact figures; --min-cell gives the view to publish, as viewers of the web app see it
    expect(stats.suppression).toEqual({ minCell: 0, hidden: 0 });
    const published = JSON.parse((await runCli(['casualties', 'stats', run.id, '--min-cell', '3', '--json', ...data])).out);
    expect(published.suppression.minCell).toBe(3);
    expect(published.disagreements.examples).toBeNull();
    expect(publicationProblems(published, 3)).toEqual([]);
    expect(published.totals.persons).toBe(stats.totals.persons);
    const publishedText = await runCli(['casualties', 'stats', run.id, '--min-cell', '3', ...data]);
    expect(publishedText.out).toMatch(/Published view: counts of 1 to 2 persons/);
    if (published.suppression.hidden > 0) expect(publishedText.out).toContain('<3*');
    expect((await runCli(['casualties', 'stats', run.id, '--min-cell', 'x', ...data])).code).toBe(2);

    const out = join(work, 'pairs.csv');
    const exported = await runCli(['casualties', 'review-export', run.id, '--out', out, '--min', '0', '--max', '1', ...data]);
    expect(exported.code, exported.err).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('record_a,record_b,source_a,source_b,list_id_a,list_id_b,name_a,name_b,probability,match_weight,differences,decision,why');
    expect(rows.length - 1).toBe(run.counts.pairsStored);
    expect(exported.out).toContain(`${run.counts.pairsStored} pair(s)`);
    expect((await runCli(['casualties', 'review-export', run.id, '--out', out, '--min', '0.9', '--max', '0.2', ...data])).code).toBe(2);
  }, 300_000);

  it('cancels a queued run at once, and refuses to cancel a finished one', async () => {
    const queued = await withInstance(configFrom({ dataDir: data[1] }), async ({ ctx }) => {
      const source = (await ctx.casualties.listSources(cli)).find((s) => s.name === 'List az')!;
      return (await ctx.casualties.runs.create(cli, { sourceIds: [source.id] })).id;
    });
    const cancelled = await runCli(['casualties', 'cancel', queued, '--json', ...data]);
    expect(cancelled.code, cancelled.err).toBe(0);
    expect(JSON.parse(cancelled.out)).toMatchObject({ id: queued, state: 'cancelled', cancelledBy: null });
    const again = await runCli(['casualties', 'cancel', queued, ...data]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/only a queued or running run can be cancelled \(run_finished\)/);
    expect((await runCli(['casualties', 'cancel', 'latest', ...data])).code).toBe(2);
  }, 300_000);

  it('feeds the capture histories of the latest run to reckon estimate --from-casualties', async () => {
    const stats = JSON.parse((await runCli(['casualties', 'stats', 'latest', '--json', ...data])).out);
    const estimate = await runCli(['estimate', '--from-casualties', '--run', stats.runId, '--method', 'loglinear', '--json', ...data]);
    expect(estimate.code, estimate.err).toBe(0);
    const result = JSON.parse(estimate.out);
    expect(result.table).toBe(`linkage run ${stats.runId}`);
    expect(result.documented).toBe(stats.totals.persons);
    expect(result.lists).toEqual(['List az', 'List ru', 'List hy']);
    expect(result.total[0].estimate).toBeGreaterThanOrEqual(stats.totals.persons);
    // by sex: the strata add up to the persons (small strata may get no estimate, with a warning, never a silent number)
    const bySex = JSON.parse((await runCli(['estimate', '--from-casualties', '--method', 'loglinear', '--strata', 'sex', '--json', ...data])).out);
    expect(bySex.strataColumns).toEqual(['sex']);
    expect(bySex.strata.reduce((s: number, x: { documented: number }) => s + x.documented, 0)).toBe(stats.totals.persons);
    const badStrata = await runCli(['estimate', '--from-casualties', '--strata', 'shoe_size', ...data]);
    expect(badStrata.code).toBe(1);
    expect(badStrata.err).toMatch(/cannot stratify casualty records by shoe_size/);
  }, 300_000);
});

// `reckon missing` shares the casualty reader and the file limits (its work loads only when a command runs)
describe('reckon missing', () => {
  it('imports a list of the missing and lists it, refusing a file it cannot read before opening the database', async () => {
    const none = await runCli(['missing', 'import', 'Missing list', join(work, 'nope.csv'), '--create', ...data]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/cannot read .*nope\.csv: no such file/);
    const folder = await runCli(['missing', 'import', 'Missing list', work, '--create', ...data]);
    expect(folder.code).toBe(2);
    expect(folder.err).toMatch(/reckon-casualties-cli-\w+ is not a file/);

    const csv = file('missing.csv', 'id,name,sex,born,place,Статус,Дата статуса\n1,Tural Rzayev,m,1970,Xocalı,пропал без вести,1992-02-26\n2,Samira Ismayilova,f,1965,Xocalı,girov,1992-03\n');
    const imported = await runCli(['missing', 'import', 'Missing list', csv, '--create', '--json', ...data]);
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({ source: { name: 'Missing list' }, imported: 2, statuses: 2 });
    const listed = await runCli(['missing', 'list', '--status', 'hostage', '--json', ...data]);
    expect(listed.code, listed.err).toBe(0);
    expect(JSON.parse(listed.out)).toMatchObject({ total: 1, persons: [{ names: ['Samira Ismayilova'] }] });
    const wrong = await runCli(['missing', 'list', '--status', 'gone<script>', ...data]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/--status must be one of missing/);
  });
});
