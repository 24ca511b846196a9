import { describe, expect, it } from 'vitest';
import { compileComparison, compareOne } from './compare.ts';
import { defaultSettings } from './defaults.ts';
import { buildFeatures } from './features.ts';
import { linkRecords, MAX_NAME_DISAGREEMENT } from './link.ts';
import { parseSettings, SettingsError } from './settings.ts';

/**
 * Issue 12: lists merged in one file with a column naming each row's list (a list seldom names one person twice),
 * and the bound on how often a true match's personal names may disagree outright (siblings on lists of relatives).
 */
describe('the list a record comes from', () => {
  const header = ['No.', 'Name', 'Age', 'Sex', 'Source'];

  it('is compared when a column names the source, with "different lists" above "same list"', () => {
    const settings = parseSettings(defaultSettings(header), header);
    const field = settings.fields.find((f) => f.column === 'Source');
    expect(field).toMatchObject({ type: 'text' });
    const comparison = settings.comparisons.find((c) => c.field === field!.name)!;
    expect(comparison.kind).toBe('source');
    expect(compileComparison(comparison).levels).toEqual(['null', 'same list', 'different lists']);
    // no source column, no such comparison
    const without = parseSettings(defaultSettings(['No.', 'Name', 'Age']), ['No.', 'Name', 'Age']);
    expect(without.comparisons.some((c) => c.kind === 'source')).toBe(false);
  });

  it('gives the levels by the value, a missing source being null, and survives hostile values', () => {
    const spec = { name: 'src', column: 'Source', type: 'text' as const };
    const values = ['NGO report', 'NGO report', 'Newspaper', '', '\u0000<script>', '../../etc'];
    const { table } = buildFeatures({ Source: values }, values.length, [spec]);
    const c = compileComparison({ field: 'src', kind: 'source' });
    expect(compareOne(table, c, 0, 1)).toBe(1);
    expect(compareOne(table, c, 0, 2)).toBe(2);
    expect(compareOne(table, c, 0, 3)).toBe(0);
    expect(compareOne(table, c, 4, 5)).toBe(2);
  });

  it('is refused on a field that is not text', () => {
    const raw = { fields: [{ name: 'd', column: 'd', type: 'date' }], comparisons: [{ field: 'd', kind: 'source' }], blocking: [['d']] };
    expect(() => parseSettings(raw, ['d'])).toThrow(SettingsError);
  });
});

describe('a personal name that disagrees outright', () => {
  it('is never learnt as common among matches (at most MAX_NAME_DISAGREEMENT of them)', async () => {
    // families: brothers and sisters share family name, father's name and village, and differ in the given name
    const given = ['Əli', 'Vüqar', 'Səbinə', 'Nərmin', 'Tofiq', 'Rauf', 'Aynur', 'Elçin'];
    const families = ['Həsənov', 'Quliyev', 'Məmmədov', 'Əliyev', 'Rzayev', 'Abbasov'];
    const rows: string[][] = [];
    for (let f = 0; f < 60; f++) {
      for (let k = 0; k < 3; k++) {
        const name = `${given[(f + k * 3) % given.length]} ${families[f % families.length]}`;
        const year = String(1950 + (f % 30) + k);
        // each person twice, as two lists would name them
        rows.push([name, year, `v${f}`], [name, year, `v${f}`]);
      }
    }
    const header = ['Full name', 'Year of birth', 'Place'];
    const columns = Object.fromEntries(header.map((h, k) => [h, rows.map((r) => r[k])]));
    const result = await linkRecords({ columns, size: rows.length }, defaultSettings(header));
    for (const name of ['given', 'family']) {
      const c = result.model.comparisons.find((x) => x.name === name)!;
      expect(c.m[1], name).toBeLessThanOrEqual(MAX_NAME_DISAGREEMENT + 1e-9);
      expect(c.m.slice(1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
  });
});

describe('a list with ages and no birth dates', () => {
  const header = ['No.', 'Name', 'Age', 'Sex', 'Place', 'Date of death'];

  it('also blocks one name part with the place, up to 20,000 records', () => {
    const small = parseSettings(defaultSettings(header, { records: 3000 }), header);
    expect(small.blocking).toContainEqual(['family:phonetic', 'place:phonetic']);
    expect(small.blocking).toContainEqual(['given:phonetic', 'place:phonetic']);
    const large = parseSettings(defaultSettings(header, { records: 50_000 }), header);
    expect(large.blocking.some((rule) => rule.includes('place:phonetic') && rule.length === 2)).toBe(false);
    // a list with birth dates keeps the rules it had
    const births = ['No.', 'Name', 'Date of birth', 'Place'];
    expect(parseSettings(defaultSettings(births, { records: 3000 }), births).blocking.some((rule) => rule.includes('place:phonetic') && rule.length === 2)).toBe(false);
  });
});
