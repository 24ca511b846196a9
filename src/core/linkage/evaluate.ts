/**
 * Pairwise precision, recall and F1 of a clustering against the true persons: a pair of records is a predicted
 * link when both are in one predicted person, a true link when both are one true person. Counted from the
 * contingency table of (predicted, true) so that it needs no list of all pairs.
 */
export interface PairwiseScores {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
}

const choose2 = (k: number) => (k * (k - 1)) / 2;

export function pairwiseScores(predicted: ArrayLike<number>, truth: ArrayLike<string | number>): PairwiseScores {
  if (predicted.length !== truth.length) throw new RangeError('predicted and true labels differ in length');
  const byPredicted = new Map<number, number>();
  const byTruth = new Map<string | number, number>();
  const byBoth = new Map<string, number>();
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i];
    const t = truth[i];
    byPredicted.set(p, (byPredicted.get(p) ?? 0) + 1);
    byTruth.set(t, (byTruth.get(t) ?? 0) + 1);
    const key = `${p}\u0001${t}`;
    byBoth.set(key, (byBoth.get(key) ?? 0) + 1);
  }
  let predictedPairs = 0;
  let truePairs = 0;
  let correctPairs = 0;
  for (const k of byPredicted.values()) predictedPairs += choose2(k);
  for (const k of byTruth.values()) truePairs += choose2(k);
  for (const k of byBoth.values()) correctPairs += choose2(k);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}
