import { describe, expect, it } from 'vitest';
import { compareRange, compileComparison } from './compare.ts';
import { defaultSettings } from './defaults.ts';
import { buildFeatures } from './features.ts';
import { samplePairs } from './model.ts';
import { ComparePool, comparePairs } from './parallel.ts';
import { parseSettings } from './settings.ts';
import { generateLists, recordsToColumns } from './synthetic/generate.ts';

const small = generateLists({ persons: 300, seed: 11 }).records;
const columns = recordsToColumns(small);
const header = ['record_id', 'source', 'name', 'sex', 'birth_date', 'place'];
const settings = defaultSettings(header);

describe('ComparePool', () => {
  it('gives the same levels on worker threads as on the calling thread', async () => {
    const parsed = parseSettings(settings, header);
    const comparisons = parsed.comparisons.map(compileComparison);
    const { table } = buildFeatures(columns, small.length, parsed.fields);
    const sample = samplePairs(small.length, 30_000, 3);
    const inline = new Uint8Array(sample.count * comparisons.length);
    compareRange(table, comparisons, sample.left, sample.right, 0, sample.count, inline);
    const pool = await ComparePool.create(2);
    expect(ComparePool.lastError).toBe('');
    expect(pool).not.toBeNull();
    try {
      const pooled = await comparePairs(table, comparisons, sample.left, sample.right, sample.count, pool);
      expect(Array.from(pooled)).toEqual(Array.from(inline));
    } finally {
      await pool?.close();
    }
  });

});
