import { describe, expect, it } from 'vitest';
import { detectScript } from '../../names/transliterate.ts';
import { generateLists } from './generate.ts';

describe('generateLists', () => {
  it('is reproducible from its seed and different across seeds', () => {
    const a = generateLists({ persons: 200, seed: 5 });
    const b = generateLists({ persons: 200, seed: 5 });
    const c = generateLists({ persons: 200, seed: 6 });
    expect(a.records).toEqual(b.records);
    expect(a.records).not.toEqual(c.records);
  });

  it('writes each list in its own script, covering part of the population, with the truth on every record', () => {
    const { persons, records } = generateLists({ persons: 500, seed: 1 });
    const bySource = new Map<string, typeof records>();
    for (const r of records) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
    expect([...bySource.keys()].sort()).toEqual(['az', 'en', 'hy', 'ru']);
    const share = (source: string, script: string) => bySource.get(source)!.filter((r) => detectScript(r.name) === script).length / bySource.get(source)!.length;
    expect(share('ru', 'cyrillic')).toBeGreaterThan(0.99);
    expect(share('hy', 'armenian')).toBeGreaterThan(0.99);
    expect(share('az', 'latin')).toBeGreaterThan(0.99);
    expect(share('en', 'latin')).toBeGreaterThan(0.99);
    expect(records.some((r) => /[əğış]/.test(r.name))).toBe(true);
    for (const [, list] of bySource) expect(new Set(list.map((r) => r.true_person)).size).toBeLessThan(persons.length);
    expect(records.every((r) => /^person-\d+$/.test(r.true_person))).toBe(true);
    expect(new Set(records.map((r) => r.record_id)).size).toBe(records.length);
  });

  it('adds partial and missing dates and fields', () => {
    const { records } = generateLists({ persons: 1000, seed: 2 });
    expect(records.some((r) => r.birth_date === '')).toBe(true);
    expect(records.some((r) => /^\d{4}$/.test(r.birth_date))).toBe(true);
    expect(records.some((r) => r.sex === '')).toBe(true);
    expect(records.some((r) => r.place === '')).toBe(true);
    const noiseless = generateLists({ persons: 300, seed: 2, noise: 0, duplicateRate: 0 }).records;
    expect(noiseless.every((r) => r.birth_date !== '' && r.sex !== '')).toBe(true);
  });
});
