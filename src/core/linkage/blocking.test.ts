import { describe, expect, it } from 'vitest';
import { blockPairs } from './blocking.ts';
import { buildFeatures } from './features.ts';
import type { FieldSpec } from './settings.ts';

const fields: FieldSpec[] = [
  { name: 'given', column: 'given', type: 'name' },
  { name: 'family', column: 'family', type: 'name' },
  { name: 'birth', column: 'birth', type: 'date' },
];

function features(rows: Array<[string, string, string]>) {
  const columns = { given: rows.map((r) => r[0]), family: rows.map((r) => r[1]), birth: rows.map((r) => r[2]) };
  return buildFeatures(columns, rows.length, fields);
}

function pairs(outcome: ReturnType<typeof blockPairs>): string[] {
  return Array.from({ length: outcome.count }, (_, p) => `${outcome.left[p]}-${outcome.right[p]}`);
}

describe('blockPairs', () => {
  const rows: Array<[string, string, string]> = [
    ['Əli', 'Məmmədov', '1960-01-02'],
    ['Али', 'Мамедов', '1960-01-02'],
    ['Mamedov', 'Ali', ''],
    ['Leyla', 'Həsənova', '1960-01-02'],
    ['', 'Həsənova', '1971'],
  ];

  it('takes the union of rules and lists each pair once, left < right', () => {
    const { table, values } = features(rows);
    const outcome = blockPairs(table, values, [['given|family:phonetic'], ['birth']], { maxBlockSize: 100 });
    const found = pairs(outcome);
    expect(new Set(found).size).toBe(found.length);
    expect(found.sort()).toEqual(['0-1', '0-2', '0-3', '1-2', '1-3'].sort());
    expect(outcome.pairsPerRule).toEqual([3, 2]);
    for (let p = 0; p < outcome.count; p++) expect(outcome.left[p]).toBeLessThan(outcome.right[p]);
  });

  it('finds swapped name order through the unordered key, and skips records with a missing key part', () => {
    const { table, values } = features(rows);
    const outcome = blockPairs(table, values, [['given|family:phonetic']], { maxBlockSize: 100 });
    expect(pairs(outcome)).toContain('0-2');
    expect(pairs(outcome).some((p) => p.includes('4'))).toBe(false);
  });

  it('skips blocks over the cap with a warning naming the rule', () => {
    const many = Array.from({ length: 50 }, (_, i) => [`Name${i}`, 'Same', '1950'] as [string, string, string]);
    const { table, values } = features(many);
    const outcome = blockPairs(table, values, [['family'], ['given']], { maxBlockSize: 10 });
    expect(outcome.count).toBe(0);
    expect(outcome.warnings[0]).toMatch(/blocking rule 1 \(family\): skipped 1 block\(s\) over 10 records \(50 records, largest 50\)/);
  });

  it('leaves a pair of a skipped block to a later rule that groups it', () => {
    // ten people named Same born 1950 (one block of the family rule, skipped), two of them also of one birth date
    const many = Array.from({ length: 10 }, (_, i) => [`Name${i}`, 'Same', i < 2 ? '1950-03-04' : '1950'] as [string, string, string]);
    const { table, values } = features(many);
    const outcome = blockPairs(table, values, [['family'], ['birth']], { maxBlockSize: 5 });
    expect(pairs(outcome)).toEqual(['0-1']);
    expect(outcome.pairsPerRule).toEqual([0, 1]);
    // and the skipped rule does not claim it for training
    expect(outcome.keys[0][0]).toBe(-1);
  });

  it('purges the largest blocks of all rules down to a budget of candidate pairs, smallest blocks kept', () => {
    // family blocks of 2, 3 and 6 records (1, 3 and 15 pairs); given-name blocks of 2 records
    const families = ['Aliyev', 'Aliyev', 'Babayev', 'Babayev', 'Babayev', 'Cavadov', 'Cavadov', 'Cavadov', 'Cavadov', 'Cavadov', 'Cavadov'];
    const given = ['Anar', 'Bahar', 'Cavid', 'Dilara', 'Elmar', 'Fuad'];
    const rows = families.map((f, i) => [given[Math.floor(i / 2)], f, ''] as [string, string, string]);
    const { table, values } = features(rows);
    const all = blockPairs(table, values, [['family'], ['given']], { maxBlockSize: 100 });
    expect(all.count).toBe(1 + 3 + 15 + 1);
    // a budget of 12 pairs keeps blocks up to 5 records (six of 2 and one of 3 make 9 pairs; the 6-record block would
    // make 24): the given-name pairs inside the purged family block are then the given rule's own
    const purged = blockPairs(table, values, [['family'], ['given']], { maxBlockSize: 100, maxPairs: 12 });
    expect(pairs(purged)).toEqual(['0-1', '2-3', '2-4', '3-4', '4-5', '6-7', '8-9']);
    expect(purged.pairsPerRule).toEqual([4, 3]);
    expect(purged.warnings).toEqual([expect.stringMatching(/rule 1 \(family\): skipped 1 block\(s\) over 5 records \(the budget of 12 candidate pairs\) \(6 records, largest 6\)/)]);
    // a budget below the smallest block keeps nothing, and a budget above the total changes nothing
    expect(blockPairs(table, values, [['family']], { maxBlockSize: 100, maxPairs: 0 }).count).toBe(0);
    expect(pairs(blockPairs(table, values, [['family'], ['given']], { maxBlockSize: 100, maxPairs: 1000 }))).toEqual(pairs(all));
  });

  it('handles an empty input and date transforms', () => {
    const { table, values } = features([]);
    expect(blockPairs(table, values, [['birth:year']], { maxBlockSize: 10 }).count).toBe(0);
    const dated = features([
      ['a', 'b', '1960'],
      ['c', 'd', '1960-05-01'],
      ['e', 'f', '1960-05'],
    ]);
    expect(pairs(blockPairs(dated.table, dated.values, [['birth:year']], { maxBlockSize: 10 }))).toHaveLength(3);
    expect(pairs(blockPairs(dated.table, dated.values, [['birth:yearmonth']], { maxBlockSize: 10 }))).toEqual(['1-2']);
    expect(pairs(blockPairs(dated.table, dated.values, [['birth']], { maxBlockSize: 10 }))).toEqual([]);
    // years of birth only still meet on year-month: they share the year with an unknown month
    const years = features([
      ['a', 'b', '1923'],
      ['c', 'd', '1923'],
      ['e', 'f', '1923-01'],
    ]);
    expect(pairs(blockPairs(years.table, years.values, [['birth:yearmonth']], { maxBlockSize: 10 }))).toEqual(['0-1']);
  });

  it('takes the sound class of the first letter as the initial, so that Həsən and Гасан share it', () => {
    const { table, values } = features([
      ['Həsən', 'Tofiq', '1961-04-12'],
      ['Гасан', 'Тофик', '1961-04-12'],
      ['Cəfər', 'Əliyev', '1961-04-12'],
      ['Джафар', 'Алиев', '1961-04-12'],
      ['Rauf', 'Əliyev', '1961-04-12'],
    ]);
    expect(pairs(blockPairs(table, values, [['birth', 'given|family:initial']], { maxBlockSize: 10 }))).toEqual(['0-1', '2-3']);
  });

  it('blocks the given name with either end word of a family name of several words (first, last)', () => {
    // a Norwegian patronymic beside a farm name, kept or dropped from record to record; and a namesake of another farm
    const { table, values } = features([
      ['Ole', 'Olsen Holm', '1861'],
      ['Ole', 'Holm', ''],
      ['Ole', 'Olsen', ''],
      ['Ole', 'Olsen Bakken', '1850'],
      ['Anne', 'Holm', ''],
    ]);
    expect(pairs(blockPairs(table, values, [['given:phonetic', 'family:last']], { maxBlockSize: 10 }))).toEqual(['0-1']);
    expect(pairs(blockPairs(table, values, [['given:phonetic', 'family:first']], { maxBlockSize: 10 })).sort()).toEqual(['0-2', '0-3', '2-3']);
    // the first rule alone pairs none of them across the farm name
    expect(pairs(blockPairs(table, values, [['given|family:phonetic']], { maxBlockSize: 10 }))).toEqual([]);
  });

  it('blocks an initial alone (abbrev) with the names it may stand for, whatever vowel follows their h, г or к', () => {
    const { table, values } = features([
      ['Гулшан', 'Ширинова', '1964'],
      ['Г.', 'Ширинова', '1964'],
      ['Hüseyn', 'Ширинова', '1964'],
      ['Тофик', 'Ширинова', '1964'],
      ['Т.', 'Ширинова', '1964'],
      ['Рауф', 'Ширинова', '1964'],
    ]);
    expect(pairs(blockPairs(table, values, [['family:phonetic', 'given:abbrev']], { maxBlockSize: 10 }))).toEqual(['0-1', '0-2', '1-2', '3-4']);
    // the finer initial keeps Гулшан (U) apart from Г. (g)
    expect(pairs(blockPairs(table, values, [['family:phonetic', 'given:initial']], { maxBlockSize: 10 }))).toEqual(['0-2', '3-4']);
  });
});
