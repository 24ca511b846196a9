import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from './defaults.ts';
import { pairwiseScores } from './evaluate.ts';
import { linkRecords, type LinkResult } from './link.ts';
import { generateLists, recordsToColumns } from './synthetic/generate.ts';

const small = generateLists({ persons: 300, seed: 11 }).records;
const columns = recordsToColumns(small);
const header = ['record_id', 'source', 'name', 'sex', 'birth_date', 'place'];
const settings = { ...defaultSettings(header), uSamplePairs: 20_000 };

describe('linkRecords on synthetic multilingual lists', () => {
  let first: LinkResult;
  beforeAll(async () => {
    first = await linkRecords({ columns, size: small.length }, settings);
  });

  it('links the same persons across scripts with useful precision and recall', async () => {
    const result = first;
    const scores = pairwiseScores(result.clusters.person, columns.true_person);
    expect(scores.f1).toBeGreaterThan(0.85);
    expect(result.stats.candidatePairs).toBeGreaterThan(0);
    expect(result.model.comparisons.every((c) => c.mEstimated)).toBe(true);
    expect(result.model.lambda).toBeGreaterThan(0);
    expect(result.model.lambda).toBeLessThan(0.05);
  });

  it('explains each pair: the log2 Bayes factors add up to the match weight', async () => {
    const result = first;
    const explanation = result.explain(0);
    const total = explanation.prior.log2Odds + explanation.terms.reduce((s, t) => s + t.log2BayesFactor, 0);
    expect(total).toBeCloseTo(explanation.matchWeight, 6);
    expect(explanation.matchProbability).toBeCloseTo(result.pairs.probability[0], 4);
    expect(explanation.terms.map((t) => t.comparison)).toEqual(['given', 'family', 'patronymic', 'birth', 'list_source', 'sex', 'place']);
    const again = result.explainRecords(result.pairs.left[0], result.pairs.right[0]);
    expect(again.matchWeight).toBeCloseTo(explanation.matchWeight, 6);
  });

  it('repeats a run exactly from its saved settings and model', async () => {
    const saved = JSON.parse(JSON.stringify({ settings: first.settings, model: first.model }));
    const second = await linkRecords({ columns, size: small.length }, saved.settings, { model: saved.model });
    expect(Array.from(second.pairs.probability)).toEqual(Array.from(first.pairs.probability));
    expect(Array.from(second.clusters.person)).toEqual(Array.from(first.clusters.person));
  });

  it('lets reviewer decisions override the model, including pairs blocking never produced', async () => {
    const base = first;
    let linked = -1;
    for (let p = 0; p < base.pairs.count; p++) if (base.pairs.probability[p] > 0.99) linked = p;
    const [a, b] = [base.pairs.left[linked], base.pairs.right[linked]];
    const far = small.findIndex((r, i) => i !== a && base.clusters.person[i] !== base.clusters.person[a]);
    const result = await linkRecords({ columns, size: small.length }, settings, {
      model: base.model,
      decisions: [
        { left: a, right: b, match: false },
        { left: a, right: far, match: true },
      ],
    });
    expect(result.clusters.person[a]).not.toBe(result.clusters.person[b]);
    expect(result.clusters.person[a]).toBe(result.clusters.person[far]);
    await expect(linkRecords({ columns, size: small.length }, settings, { decisions: [{ left: 0, right: 0, match: true }] })).rejects.toThrow(/distinct/);
  });

  it('refuses a model that does not fit the settings', async () => {
    const base = first;
    const broken = { ...base.model, comparisons: base.model.comparisons.slice(1) };
    await expect(linkRecords({ columns, size: small.length }, settings, { model: broken })).rejects.toThrow(/does not fit/);
    // Same number of levels under other names: a model saved before a level changed meaning.
    const renamed = { ...base.model, comparisons: base.model.comparisons.map((c, i) => (i === 0 ? { ...c, levels: c.levels.map((l, j) => (j === c.levels.length - 1 ? `${l} (old)` : l)) } : c)) };
    await expect(linkRecords({ columns, size: small.length }, settings, { model: renamed })).rejects.toThrow(/levels differ/);
    const nan = { ...base.model, lambda: Number.NaN };
    await expect(linkRecords({ columns, size: small.length }, settings, { model: nan })).rejects.toThrow(/lambda/);
  });

  it('estimates m over all candidate pairs for a comparison that only a few training pairs could inform', async () => {
    // the only rule that does not block on the names pairs exact birth dates and sexes of the English list: a few
    // dozen pairs, too few for EM to tell matches from non-matches on the names
    const english = columns.name.map((_, i) => (columns.source[i] === 'en' ? columns.birth_date[i] : ''));
    const thin = {
      fields: [
        { name: 'given', column: 'name', type: 'name', part: 'given' },
        { name: 'family', column: 'name', type: 'name', part: 'family' },
        { name: 'birth', column: 'birth_date', type: 'date' },
        { name: 'en_birth', column: 'en_birth', type: 'date' },
      ],
      comparisons: [
        { field: 'given', kind: 'name' },
        { field: 'family', kind: 'name' },
        { field: 'birth', kind: 'date' },
      ],
      blocking: [['given|family:phonetic'], ['en_birth']],
      uSamplePairs: 20_000,
    };
    const result = await linkRecords({ columns: { ...columns, en_birth: english }, size: small.length }, thin);
    const sessions = result.model.training.emSessions;
    expect(sessions.find((s) => s.rule === 'en_birth')?.pairs ?? 0).toBeLessThan(200);
    expect(sessions.map((s) => s.rule)).toContain('(all candidate pairs)');
    for (const name of ['given', 'family']) {
      const c = result.model.comparisons.find((x) => x.name === name)!;
      const top = c.levels.length - 1;
      expect(Math.log2(c.m[top] / c.u[top]), name).toBeGreaterThan(0);
      expect(Math.log2(c.m[1] / c.u[1]), name).toBeLessThan(0);
    }
  });

  it('handles one record, and records with all fields missing', async () => {
    const one = await linkRecords({ columns: recordsToColumns(small.slice(0, 1)), size: 1 }, settings);
    expect(one.clusters.persons).toBe(1);
    const blank = { ...columns, name: columns.name.map((v, i) => (i % 2 ? '' : v)), birth_date: columns.birth_date.map(() => '') };
    const result = await linkRecords({ columns: blank, size: small.length }, settings);
    expect(result.clusters.persons).toBeGreaterThan(0);
  });
});

