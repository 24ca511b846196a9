/**
 * The grouping half of `reckon dialogue analyze`: either Reckon's default (clustering the final votes, with the
 * choice of k explained by silhouettes and by restarts), or --polis-compatible (replaying the votes in time
 * order as Pol.is updated the conversation). See docs/dialogue-grouping.md for how the two differ.
 */
import {
  groupingStability,
  replayPolis,
  POLIS_DEFAULTS,
  type Clustering,
  type FixedGroups,
  type GroupingStability,
  type ReplayUpdate,
} from '../../core/dialogue/index.ts';
import { replayProblem, timedVotes, type PolisDialogue, type PolisExport } from '../../core/polis-format/index.ts';
import { CliError } from '../exit-codes.ts';

export interface GroupingChoice {
  polisCompatible: boolean;
  /** Seconds per Pol.is poll window. */
  updateIntervalSeconds: number;
  /** Replay the final votes as one update when the export has no usable vote times. */
  allowNoHistory: boolean;
  restarts: number;
}

export interface GroupingReport {
  mode: 'default' | 'polis-compatible';
  k: number;
  silhouettes: Record<string, number>;
  /** Plain-language reason for k. */
  explanation: string;
  stability: GroupingStability | null;
  replay: {
    updates: number;
    updateIntervalSeconds: number;
    groupKBuffer: number;
    bestKAtEnd: number;
    history: 'votes.csv timestamps' | 'none (final votes as one update)';
    kChanges: { time: string; votes: number; bestK: number; shownK: number }[];
  } | null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const silhouetteRecord = (m: Map<number, number>) => Object.fromEntries([...m].map(([k, v]) => [String(k), round(v)]));

function silhouetteWords(silhouettes: Map<number, number>, k: number): string {
  if (silhouettes.size === 0) return 'too few distinct positions to compare several numbers of groups';
  const others = [...silhouettes].filter(([j]) => j !== k).map(([j, v]) => `${j}: ${v.toFixed(2)}`);
  const own = silhouettes.get(k);
  return own === undefined
    ? `silhouettes ${others.join(', ')}`
    : `its silhouette (how much closer people sit to their own group than to the next) is ${own.toFixed(2)}${others.length ? `, against ${others.join(', ')} for other numbers of groups` : ''}`;
}

/** Pol.is-compatible groups, or a CliError explaining why the export cannot be replayed. */
export function polisGroups(exp: PolisExport, dlg: PolisDialogue, choice: GroupingChoice): { groups: FixedGroups; report: GroupingReport } {
  const problem = replayProblem(exp);
  if (problem && !choice.allowNoHistory) {
    throw new CliError(
      `--polis-compatible replays the votes in the order they were cast, but ${problem}. ` +
        'Pass --allow-no-history to treat the final votes as a single update (Pol.is\'s history, and so its group-k-buffer, then play no part), or analyse without --polis-compatible.',
    );
  }
  const replay = replayPolis(timedVotes(exp, dlg, problem !== null), dlg.matrix.nParticipants, dlg.matrix.nStatements, dlg.active, {
    intervalMs: choice.updateIntervalSeconds * 1000,
  });
  const k = replay.groupCount;
  const held = replay.shownK !== replay.bestK && replay.bestK > 0;
  const explanation =
    `${k} group${k === 1 ? '' : 's'}, as Pol.is would have shown after ${replay.updates} update${replay.updates === 1 ? '' : 's'}: ` +
    (held
      ? `at the last update k=${replay.bestK} had the best silhouette, but Pol.is shows a new k only after it wins ${POLIS_DEFAULTS.groupKBuffer} updates in a row, so k=${k} stays`
      : `k=${k} had the best silhouette at the last update (${silhouetteWords(replay.silhouettes, k)})`);
  const iso = (t: number) => (problem ? '' : new Date(t).toISOString());
  return {
    groups: { groupOf: replay.groupOf, groupCount: replay.groupCount, inConv: replay.inConv, silhouettes: replay.silhouettes },
    report: {
      mode: 'polis-compatible',
      k,
      silhouettes: silhouetteRecord(replay.silhouettes),
      explanation,
      stability: null,
      replay: {
        updates: replay.updates,
        updateIntervalSeconds: choice.updateIntervalSeconds,
        groupKBuffer: POLIS_DEFAULTS.groupKBuffer,
        bestKAtEnd: replay.bestK,
        history: problem ? 'none (final votes as one update)' : 'votes.csv timestamps',
        kChanges: replay.kChanges.map((u: ReplayUpdate) => ({ time: iso(u.time), votes: u.votes, bestK: u.bestK, shownK: u.shownK })),
      },
    },
  };
}

/** Explains the default mode's k: silhouettes, and how often other starts agree. */
export function defaultGroupingReport(dlg: PolisDialogue, clustering: Clustering, seed: number, restarts: number): GroupingReport {
  const k = clustering.groupCount;
  const seeds = Array.from({ length: restarts }, (_, i) => seed + 1 + i);
  const stability = restarts > 0 ? groupingStability(dlg.matrix, dlg.active, clustering, seeds) : null;
  let explanation = `${k} group${k === 1 ? '' : 's'} from the final votes: ${silhouetteWords(clustering.silhouettes, k)}, the best of the numbers tried.`;
  if (stability) {
    const same = stability.kCounts[k] ?? 0;
    explanation +=
      ` ${same} of ${restarts} other random start${restarts === 1 ? '' : 's'} also found ${k} group${k === 1 ? '' : 's'};` +
      ` their groups matched these with an adjusted Rand index of ${stability.meanAri.toFixed(2)} on average (lowest ${stability.minAri.toFixed(2)}; 1 = the same people together).`;
    if (same < restarts || stability.minAri < 0.8) explanation += ' The grouping depends on the start: read it as tentative.';
  }
  return { mode: 'default', k, silhouettes: silhouetteRecord(clustering.silhouettes), explanation, stability, replay: null };
}
