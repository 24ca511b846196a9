/**
 * The whole dialogue analysis, from the vote matrix to groups, representative, consensus, bridging and
 * community statements. Pure: no I/O, deterministic for a given seed, usable from a worker thread.
 */
import type { VoteMatrix } from './vote-matrix.ts';
import { pca, projectParticipants, type PcaResult } from './pca.ts';
import { clusterParticipants, selectInConv, type Clustering } from './clustering.ts';
import {
  countGroupVotes,
  groupAwareConsensus,
  selectConsensus,
  selectRepresentative,
  type ConsensusStatement,
  type RepresentativeStatement,
} from './repness.ts';
import { fitBridging, type BridgingModel, type BridgingOptions } from './bridging.ts';
import { communityAgreement, type CommunityAgreement } from './community.ts';

export interface DialogueInput {
  matrix: VoteMatrix;
  /** 1 where a statement takes part; moderated-out statements are 0. Defaults to all. */
  active?: Uint8Array;
  /** Declared community per participant (index into communityNames), -1 for none. */
  communityOf?: Int32Array;
  communityNames?: string[];
  /**
   * Groups decided elsewhere (the Pol.is-compatible replay): used as they are instead of clustering the final
   * votes; representative statements, consensus and the rest are computed for them as usual.
   */
  groups?: FixedGroups;
}

export interface FixedGroups {
  /** Group per participant, -1 when not clustered. */
  groupOf: Int32Array;
  groupCount: number;
  /** Participants clustered, ascending. */
  inConv: Int32Array;
  silhouettes: Map<number, number>;
}

export interface AnalysisOptions {
  seed?: number;
  minVotes?: number;
  baseK?: number;
  maxGroups?: number;
  /** Opinion groups and communities smaller than this are not reported separately. */
  minGroupSize?: number;
  representativeLimit?: number;
  consensusLimit?: number;
  pcaMaxIterations?: number;
  bridging?: Omit<BridgingOptions, 'active' | 'previous' | 'seed'> | false;
  community?: { agreeThreshold?: number; minVotesPerCommunity?: number };
}

export interface OpinionGroup {
  id: number;
  size: number;
  /** True when the group is below the minimum size: its statements are not reported. */
  suppressed: boolean;
  representative: RepresentativeStatement[];
}

export interface BridgingStatement {
  statement: number;
  intercept: number;
  factor: number;
  ratings: number;
}

export interface DialogueAnalysis {
  nParticipants: number;
  nStatements: number;
  nActiveStatements: number;
  pca: PcaResult;
  /** Interleaved x, y per participant (all participants, clustered or not). */
  projections: Float64Array;
  clustering: Clustering;
  groups: OpinionGroup[];
  consensus: { agree: ConsensusStatement[]; disagree: ConsensusStatement[] };
  groupAwareConsensus: Float64Array;
  bridgingModel: BridgingModel | null;
  bridging: BridgingStatement[];
  communities: CommunityAgreement | null;
  timingsMs: Record<string, number>;
}

/** What a later update can start from. */
export interface AnalysisState {
  components: [Float64Array, Float64Array];
  baseCenters: Float64Array;
  groupCenters: Map<number, Float64Array>;
  inConv: Uint8Array;
  bridging: BridgingModel | null;
}

export function stateOf(analysis: DialogueAnalysis): AnalysisState {
  const inConv = new Uint8Array(analysis.nParticipants);
  for (const p of analysis.clustering.inConv) inConv[p] = 1;
  return {
    components: analysis.pca.components,
    baseCenters: analysis.clustering.baseCenters,
    groupCenters: analysis.clustering.groupCentersByK,
    inConv,
    bridging: analysis.bridgingModel,
  };
}

function fixedClustering(groups: FixedGroups, nParticipants: number): Clustering {
  if (groups.groupOf.length !== nParticipants) {
    throw new RangeError(`fixed groups cover ${groups.groupOf.length} participants, the matrix has ${nParticipants}`);
  }
  return {
    inConv: groups.inConv,
    baseOf: new Int32Array(nParticipants).fill(-1),
    baseCenters: new Float64Array(0),
    baseSizes: new Float64Array(0),
    groupOf: groups.groupOf,
    groupCount: groups.groupCount,
    groupCenters: new Float64Array(0),
    silhouettes: groups.silhouettes,
    groupCentersByK: new Map(),
  };
}

export function analyzeDialogue(
  input: DialogueInput,
  options: AnalysisOptions = {},
  previous?: AnalysisState,
): DialogueAnalysis {
  const { matrix } = input;
  const seed = options.seed ?? 1;
  const minGroupSize = options.minGroupSize ?? 5;
  const active = input.active ?? new Uint8Array(matrix.nStatements).fill(1);
  if (active.length < matrix.nStatements) throw new RangeError('active mask is shorter than the statement count');
  let nActive = 0;
  for (let s = 0; s < matrix.nStatements; s++) nActive += active[s] !== 0 ? 1 : 0;
  const timingsMs: Record<string, number> = {};
  let clock = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timingsMs[name] = now - clock;
    clock = now;
  };

  const pcaResult = pca(matrix, {
    active,
    seed,
    start: previous?.components,
    maxIterations: options.pcaMaxIterations ?? 100,
  });
  const projections = projectParticipants(matrix, pcaResult, active);
  lap('pca');

  const clustering = input.groups
    ? fixedClustering(input.groups, matrix.nParticipants)
    : clusterParticipants(matrix, projections, selectInConv(matrix, nActive, options.minVotes ?? 7, 15, previous?.inConv), {
        seed,
        baseK: options.baseK,
        maxGroups: options.maxGroups,
        previous: previous ? { baseCenters: previous.baseCenters, groupCenters: previous.groupCenters } : undefined,
      });
  lap('clustering');

  const counts = countGroupVotes(matrix, clustering.groupOf, clustering.groupCount);
  const sizes = new Int32Array(clustering.groupCount);
  for (const p of clustering.inConv) sizes[clustering.groupOf[p]] += 1;
  const groups: OpinionGroup[] = [];
  for (let g = 0; g < clustering.groupCount; g++) {
    const suppressed = sizes[g] < minGroupSize;
    groups.push({
      id: g,
      size: sizes[g],
      suppressed,
      representative: suppressed ? [] : selectRepresentative(counts, g, active, options.representativeLimit ?? 5),
    });
  }
  const consensus = selectConsensus(matrix, active, options.consensusLimit ?? 5);
  const gac = groupAwareConsensus(counts, active);
  lap('repness');

  let bridgingModel: BridgingModel | null = null;
  const bridging: BridgingStatement[] = [];
  if (options.bridging !== false) {
    const firstAxis = new Float64Array(matrix.nParticipants);
    for (let p = 0; p < matrix.nParticipants; p++) firstAxis[p] = projections[2 * p];
    bridgingModel = fitBridging(matrix, {
      ...(options.bridging ?? {}),
      active,
      seed,
      previous: previous?.bridging ?? undefined,
      initialParticipantFactor: firstAxis,
    });
    for (let s = 0; s < matrix.nStatements; s++) {
      if (!bridgingModel.bridging[s]) continue;
      bridging.push({
        statement: s,
        intercept: bridgingModel.statementIntercept[s],
        factor: bridgingModel.statementFactor[s],
        ratings: bridgingModel.ratingsPerStatement[s],
      });
    }
    bridging.sort((a, b) => b.intercept - a.intercept || a.statement - b.statement);
  }
  lap('bridging');

  let communities: CommunityAgreement | null = null;
  if (input.communityOf && input.communityNames) {
    communities = communityAgreement(matrix, input.communityOf, input.communityNames, {
      ...(options.community ?? {}),
      minGroupSize,
      active,
    });
  }
  lap('communities');

  return {
    nParticipants: matrix.nParticipants,
    nStatements: matrix.nStatements,
    nActiveStatements: nActive,
    pca: pcaResult,
    projections,
    clustering,
    groups,
    consensus,
    groupAwareConsensus: gac,
    bridgingModel,
    bridging,
    communities,
    timingsMs,
  };
}
