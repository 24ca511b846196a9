import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../../test/shared-data.ts';
import { defaultSettings } from './defaults.ts';
import { pairwiseScores } from './evaluate.ts';
import { linkRecords } from './link.ts';

describe.skipIf(!hasShared('data', 'linkage', 'febrl'))('linkRecords on FEBRL dataset 1', () => {
  it('reaches F1 ≥ 0.97 unsupervised with detected settings', async () => {
    const rows = parse(readFileSync(sharedPath('data', 'linkage', 'febrl', 'dataset1.csv')), { trim: true }) as string[][];
    const [head, ...data] = rows;
    const cols: Record<string, string[]> = {};
    head.forEach((h, k) => (cols[h] = data.map((r) => r[k])));
    const result = await linkRecords({ columns: cols, size: data.length }, { ...defaultSettings(head), uSamplePairs: 100_000 });
    const truth = cols.rec_id.map((id) => id.split('-')[1]);
    const scores = pairwiseScores(result.clusters.person, truth);
    expect(scores.f1).toBeGreaterThanOrEqual(0.97);
  });
});
