import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { analyzeDialogue, adjustedRandIndex, type DialogueAnalysis } from '../../core/dialogue/index.ts';
import {
  POLIS_FILES,
  PolisFormatError,
  indexHeader,
  parseInteger,
  readCsv,
  parsePolisExport,
  serialisePolisExport,
  toDialogue,
  withAnalysis,
  type PolisDialogue,
  type PolisExport,
  type PolisExportTexts,
} from '../../core/polis-format/index.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { defaultGroupingReport, polisGroups, type GroupingReport } from './dialogue-grouping.ts';
import { createProgress } from '../progress.ts';

/** V8 cannot hold a string much beyond 512 MiB; refuse earlier with a clear message rather than crash. */
const MAX_FILE_BYTES = 500 * 1024 * 1024;

interface AnalyzeOptions {
  json?: boolean;
  minGroupSize: string;
  seed: string;
  writeExport?: string;
  communities?: string;
  polisCompatible?: boolean;
  updateInterval: string;
  allowNoHistory?: boolean;
  restarts: string;
}

/**
 * Declared communities from a CSV with columns participant,community (Pol.is exports carry none). Every
 * participant named must be in the export, once.
 */
function readCommunities(path: string, participantIds: Int32Array): { communityOf: Int32Array; names: string[] } {
  if (!existsSync(path)) throw new CliError(`communities file ${path} does not exist`);
  if (statSync(path).size > MAX_FILE_BYTES) throw new CliError(`${path} is over the ${MAX_FILE_BYTES}-byte limit`);
  const rowOf = new Map(Array.from(participantIds, (id, i) => [id, i]));
  const communityOf = new Int32Array(participantIds.length).fill(-1);
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const firstLine = new Map<number, number>();
  let header: Map<string, number> | null = null;
  try {
    readCsv(readFileSync(path, 'utf8'), path, (fields, line) => {
      if (!header) {
        header = indexHeader(fields, path, ['participant', 'community'], line);
        return;
      }
      const id = parseInteger(fields[header.get('participant')!] ?? '', path, line, 'participant', 0);
      const name = (fields[header.get('community')!] ?? '').trim();
      if (!rowOf.has(id)) throw new PolisFormatError(path, line, `participant ${id} is not in the export`, 'participant');
      if (firstLine.has(id)) throw new PolisFormatError(path, line, `participant ${id} already on line ${firstLine.get(id)}`, 'participant');
      firstLine.set(id, line);
      if (name === '') return;
      if (name.length > 200) throw new PolisFormatError(path, line, 'community name over 200 characters', 'community');
      if (!nameIndex.has(name)) {
        nameIndex.set(name, names.length);
        names.push(name);
      }
      communityOf[rowOf.get(id)!] = nameIndex.get(name)!;
    });
  } catch (error) {
    if (error instanceof PolisFormatError) throw new CliError(error.message);
    throw error;
  }
  if (!header) throw new CliError(`${path}: the file is empty (expected a header participant,community)`);
  return { communityOf, names };
}

function positiveInteger(raw: string, option: string, min: number): number {
  if (!/^\d{1,9}$/.test(raw.trim()) || Number(raw) < min) {
    throw new CliError(`${option} must be an integer of at least ${min}, got "${raw}"`, ExitCode.usage);
  }
  return Number(raw);
}

function readExportFolder(folder: string): PolisExportTexts {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CliError(`${folder} is not a folder (expected a Pol.is export folder with ${POLIS_FILES.comments})`);
  }
  const read = (name: string, required: boolean): string | undefined => {
    const path = join(folder, name);
    if (!existsSync(path)) {
      if (required) throw new CliError(`${path} is missing: a Pol.is export needs ${name}`);
      return undefined;
    }
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) throw new CliError(`${path} is ${size} bytes, over the ${MAX_FILE_BYTES}-byte limit`);
    const bytes = readFileSync(path);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (text.includes('\u0000')) throw new CliError(`${path} contains NUL bytes: not a CSV text file`);
    return text;
  };
  const texts: PolisExportTexts = {
    summary: read(POLIS_FILES.summary, false),
    comments: read(POLIS_FILES.comments, true)!,
    votes: read(POLIS_FILES.votes, false),
    participantsVotes: read(POLIS_FILES.participantsVotes, false),
  };
  if (texts.votes === undefined && texts.participantsVotes === undefined) {
    throw new CliError(`${folder} has neither ${POLIS_FILES.votes} nor ${POLIS_FILES.participantsVotes}`);
  }
  return texts;
}

function inFolder<T>(folder: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    // Only the file name goes through join: the rest of the message quotes the input, which may hold "../".
    if (error instanceof PolisFormatError) {
      throw new CliError(`${join(folder, error.file)}${error.message.slice(error.file.length)}`);
    }
    if (error instanceof RangeError) throw new CliError(`${folder}: ${error.message}`);
    throw error;
  }
}

interface Report {
  conversation: { topic: string; participants: number; statements: number; activeStatements: number; votes: number };
  parameters: { seed: number; minGroupSize: number };
  grouping: GroupingReport;
  groups: {
    id: number;
    size: number;
    suppressed: boolean;
    representative: { commentId: number; text: string; repfulFor: string; share: number; votes: number; z: number }[];
  }[];
  silhouettes: Record<string, number>;
  participants: { id: number; group: number | null }[];
  consensus: { agree: StatementRef[]; disagree: StatementRef[] };
  groupAwareConsensus: StatementRef[];
  bridging: { commentId: number; text: string; intercept: number; factor: number; ratings: number }[];
  bridgingCandidates: { commentId: number; text: string; intercept: number; factor: number; ratings: number }[];
  polisComparison: { adjustedRandIndex: number; participantsCompared: number } | null;
  communities: {
    reported: { name: string; members: number }[];
    /** Every declared community, reported or pooled: who took part and how many votes they cast. */
    turnout: { name: string; participants: number; voters: number; votes: number }[];
    pooled: string[];
    commonGround: (StatementRef & { byCommunity: { agree: number; disagree: number; pass: number }[] })[];
    thresholds: { minGroupSize: number; agreeThreshold: number; minVotesPerCommunity: number };
  } | null;
}

interface StatementRef {
  commentId: number;
  text: string;
  score: number;
  votes?: number;
}

function communityTurnout(dlg: PolisDialogue, communityOf: Int32Array, names: string[]) {
  const out = names.map((name) => ({ name, participants: 0, voters: 0, votes: 0 }));
  communityOf.forEach((c, p) => {
    if (c < 0) return;
    out[c].participants += 1;
    const votes = dlg.matrix.votesPerParticipant[p];
    out[c].votes += votes;
    if (votes > 0) out[c].voters += 1;
  });
  return out;
}

function buildReport(
  exp: PolisExport,
  dlg: PolisDialogue,
  analysis: DialogueAnalysis,
  seed: number,
  minGroupSize: number,
  grouping: GroupingReport,
  declared: { communityOf: Int32Array; names: string[] } | null,
): Report {
  const text = new Map(exp.comments.rows.map((c) => [c.id, c.body]));
  const id = (s: number) => dlg.statementIds[s];
  const ref = (s: number, score: number, votes?: number): StatementRef => ({
    commentId: id(s),
    text: text.get(id(s)) ?? '',
    score,
    ...(votes !== undefined ? { votes } : {}),
  });
  const gac = Array.from(analysis.groupAwareConsensus, (v, s) => ({ v, s }))
    .filter(({ s }) => dlg.active[s] && analysis.groupAwareConsensus[s] > 0)
    .sort((a, b) => b.v - a.v || a.s - b.s)
    .slice(0, 5);
  const model = analysis.bridgingModel;
  const bridgingEntry = (s: number) => ({
    commentId: id(s),
    text: text.get(id(s)) ?? '',
    intercept: model!.statementIntercept[s],
    factor: model!.statementFactor[s],
    ratings: model!.ratingsPerStatement[s],
  });
  const candidates = model
    ? Array.from(model.statementIntercept, (v, s) => ({ v, s }))
        .filter(({ s, v }) => v > 0 && dlg.active[s] && !model.bridging[s] && Math.abs(model.statementFactor[s]) < 0.5 && model.ratingsPerStatement[s] >= 5)
        .sort((a, b) => b.v - a.v || a.s - b.s)
        .slice(0, 5)
        .map(({ s }) => bridgingEntry(s))
    : [];
  const compared: number[] = [];
  for (let p = 0; p < dlg.participantIds.length; p++) {
    if (dlg.polisGroup[p] >= 0 && analysis.clustering.groupOf[p] >= 0) compared.push(p);
  }
  return {
    conversation: {
      topic: exp.summary?.topic ?? '',
      participants: dlg.matrix.nParticipants,
      statements: dlg.matrix.nStatements,
      activeStatements: analysis.nActiveStatements,
      votes: dlg.matrix.statement.length,
    },
    parameters: { seed, minGroupSize },
    grouping,
    groups: analysis.groups.map((g) => ({
      id: g.id,
      size: g.size,
      suppressed: g.suppressed,
      representative: g.representative.map((r) => ({
        commentId: id(r.statement),
        text: text.get(id(r.statement)) ?? '',
        repfulFor: r.repfulFor,
        share: r.pSuccess,
        votes: r.nTrials,
        z: r.repnessTest,
      })),
    })),
    silhouettes: Object.fromEntries([...analysis.clustering.silhouettes].map(([k, v]) => [String(k), v])),
    participants: Array.from(dlg.participantIds, (pid, p) => ({
      id: pid,
      group: analysis.clustering.groupOf[p] >= 0 ? analysis.clustering.groupOf[p] : null,
    })),
    consensus: {
      agree: analysis.consensus.agree.map((c) => ref(c.statement, c.pSuccess, c.nTrials)),
      disagree: analysis.consensus.disagree.map((c) => ref(c.statement, c.pSuccess, c.nTrials)),
    },
    groupAwareConsensus: gac.map(({ s, v }) => ref(s, v)),
    bridging: analysis.bridging.map((b) => bridgingEntry(b.statement)),
    bridgingCandidates: candidates,
    communities: analysis.communities
      ? {
          reported: analysis.communities.communities.map((name, i) => ({ name, members: analysis.communities!.memberCounts[i] })),
          turnout: declared ? communityTurnout(dlg, declared.communityOf, declared.names) : [],
          pooled: analysis.communities.pooled,
          commonGround: analysis.communities.commonGround.slice(0, 10).map((c) => ({
            ...ref(c.statement, c.minAgreement),
            byCommunity: analysis.communities!.cells[c.statement].map((cell) => ({
              agree: cell.agree,
              disagree: cell.disagree,
              pass: cell.pass,
            })),
          })),
          thresholds: analysis.communities.thresholds,
        }
      : null,
    polisComparison:
      compared.length >= 2
        ? {
            adjustedRandIndex: adjustedRandIndex(
              compared.map((p) => analysis.clustering.groupOf[p]),
              compared.map((p) => dlg.polisGroup[p]),
            ),
            participantsCompared: compared.length,
          }
        : null,
  };
}

const clip = (s: string, n = 100) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
};
const pct = (x: number) => `${Math.round(x * 100)}%`;

const englishPlural = new Intl.PluralRules('en');
/** "1 group", "2 groups": the count with the noun in the right form. */
const count = (n: number, one: string, other: string) => `${n} ${englishPlural.select(n) === 'one' ? one : other}`;

/**
 * A bridging estimate in words. On the model's 0 (disagree) to 1 (agree) scale the intercept is how much more a
 * statement is agreed with than the average one once each person's viewpoint is accounted for; the factor is
 * how much viewpoint decides it.
 */
function bridgingWords(b: { intercept: number; factor: number; ratings: number }): string {
  const side = Math.abs(b.factor) < 0.15 ? 'viewpoint makes little difference' : Math.abs(b.factor) < 0.5 ? 'viewpoint matters somewhat' : 'viewpoint decides it';
  const above = `${b.intercept >= 0 ? '+' : '−'}${Math.abs(b.intercept).toFixed(2)}`;
  return `agreed from all sides ${above} above the average statement; ${side}; ${count(b.ratings, 'vote', 'votes')}`;
}

function printReport(report: Report): void {
  const out: string[] = [];
  const c = report.conversation;
  out.push(`Conversation: ${c.topic || '(no topic)'}`);
  out.push(
    `  ${count(c.participants, 'participant', 'participants')}, ${count(c.statements, 'statement', 'statements')} (${c.activeStatements} not moderated out), ${count(c.votes, 'vote', 'votes')}`,
  );
  const g0 = report.grouping;
  out.push(`\nOpinion groups: ${report.groups.length}${g0.mode === 'polis-compatible' ? ' (Pol.is-compatible replay)' : ''}`);
  out.push(`  Why: ${g0.explanation}`);
  if (g0.replay && g0.replay.kChanges.length > 1) {
    out.push(`  Number of groups over time (best by silhouette → shown):`);
    for (const u of g0.replay.kChanges.slice(-8)) out.push(`    ${u.time || 'final votes'} after ${count(u.votes, 'vote', 'votes')}: ${u.bestK} → ${u.shownK}`);
  }
  for (const g of report.groups) {
    out.push(`  Group ${g.id}: ${count(g.size, 'participant', 'participants')}${g.suppressed ? ` (below the minimum of ${report.parameters.minGroupSize}; not reported)` : ''}`);
    for (const r of g.representative) {
      out.push(`    ${pct(r.share)} of the group's ${count(r.votes, 'vote', 'votes')} ${r.repfulFor === 'agree' ? 'agree' : 'disagree'}, more than the others (z ${r.z.toFixed(2)})  #${r.commentId} ${clip(r.text)}`);
    }
  }
  const list = (title: string, items: StatementRef[], fmt: (i: StatementRef) => string) => {
    out.push(`\n${title}${items.length === 0 ? ': none' : ''}`);
    for (const i of items) out.push(`  ${fmt(i)}  #${i.commentId} ${clip(i.text)}`);
  };
  list('Most participants agree (Pol.is consensus)', report.consensus.agree, (i) => `${pct(i.score)} of ${count(i.votes ?? 0, 'vote', 'votes')} agree`);
  list('Most participants disagree (Pol.is consensus)', report.consensus.disagree, (i) => `${pct(i.score)} of ${count(i.votes ?? 0, 'vote', 'votes')} disagree`);
  if (report.groups.length >= 2) {
    list(
      `Agreed in each of the ${report.groups.length} opinion groups (chance that one member drawn from each group all agree)`,
      report.groupAwareConsensus,
      (i) => pct(i.score),
    );
  } else {
    out.push(`\nAgreed across opinion groups: not shown, it needs at least two groups and there ${report.groups.length === 1 ? 'is one' : 'are none'}`);
  }
  out.push(
    `\nBridging statements: agreed by people who otherwise disagree (Community Notes model: +0.40 above the average statement, on a 0 to 1 agree scale, whatever the viewpoint)${report.bridging.length === 0 ? ': none' : ''}`,
  );
  for (const b of report.bridging) out.push(`  ${bridgingWords(b)}  #${b.commentId} ${clip(b.text)}`);
  if (report.bridgingCandidates.length > 0) {
    out.push('  nearest below the +0.40 bar:');
    for (const b of report.bridgingCandidates) out.push(`  ${bridgingWords(b)}  #${b.commentId} ${clip(b.text)}`);
  }
  if (report.communities) {
    const cm = report.communities;
    out.push(`\nCommunities (turnout): ${cm.turnout.map((t) => `${t.name}: ${count(t.participants, 'participant', 'participants')}, ${count(t.votes, 'vote', 'votes')}`).join('; ') || 'none declared'}`);
    out.push(`  reported separately: ${cm.reported.map((r) => r.name).join(', ') || `none has ${cm.thresholds.minGroupSize} or more members`}`);
    if (cm.pooled.length > 0) out.push(`  below ${count(cm.thresholds.minGroupSize, 'member', 'members')}, pooled: ${cm.pooled.join(', ')}`);
    if (cm.reported.length >= 2) {
      out.push(`Statements every community agrees with${cm.commonGround.length === 0 ? ': none' : ''}`);
      for (const g of cm.commonGround) {
        const shares = g.byCommunity.map((b, i) => `${cm.reported[i].name} ${b.agree} of ${b.agree + b.disagree + b.pass} agree`).join(', ');
        out.push(`  ${shares}  #${g.commentId} ${clip(g.text, 70)}`);
      }
    } else {
      out.push('Statements every community agrees with: not shown, it needs at least two communities large enough to report');
    }
  }
  if (report.polisComparison) {
    out.push(
      `\nAgainst Pol.is's own groups in the export: adjusted Rand index ${report.polisComparison.adjustedRandIndex.toFixed(3)} over ${count(report.polisComparison.participantsCompared, 'participant', 'participants')} both clustered (1 = the same people together, 0 = chance)`,
    );
  }
  out.push('\nParticipants by group:');
  const byGroup = new Map<string, number[]>();
  for (const p of report.participants) {
    const key = p.group === null ? 'not clustered (too few votes)' : `group ${p.group}`;
    if (!byGroup.has(key)) byGroup.set(key, []);
    byGroup.get(key)!.push(p.id);
  }
  for (const [key, ids] of [...byGroup].sort()) out.push(`  ${key} (${ids.length}): ${ids.join(' ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function analyzeCommand(folder: string, options: AnalyzeOptions): void {
  const seed = positiveInteger(options.seed, '--seed', 0);
  const minGroupSize = positiveInteger(options.minGroupSize, '--min-group-size', 1);
  const progress = createProgress({ enabled: !options.json && Boolean(process.stderr.isTTY) });
  progress.start(3, 'reading export');
  const texts = readExportFolder(folder);
  const exp = inFolder(folder, () => parsePolisExport(texts));
  const dlg = inFolder(folder, () => toDialogue(exp));
  progress.update(1);
  const declared = options.communities ? readCommunities(options.communities, dlg.participantIds) : null;
  const choice = {
    polisCompatible: Boolean(options.polisCompatible),
    updateIntervalSeconds: positiveInteger(options.updateInterval, '--update-interval', 1),
    allowNoHistory: Boolean(options.allowNoHistory),
    restarts: positiveInteger(options.restarts, '--restarts', 0),
  };
  const polis = choice.polisCompatible ? inFolder(folder, () => polisGroups(exp, dlg, choice)) : null;
  const analysis = analyzeDialogue(
    {
      matrix: dlg.matrix,
      active: dlg.active,
      communityOf: declared?.communityOf,
      communityNames: declared?.names,
      groups: polis?.groups,
    },
    { seed, minGroupSize },
  );
  progress.update(2);
  const grouping = polis?.report ?? defaultGroupingReport(dlg, analysis.clustering, seed, choice.restarts);
  const report = buildReport(exp, dlg, analysis, seed, minGroupSize, grouping, declared);
  if (options.writeExport) {
    const target = options.writeExport;
    mkdirSync(target, { recursive: true });
    const files = serialisePolisExport(withAnalysis(exp, dlg, analysis));
    for (const [key, content] of Object.entries(files)) {
      writeFileSync(join(target, POLIS_FILES[key as keyof typeof POLIS_FILES]), content);
    }
  }
  progress.update(3);
  progress.stop();
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report);
}

export function register(program: Command): void {
  const dialogue = program.command('dialogue').description('Dialogue analysis: opinion groups, consensus and bridging statements');
  dialogue
    .command('analyze')
    .description('Analyse a Pol.is export folder offline (summary.csv, comments.csv, votes.csv, participants-votes.csv)')
    .argument('<export-folder>', 'folder holding the Pol.is export CSV files')
    .option('--json', 'print the analysis as JSON on stdout')
    .option('--min-group-size <n>', 'groups smaller than this are not reported separately', '5')
    .option('--seed <n>', 'seed for the random starts (same seed, same result)', '1')
    .option('--write-export <folder>', "also write Reckon's analysis as a Pol.is export into this folder")
    .option('--communities <csv>', 'declared community per participant (columns participant,community) for agreement by community')
    .option('--polis-compatible', 'the groups Pol.is would have shown: replay votes.csv in time order as Pol.is updates a conversation')
    .option('--update-interval <seconds>', 'with --polis-compatible: one Pol.is update per this many seconds that saw votes', '60')
    .option('--allow-no-history', 'with --polis-compatible: when the export has no usable vote times, treat the final votes as one update')
    .option('--restarts <n>', 'default mode: other random starts tried to show whether the groups are stable', '5')
    .action((folder: string, options: AnalyzeOptions) => analyzeCommand(folder, options));
}
