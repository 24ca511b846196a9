import { describe, expect, it } from 'vitest';
import { csvField, drawsCsv, reportDrawSeries } from './draws-csv.ts';
import { estimatePopulation } from './estimate.ts';
import { parseCaptureTable } from './table.ts';

const STRATIFIED = 'A,B,C,sex,count\n1,0,0,f,30\n0,1,0,f,25\n0,0,1,f,28\n1,1,0,f,10\n1,0,1,f,9\n0,1,1,f,8\n1,1,1,f,4\n1,0,0,m,31\n0,1,0,m,24\n0,0,1,m,27\n1,1,0,m,11\n1,0,1,m,8\n0,1,1,m,9\n1,1,1,m,5\n';

describe('draws CSV', () => {
  it('writes one row per kept draw: each stratum’s chains with occupied classes, dga draws, and the totals', async () => {
    const parsed = parseCaptureTable(STRATIFIED, { strata: ['sex'] });
    const report = await estimatePopulation(parsed, { methods: ['lcmcr', 'dga'], seed: 3, lcmcr: { chains: 2, burnin: 20, thinning: 2, samples: 15, warmup: 10 } });
    const lines = drawsCsv(reportDrawSeries(report)).trim().split('\n');
    expect(lines[0]).toBe('stratum,method,chain,draw,N,occupied_classes');
    const rows = lines.slice(1).map((l) => l.split(','));
    const labels = parsed.strata.map((s) => s.label);
    expect(labels).toHaveLength(2);
    for (const sex of labels) {
      const chainRows = rows.filter((r) => r[0] === sex && r[1] === 'lcmcr');
      expect(chainRows).toHaveLength(30);
      expect(new Set(chainRows.map((r) => r[2]))).toEqual(new Set(['1', '2']));
      for (const r of chainRows) {
        expect(Number(r[4])).toBeGreaterThanOrEqual(parsed.strata.find((s) => s.label === sex)!.table.observed);
        expect(Number(r[5])).toBeGreaterThanOrEqual(1);
        expect(Number(r[5])).toBeLessThanOrEqual(7);
      }
      expect(rows.filter((r) => r[0] === sex && r[1] === 'dga' && r[2] === '').length).toBeGreaterThan(0);
    }
    // The total over strata is written draw by draw too (sums of the strata's draws, per chain).
    const totals = rows.filter((r) => r[0] === 'total' && r[1] === 'lcmcr');
    expect(totals).toHaveLength(30);
    const f1 = rows.filter((r) => r[0] === labels[0] && r[1] === 'lcmcr' && r[2] === '1');
    const m1 = rows.filter((r) => r[0] === labels[1] && r[1] === 'lcmcr' && r[2] === '1');
    const t1 = totals.filter((r) => r[2] === '1');
    for (let i = 0; i < 15; i++) expect(Number(t1[i][4])).toBe(Number(f1[i][4]) + Number(m1[i][4]));
  });

  it('quotes separators and defuses spreadsheet formulas in stratum labels', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(drawsCsv([{ stratum: '@evil', method: 'dga', chain: null, N: [5.4] }])).toBe("stratum,method,chain,draw,N,occupied_classes\n'@evil,dga,,1,5,\n");
  });
});
