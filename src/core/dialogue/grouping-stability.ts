/**
 * Why the default analysis shows the number of groups it shows: the silhouette of every k tried, and whether
 * other random starts (PCA start vector and k-means++ seeding) pick the same k and the same people together.
 * A k that changes from one start to the next is a weak finding, and the report says so.
 */
import type { VoteMatrix } from './vote-matrix.ts';
import { pca, projectParticipants } from './pca.ts';
import { clusterParticipants, selectInConv, type Clustering } from './clustering.ts';
import { adjustedRandIndex } from './ari.ts';

export interface GroupingStability {
  /** Seeds tried besides the one shown. */
  restarts: number;
  /** How many restarts chose each k. */
  kCounts: Record<number, number>;
  /** Adjusted Rand index of each restart's groups against the groups shown (over participants both clustered). */
  meanAri: number;
  minAri: number;
}

export function groupingStability(
  matrix: VoteMatrix,
  active: Uint8Array,
  shown: Clustering,
  seeds: readonly number[],
  minVotes = 7,
): GroupingStability {
  let nActive = 0;
  for (let s = 0; s < matrix.nStatements; s++) nActive += active[s] !== 0 ? 1 : 0;
  const kCounts: Record<number, number> = {};
  const aris: number[] = [];
  for (const seed of seeds) {
    const result = pca(matrix, { active, seed });
    const projections = projectParticipants(matrix, result, active);
    const inConv = selectInConv(matrix, nActive, minVotes, 15);
    const clustering = clusterParticipants(matrix, projections, inConv, { seed });
    kCounts[clustering.groupCount] = (kCounts[clustering.groupCount] ?? 0) + 1;
    const both: number[] = [];
    for (const p of clustering.inConv) if (shown.groupOf[p] >= 0) both.push(p);
    if (both.length >= 2) {
      aris.push(adjustedRandIndex(both.map((p) => clustering.groupOf[p]), both.map((p) => shown.groupOf[p])));
    }
  }
  return {
    restarts: seeds.length,
    kCounts,
    meanAri: aris.length > 0 ? aris.reduce((a, b) => a + b, 0) / aris.length : 1,
    minAri: aris.length > 0 ? Math.min(...aris) : 1,
  };
}
