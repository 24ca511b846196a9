import { describe, expect, it } from 'vitest';
import { analyzeDialogue } from './analysis.ts';
import { DialogueAnalyzer } from './incremental.ts';
import { generateSynthetic } from './synthetic.ts';
import { adjustedRandIndex } from './ari.ts';

function ariAgainstTruth(groupOf: Int32Array, inConv: Int32Array, truth: Int32Array): number {
  const members = Array.from(inConv);
  return adjustedRandIndex(
    members.map((p) => groupOf[p]),
    members.map((p) => truth[p]),
  );
}

describe('analysis on synthetic conversations with planted groups', () => {
  for (const groups of [2, 3]) {
    it(`recovers ${groups} planted groups`, () => {
      const syn = generateSynthetic({ participants: 400, statements: 60, votes: 400 * 25, groups, seed: groups });
      const a = analyzeDialogue(
        { matrix: syn.matrix, communityOf: syn.communityOf, communityNames: syn.communityNames },
        { seed: 1 },
      );
      expect(a.clustering.groupCount).toBe(groups);
      expect(ariAgainstTruth(a.clustering.groupOf, a.clustering.inConv, syn.truth)).toBeGreaterThan(0.9);
      // The statements with the highest group-aware consensus are ones every planted group leans towards.
      const S = syn.matrix.nStatements;
      const allLeanAgree = (s: number) => Array.from({ length: groups }, (_, g) => syn.stance[g * S + s]).every((v) => v === 1);
      const top = Array.from(a.groupAwareConsensus, (v, s) => [v, s]).sort((x, y) => y[0] - x[0]).slice(0, 5);
      for (const [, s] of top) expect(allLeanAgree(s)).toBe(true);
      for (const c of a.communities!.commonGround.slice(0, 5)) expect(allLeanAgree(c.statement)).toBe(true);
      expect(a.communities!.communities.length).toBe(groups);
      expect(a.groups.every((g) => g.representative.length > 0)).toBe(true);
    });
  }

  it('is deterministic for a seed', () => {
    const syn = generateSynthetic({ participants: 200, statements: 40, votes: 200 * 20, groups: 2, seed: 8 });
    const a = analyzeDialogue({ matrix: syn.matrix }, { seed: 5 });
    const b = analyzeDialogue({ matrix: syn.matrix }, { seed: 5 });
    expect(Array.from(a.clustering.groupOf)).toEqual(Array.from(b.clustering.groupOf));
    expect(Array.from(a.projections)).toEqual(Array.from(b.projections));
  });

  it('suppresses groups below the minimum size', () => {
    const syn = generateSynthetic({ participants: 120, statements: 30, votes: 120 * 15, groups: 2, seed: 4 });
    const a = analyzeDialogue({ matrix: syn.matrix }, { seed: 1, minGroupSize: 1000, bridging: false });
    expect(a.groups.every((g) => g.suppressed && g.representative.length === 0)).toBe(true);
    expect(a.bridgingModel).toBeNull();
  });

  it('handles a conversation with a single voter and a single statement', () => {
    const syn = generateSynthetic({ participants: 1, statements: 1, votes: 1, groups: 1, seed: 1 });
    const a = analyzeDialogue({ matrix: syn.matrix });
    expect(a.clustering.groupCount).toBeLessThanOrEqual(1);
  });
});

describe('incremental updates', () => {
  it('reaches the same groups as a cold start and warm-starts the power iteration', () => {
    const syn = generateSynthetic({ participants: 500, statements: 60, votes: 500 * 20, groups: 2, seed: 12 });
    const events: { participant: number; statement: number; value: number }[] = [];
    for (let p = 0; p < syn.matrix.nParticipants; p++) {
      for (let k = syn.matrix.rowStart[p]; k < syn.matrix.rowStart[p + 1]; k++) {
        events.push({ participant: p, statement: syn.matrix.statement[k], value: syn.matrix.value[k] });
      }
    }
    const analyzer = new DialogueAnalyzer({ seed: 1, bridging: false });
    const half = Math.floor(events.length * 0.9);
    analyzer.addVotes(events.slice(0, half));
    const first = analyzer.update();
    analyzer.addVotes(events.slice(half));
    const warm = analyzer.update();
    const cold = analyzeDialogue({ matrix: analyzer.currentMatrix() }, { seed: 1, bridging: false });
    expect(warm.pca.iterations[0]).toBeLessThan(cold.pca.iterations[0]);
    const members = Array.from(cold.clustering.inConv);
    expect(
      adjustedRandIndex(
        members.map((p) => warm.clustering.groupOf[p]),
        members.map((p) => cold.clustering.groupOf[p]),
      ),
    ).toBeGreaterThan(0.95);
    // Group numbers stay put for people clustered both times.
    const stable = Array.from(first.clustering.inConv).filter((p) => first.clustering.groupOf[p] === warm.clustering.groupOf[p]);
    expect(stable.length / first.clustering.inConv.length).toBeGreaterThan(0.95);
  });

  it('applies changed votes and rejects a bad batch whole', () => {
    const analyzer = new DialogueAnalyzer({ bridging: false });
    analyzer.addVotes([
      { participant: 0, statement: 0, value: 1 },
      { participant: 0, statement: 0, value: -1 },
    ]);
    expect(Array.from(analyzer.currentMatrix().value)).toEqual([-1]);
    expect(() =>
      analyzer.addVotes([
        { participant: 1, statement: 0, value: 1 },
        { participant: 1, statement: 1, value: 3 },
      ]),
    ).toThrow(/vote 1/);
    expect(analyzer.currentMatrix().nParticipants).toBe(1);
  });
});
