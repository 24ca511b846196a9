import { describe, expect, it } from 'vitest';
import { generateDiasporaSubmission } from './diaspora-submission.ts';
import { generateTracingList } from './tracing-list.ts';
import { russianToFrench, russianToGerman } from './western-transliteration.ts';

const column = (list: { header: string[]; rows: string[][] }, name: string) => {
  const k = list.header.indexOf(name);
  expect(k, `column ${name}`).toBeGreaterThanOrEqual(0);
  return list.rows.map((r) => r[k]);
};

describe('French and German letter values for Russian names', () => {
  it('follows the published tables', () => {
    expect(russianToFrench('Гасанов', false)).toBe('Gassanov');
    expect(russianToFrench('Гусейнова', true)).toBe('Gousseïnova');
    expect(russianToFrench('Джафаров', false)).toBe('Djafarov');
    expect(russianToFrench('Ибрагим', false)).toBe('Ibraguim');
    expect(russianToGerman('Алиев', () => 0.9)).toBe('Alijew');
    expect(russianToGerman('Гусейнова', () => 0.9)).toBe('Gussejnowa');
    expect(russianToGerman('Джафаров', () => 0.9)).toBe('Dschafarow');
    expect(russianToGerman('Ширин', () => 0.9)).toBe('Schirin');
  });
});

describe('tracing list', () => {
  const list = generateTracingList({ persons: 600, seed: 2 });
  it('has the tracing columns: father, mother, place and date last seen, enquirer', () => {
    expect(list.header).toContain("Mother's name");
    expect(column(list, 'Date last seen').some((d) => /^\d{2}\/\d{2}\/\d{4}$/.test(d))).toBe(true);
    expect(column(list, 'Date last seen').some((d) => /^\d{2}\/\d{4}$/.test(d))).toBe(true);
    expect(column(list, 'Age').some((a) => /^approx\. \d+$/.test(a))).toBe(true);
    expect(new Set(column(list, 'Enquirer'))).toContain('mother');
  });
  it('spells most names by French letter values, some in English or Azerbaijani Latin', () => {
    const families = column(list, 'Family name');
    expect(families.some((f) => /ou|dj/.test(f))).toBe(true);
    expect(families.some((f) => /[əığş]/.test(f))).toBe(true);
  });
  it('names the same mother for brothers and sisters', () => {
    const mothers = column(list, "Mother's name").filter((m) => m.includes(' '));
    expect(new Set(mothers).size).toBeLessThan(mothers.length);
  });
});

describe('diaspora submission', () => {
  const list = generateDiasporaSubmission({ persons: 600, seed: 2 });
  it('has a byte-order mark, family names in capitals and month-first dates', () => {
    expect(list.header[0].startsWith('\uFEFF')).toBe(true);
    // the family name in capitals (a whole name typed into the cell keeps its given names in lower case)
    expect(column(list, 'SURNAME').every((s) => s.split(' ')[0] === s.split(' ')[0].toUpperCase())).toBe(true);
    const dates = column(list, 'Date of death (MM/DD/YYYY)').filter((d) => d.includes('/'));
    expect(dates.some((d) => Number(d.split('/')[1]) > 12)).toBe(true);
    expect(dates.every((d) => Number(d.split('/')[0]) <= 12)).toBe(true);
    expect(column(list, 'DOB (MM/DD/YYYY)').some((d) => /^\d{5}$/.test(d))).toBe(true);
  });
  it('carries the artefacts of a spreadsheet export', () => {
    const cells = list.rows.flat();
    expect(cells.some((c) => c.includes('\u00A0'))).toBe(true);
    expect(cells.some((c) => / $/.test(c))).toBe(true);
    expect(column(list, 'SURNAME').some((s) => /[A-Z]/.test(s) && /[\u0400-\u04ff]/.test(s))).toBe(true);
    expect(column(list, 'Submitted by').filter(Boolean)).toHaveLength(3);
  });
  it('spells names by German, French and English letter values', () => {
    const families = column(list, 'SURNAME');
    expect(families.some((f) => /OW$|OWA$/.test(f.trim()))).toBe(true);
    expect(families.some((f) => /DJ|OU/.test(f))).toBe(true);
    expect(families.some((f) => /OV$|OVA$/.test(f.trim()))).toBe(true);
  });
});
