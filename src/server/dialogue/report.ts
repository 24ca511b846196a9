import { OTHER_COMMUNITIES } from '../../core/dialogue/index.ts';
import type { LiveEntry } from './live.ts';
import type { DialogueReport } from './schemas.ts';

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The public report from the live analysis. It carries no participant id of any kind: the opinion map is points
 * only, sorted by position (so the order says nothing about who joined when); opinion groups and communities
 * below the conversation's minimum size are never shown on their own (their points go with the unclustered ones,
 * their members are only counted together); statement texts come from the statements table, never from the
 * votes.
 */
export function buildReport(entry: LiveEntry): DialogueReport {
  const { conversation, result } = entry;
  const ref = (tid: number) => {
    const s = entry.statements.get(tid);
    return { tid, text: s?.text ?? '', language: s?.language ?? '', translations: s?.translations ?? {} };
  };
  let shownStatements = 0;
  for (const s of entry.statements.values()) {
    if (s.moderation === 'approved' || (s.moderation === 'pending' && conversation.moderation === 'open')) shownStatements += 1;
  }
  const base = {
    conversation: {
      id: conversation.id,
      topic: conversation.topic,
      description: conversation.description,
      state: conversation.state,
      minGroupSize: conversation.min_group_size,
      reportPublic: conversation.report_public,
    },
    version: entry.version,
    updatedAt: entry.updatedAt.toISOString(),
    grouping: result
      ? { ...result.grouping, silhouettes: result.grouping.silhouettes.map((s) => ({ k: s.k, score: round(s.score) })) }
      : { mode: conversation.grouping_mode, silhouettes: [], bestK: null, updates: null },
  };
  if (!result) {
    return {
      ...base,
      totals: { participants: 0, clustered: 0, statements: shownStatements, votes: 0 },
      groups: [],
      smallGroupsMerged: { groups: 0, participants: 0 },
      map: [],
      consensus: { agree: [], disagree: [] },
      groupAwareConsensus: [],
      bridging: [],
      bridgingCandidates: [],
      communities: null,
    };
  }
  const reported = result.groups.filter((g) => !g.suppressed);
  const suppressed = result.groups.filter((g) => g.suppressed);
  const shownGroup = new Map(reported.map((g) => [g.id, g.id]));
  const points = new Map<number | null, Array<[number, number]>>();
  let participants = 0;
  for (let p = 0; p < result.nParticipants; p++) {
    if (result.votesPerParticipant[p] === 0) continue;
    participants += 1;
    const g = result.groupOf[p];
    const key = g >= 0 && shownGroup.has(g) ? g : null;
    const list = points.get(key) ?? [];
    list.push([round(result.projections[2 * p], 3), round(result.projections[2 * p + 1], 3)]);
    points.set(key, list);
  }
  const map = [...points.entries()]
    .sort((a, b) => (a[0] ?? Infinity) - (b[0] ?? Infinity))
    .map(([group, list]) => ({ group, points: list.sort((a, b) => a[0] - b[0] || a[1] - b[1]) }));

  let communities: DialogueReport['communities'] = null;
  if (result.communities && result.communities.communities.length > 0) {
    const c = result.communities;
    // Turnout: votes cast by each reported community (all statements, moderated out or not).
    const votesBy = c.communities.map((_, i) => c.cells.reduce((n, cells) => n + (cells[i]?.votes ?? 0), 0));
    const rows = c.communities.map((key, i) => {
      const index = entry.communityIds.indexOf(key);
      return key === OTHER_COMMUNITIES || index < 0
        ? { id: null, name: null, members: c.memberCounts[i], votes: votesBy[i] }
        : { id: key, name: entry.communityNames[index], members: c.memberCounts[i], votes: votesBy[i] };
    });
    const statements = [];
    for (let s = 0; s < c.cells.length; s++) {
      const statement = entry.statements.get(s);
      if (!statement || !(statement.moderation === 'approved' || (statement.moderation === 'pending' && conversation.moderation === 'open'))) continue;
      const cells = c.cells[s].map((cell) => ({ agree: cell.agree, disagree: cell.disagree, pass: cell.pass, votes: cell.votes, agreeShare: round(cell.agreeShare) }));
      if (cells.every((cell) => cell.votes === 0)) continue;
      statements.push({ ...ref(s), cells });
    }
    communities = {
      rows,
      pooled: c.pooled.length,
      statements,
      commonGround: c.commonGround.map((g) => ({ ...ref(g.statement), minAgreement: round(g.minAgreement) })),
    };
  }

  return {
    ...base,
    totals: { participants, clustered: result.clustered, statements: shownStatements, votes: result.votes },
    groups: reported.map((g) => ({
      id: g.id,
      size: g.size,
      representative: g.representative.map((r) => ({
        ...ref(r.statement),
        repfulFor: r.repfulFor,
        count: r.nSuccess,
        of: r.nTrials,
        share: round(r.pSuccess),
        repness: round(r.repness),
      })),
    })),
    smallGroupsMerged: { groups: suppressed.length, participants: suppressed.reduce((n, g) => n + g.size, 0) },
    map,
    consensus: {
      agree: result.consensus.agree.map((c) => ({ ...ref(c.statement), count: c.nSuccess, of: c.nTrials, share: round(c.pSuccess) })),
      disagree: result.consensus.disagree.map((c) => ({ ...ref(c.statement), count: c.nSuccess, of: c.nTrials, share: round(c.pSuccess) })),
    },
    groupAwareConsensus: result.groupAwareConsensus.map((g) => ({ ...ref(g.statement), score: round(g.score) })),
    bridging: result.bridging.map((b) => ({ ...ref(b.statement), intercept: round(b.intercept), factor: round(b.factor), ratings: b.ratings })),
    bridgingCandidates: result.bridgingCandidates.map((b) => ({ ...ref(b.statement), intercept: round(b.intercept), factor: round(b.factor), ratings: b.ratings })),
    communities,
  };
}
