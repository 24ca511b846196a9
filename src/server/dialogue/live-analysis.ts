/**
 * The part of the live analysis that runs off the request path (in a worker thread): one DialogueAnalyzer per
 * conversation, fed with the votes committed since the last update, and reduced to what a report and the
 * next-statement rule need. Plain data in and out (typed arrays travel by structured clone).
 */
import {
  countGroupVotes,
  DialogueAnalyzer,
  PolisReplayer,
  POLIS_DEFAULTS,
  statementExtremity,
  statementPriorities,
  type BridgingStatement,
  type CommunityAgreement,
  type ConsensusStatement,
  type GroupVoteCounts,
  type OpinionGroup,
} from '../../core/dialogue/index.ts';

export interface AnalysisRequest {
  key: string;
  /** Start from nothing (first load, or after the worker restarted). */
  reset: boolean;
  minGroupSize: number;
  nStatements: number;
  /** 1 for statements shown to participants (and analysed). */
  active: Uint8Array;
  /** Community index per pid (-1 none), and the community keys in index order. */
  communityOf: Int32Array;
  communityNames: string[];
  /** Triplets pid, tid, value in commit order. */
  votes: Int32Array;
  /** When each vote was cast (ms), aligned with the triplets. */
  times: Float64Array;
  /** 'polis': groups from the Pol.is-compatible replay (docs/dialogue-grouping.md). */
  grouping: 'default' | 'polis';
}

export interface LiveResult {
  nParticipants: number;
  votes: number;
  clustered: number;
  groups: OpinionGroup[];
  groupOf: Int32Array;
  projections: Float64Array;
  votesPerParticipant: Int32Array;
  consensus: { agree: ConsensusStatement[]; disagree: ConsensusStatement[] };
  groupAwareConsensus: Array<{ statement: number; score: number }>;
  bridging: BridgingStatement[];
  bridgingCandidates: BridgingStatement[];
  communities: CommunityAgreement | null;
  /** Agree, disagree and seen per opinion group and statement (absent in results stored before it was added). */
  groupVotes?: GroupVoteCounts;
  grouping: { mode: 'default' | 'polis'; silhouettes: Array<{ k: number; score: number }>; bestK: number | null; updates: number | null };
  /** Pol.is priority per statement number (see src/core/dialogue/priority.ts). */
  priorities: Float64Array;
  timingsMs: Record<string, number>;
}

const analyzers = new Map<string, DialogueAnalyzer>();
const replayers = new Map<string, PolisReplayer>();

export function dropAnalysis(key: string): void {
  analyzers.delete(key);
  replayers.delete(key);
}

type Vote = { participant: number; statement: number; value: number };

/**
 * Pol.is-compatible groups. The first load replays the stored votes with Pol.is's cadence (one update per poll
 * window that saw votes); after that every analysed batch is one update, as each poll is in Pol.is.
 */
function polisUpdate(request: AnalysisRequest, batch: Vote[], active: Uint8Array) {
  let replayer = replayers.get(request.key);
  if (!replayer || request.reset) {
    replayer = new PolisReplayer();
    replayers.set(request.key, replayer);
    const windowOf = (t: number) => Math.floor(t / POLIS_DEFAULTS.intervalMs);
    let from = 0;
    for (let i = 0; i < batch.length; i++) {
      if (i === batch.length - 1 || windowOf(request.times[i + 1]) !== windowOf(request.times[i])) {
        replayer.addVotes(batch.slice(from, i + 1));
        replayer.update(active, request.times[i]);
        from = i + 1;
      }
    }
  } else {
    replayer.addVotes(batch);
    replayer.update(active, request.times[request.times.length - 1] ?? 0);
  }
  return replayer.result();
}

export function runAnalysis(request: AnalysisRequest): LiveResult {
  let analyzer = analyzers.get(request.key);
  if (!analyzer || request.reset) {
    analyzer = new DialogueAnalyzer({ minGroupSize: request.minGroupSize, seed: 1 });
    analyzers.set(request.key, analyzer);
  }
  analyzer.setStatements(request.nStatements, request.active);
  analyzer.setCommunities(request.communityOf, request.communityNames);
  const batch = [];
  for (let i = 0; i + 2 < request.votes.length; i += 3) batch.push({ participant: request.votes[i], statement: request.votes[i + 1], value: request.votes[i + 2] });
  analyzer.addVotes(batch);
  const replay = request.grouping === 'polis' ? polisUpdate(request, batch, request.active) : null;
  analyzer.setGroups(replay ? { groupOf: replay.groupOf, groupCount: replay.groupCount, inConv: replay.inConv, silhouettes: replay.silhouettes } : undefined);
  const analysis = analyzer.update();
  const matrix = analyzer.currentMatrix();
  const active = new Uint8Array(matrix.nStatements).fill(1);
  active.set(request.active.subarray(0, Math.min(request.active.length, active.length)));
  const priorities = statementPriorities(matrix, statementExtremity(analysis.pca, active), active);

  const gac: Array<{ statement: number; score: number }> = [];
  for (let s = 0; s < analysis.groupAwareConsensus.length; s++) {
    if (active[s] && matrix.votesPerStatement[s] > 0) gac.push({ statement: s, score: analysis.groupAwareConsensus[s] });
  }
  gac.sort((a, b) => b.score - a.score || a.statement - b.statement);

  // Community Notes' rule rarely fires on dialogue data (docs/dialogue.md); the nearest statements are shown apart.
  const candidates: BridgingStatement[] = [];
  const model = analysis.bridgingModel;
  if (model) {
    for (let s = 0; s < matrix.nStatements; s++) {
      if (!active[s] || model.bridging[s] || model.ratingsPerStatement[s] < 5 || Math.abs(model.statementFactor[s]) >= 0.5) continue;
      candidates.push({ statement: s, intercept: model.statementIntercept[s], factor: model.statementFactor[s], ratings: model.ratingsPerStatement[s] });
    }
    candidates.sort((a, b) => b.intercept - a.intercept || a.statement - b.statement);
  }
  return {
    nParticipants: analysis.nParticipants,
    votes: matrix.statement.length,
    clustered: analysis.clustering.inConv.length,
    groups: analysis.groups,
    groupOf: analysis.clustering.groupOf,
    projections: analysis.projections,
    votesPerParticipant: matrix.votesPerParticipant,
    consensus: analysis.consensus,
    groupAwareConsensus: gac.slice(0, 10),
    bridging: analysis.bridging,
    bridgingCandidates: candidates.slice(0, 5),
    communities: analysis.communities,
    groupVotes: countGroupVotes(matrix, analysis.clustering.groupOf, analysis.groups.reduce((n, g) => Math.max(n, g.id + 1), 0)),
    grouping: {
      mode: request.grouping,
      silhouettes: [...analysis.clustering.silhouettes].map(([k, score]) => ({ k, score })),
      bestK: replay ? replay.bestK : null,
      updates: replay ? replay.updates : null,
    },
    priorities,
    timingsMs: analysis.timingsMs,
  };
}
