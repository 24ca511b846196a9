import { describe, expect, it } from 'vitest';
import { readAge } from '../../casualties/values.ts';
import { detectListColumns } from '../../casualties/columns.ts';
import { detectScript } from '../../names/transliterate.ts';
import { FAMILY_REPORTS_HEADER, generateFamilyReports } from './family-reports.ts';

describe('NGO list from families’ reports', () => {
  const list = generateFamilyReports({ persons: 600, seed: 7 });
  const names = list.rows.map((r) => r[1]);

  it('writes names in Azerbaijani Latin, Russian Cyrillic, Armenian script and English', () => {
    const scripts = new Set(names.map(detectScript));
    expect([...scripts].sort()).toEqual(['armenian', 'cyrillic', 'latin']);
    expect(names.some((n) => /^[A-Za-z ]+$/.test(n) && /yan$/.test(n))).toBe(true);
    expect(names.some((n) => /(oğlu|qızı)$/.test(n))).toBe(true);
    expect(names.some((n) => /(оглы|кызы)$/.test(n))).toBe(true);
    // Armenian civil order with the father's name in the genitive between given and family name
    expect(names.some((n) => /^\p{Script=Armenian}+ \p{Script=Armenian}+ի \p{Script=Armenian}+յան$/u.test(n))).toBe(true);
  });

  it('adds forms of address and Russian short forms as relatives say them', () => {
    expect(names.some((n) => /\b(xanım|müəllim|xala|dayı|nənə|kişi|baba)\b/u.test(n))).toBe(true);
    expect(names.some((n) => /^(тётя|дядя) /.test(n))).toBe(true);
  });

  it('gives ages with the unit words of four languages, all of which the age reader reads', () => {
    const ages = list.rows.map((r) => r[2]).filter((a) => a !== '');
    for (const unit of ['yaş', 'лет', 'y.o.', 'տարեկան']) expect(ages.some((a) => a.includes(unit)), unit).toBe(true);
    const unread = ages.filter((a) => !readAge(a).ok);
    expect(unread).toEqual([]);
  });

  it('keeps the informant in a column that is not taken for a name', () => {
    const mapping = detectListColumns(FAMILY_REPORTS_HEADER);
    expect(mapping.full).toEqual([FAMILY_REPORTS_HEADER[1]]);
    expect(mapping.given).toBeUndefined();
    expect(mapping.age).toBe(FAMILY_REPORTS_HEADER[2]);
  });
});
