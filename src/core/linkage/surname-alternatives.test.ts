import { describe, expect, it } from 'vitest';
import { normaliseName, parseFullName } from '../names/normalise.ts';
import { blockPairs } from './blocking.ts';
import { defaultSettings } from './defaults.ts';
import { buildFeatures, parseWithAlternatives } from './features.ts';
import { compileComparison } from './compare.ts';
import { trainingExclusions } from './link.ts';
import { parseSettings } from './settings.ts';

/**
 * A married woman under two surnames in one whole name, "Mary Smith or Brown" (the Scottish statutory death
 * registers: maiden surname "or" married surname; National Records of Scotland, "Statutory registers – deaths"):
 * the whole name is parsed with the second surname as an alternative of the family name, the given name with either
 * surname blocks, and the records that give alternatives are left out of EM training (link.ts, trainingExclusions).
 */
describe('a whole name with a second surname after a connector', () => {
  it('is given name and family name with an alternative', () => {
    const parsed = parseWithAlternatives('Mary Smith or Brown');
    expect(parsed.given).toBe(normaliseName('Mary'));
    expect(parsed.family).toBe(`${normaliseName('Smith')} or ${normaliseName('Brown')}`);
    expect(parseWithAlternatives('John Smith alias Brown').family).toBe(`${normaliseName('Smith')} or ${normaliseName('Brown')}`);
    expect(parseWithAlternatives('Agnes McKenzie otherwise McDonald').given).toBe(normaliseName('Agnes'));
  });

  it('is one surname when both spellings normalise alike', () => {
    const parsed = parseWithAlternatives("Margaret McDonald or M'Donald");
    expect(parsed.given).toBe(normaliseName('Margaret'));
    expect(parsed.family).toBe(normaliseName('Macdonald'));
  });

  it('leaves names without a connector between names as the parser reads them', () => {
    for (const name of ['Or Cohen', 'Mary Smith or', 'Smith or Brown', 'Orr Brown', 'Mary Orr', 'Гасанов Тофик Али оглы']) {
      expect(parseWithAlternatives(name)).toEqual(parseFullName(name));
    }
  });

  it('survives hostile and oversized names', () => {
    for (const name of ['a\u0000b or c', '\ud800 Smith or Brown', `${'Mary Smith '.repeat(50)}or Brown`, '<script>x</script> Smith or Brown', 'or or or']) {
      expect(() => parseWithAlternatives(name)).not.toThrow();
    }
    expect(parseWithAlternatives(`${'Mary Smith '.repeat(50)}or Brown`).family).not.toContain(' or ');
  });
});

describe('records of a married woman under her maiden and her married surname', () => {
  // a death register entry and two census entries of one woman, and a girl of another family
  const header = ['entry', 'source', 'name', 'age', 'sex', 'event_date'];
  const rows = [
    ['D1890-1', 'Statutory deaths', 'Agnes McKenzie or McDonald', '69', 'F', '4/4/1890'],
    ['1841-2', 'Census 1841', 'Agnes MacKenzie', '20', 'F', '6/6/1841'],
    ['1871-3', 'Census 1871', 'Agnes Macdonald', '50', 'F', '2/4/1871'],
    ['1871-4', 'Census 1871', 'Mary Fraser', '5', 'F', '2/4/1871'],
  ];
  const settings = parseSettings(defaultSettings(header));
  const columns = Object.fromEntries(header.map((h, k) => [h, rows.map((r) => r[k])]));
  const { table, values } = buildFeatures(columns, rows.length, settings.fields);

  it('become candidate pairs under either surname, and another woman does not', () => {
    const blocked = blockPairs(table, values, settings.blocking, { maxBlockSize: settings.maxBlockSize });
    const pairs = new Set<string>();
    for (let p = 0; p < blocked.count; p++) pairs.add(`${blocked.left[p]}-${blocked.right[p]}`);
    expect(pairs.has('0-1')).toBe(true);
    expect(pairs.has('0-2')).toBe(true);
    expect(pairs.has('0-3')).toBe(false);
  });

  it('leave training only when they give alternatives, and only while they are a small share of the list', () => {
    const comparisons = settings.comparisons.map(compileComparison);
    const list = (names: string[]) => {
      const n = names.length;
      const cols = Object.fromEntries(header.map((h, k) => [h, Array.from({ length: n }, (_, r) => rows[r % rows.length][k])]));
      return buildFeatures({ ...cols, name: names }, n, settings.fields).table;
    };
    const plain = Array.from({ length: 11 }, (_, k) => `Jean Reid${'e'.repeat(k)}`);
    const excluded = trainingExclusions(list(['Agnes McKenzie or McDonald', ...plain]), comparisons);
    expect(excluded && Array.from(excluded)).toEqual([1, ...plain.map(() => 0)]);
    // a list made mostly of such names is one whose convention EM must see
    expect(trainingExclusions(list(['Agnes McKenzie or McDonald', 'Mary Smith or Brown', 'Jean Reid or Ross', 'Agnes Fraser']), comparisons)).toBeNull();
    expect(trainingExclusions(list(plain), comparisons)).toBeNull();
  });
});
