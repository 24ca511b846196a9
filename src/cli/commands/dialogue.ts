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
import { createProgress } from '../progress.ts';

/** V8 cannot hold a string much beyond 512 MiB; refuse earlier with a clear message rather than crash. */
const MAX_FILE_BYTES = 500 * 1024 * 1024;

interface AnalyzeOptions {
  json?: boolean;
  minGroupSize: string;
  seed: string;
  writeExport?: string;
  communities?: string;
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

function buildReport(exp: PolisExport, dlg: PolisDialogue, analysis: DialogueAnalysis, seed: number, minGroupSize: number): Report {
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
        .filter(({ s }) => dlg.active[s] && !model.bridging[s] && Math.abs(model.statementFactor[s]) < 0.5 && model.ratingsPerStatement[s] >= 5)
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

function printReport(report: Report): void {
  const out: string[] = [];
  const c = report.conversation;
  out.push(`Conversation: ${c.topic || '(no topic)'}`);
  out.push(`  ${c.participants} participants, ${c.statements} statements (${c.activeStatements} not moderated out), ${c.votes} votes`);
  const sil = Object.entries(report.silhouettes).map(([k, v]) => `k=${k}: ${v.toFixed(3)}`).join(', ');
  out.push(`\nOpinion groups: ${report.groups.length} (silhouette ${sil || 'n/a'})`);
  for (const g of report.groups) {
    out.push(`  Group ${g.id}: ${g.size} participants${g.suppressed ? ` (below the minimum of ${report.parameters.minGroupSize}; not reported)` : ''}`);
    for (const r of g.representative) {
      out.push(`    ${r.repfulFor === 'agree' ? '+' : '-'} ${pct(r.share)} ${r.repfulFor} of ${r.votes} (z ${r.z.toFixed(2)})  #${r.commentId} ${clip(r.text)}`);
    }
  }
  const list = (title: string, items: StatementRef[], fmt: (i: StatementRef) => string) => {
    out.push(`\n${title}${items.length === 0 ? ': none' : ''}`);
    for (const i of items) out.push(`  ${fmt(i)}  #${i.commentId} ${clip(i.text)}`);
  };
  list('Consensus, agreed (Pol.is)', report.consensus.agree, (i) => `${pct(i.score)} of ${i.votes}`);
  list('Consensus, disagreed (Pol.is)', report.consensus.disagree, (i) => `${pct(i.score)} of ${i.votes}`);
  list('Group-aware consensus (product over groups of (agree+1)/(votes+2))', report.groupAwareConsensus, (i) => i.score.toFixed(3));
  out.push(`\nBridging (Community Notes model: intercept >= 0.40 and |factor| < 0.5)${report.bridging.length === 0 ? ': none' : ''}`);
  for (const b of report.bridging) out.push(`  i=${b.intercept.toFixed(3)} f=${b.factor.toFixed(3)} (${b.ratings} ratings)  #${b.commentId} ${clip(b.text)}`);
  if (report.bridgingCandidates.length > 0) {
    out.push('  nearest below the threshold:');
    for (const b of report.bridgingCandidates) out.push(`  i=${b.intercept.toFixed(3)} f=${b.factor.toFixed(3)} (${b.ratings} ratings)  #${b.commentId} ${clip(b.text)}`);
  }
  if (report.communities) {
    const cm = report.communities;
    out.push(`\nCommunities: ${cm.reported.map((r) => `${r.name} (${r.members})`).join(', ') || 'none large enough to report'}`);
    if (cm.pooled.length > 0) out.push(`  below ${cm.thresholds.minGroupSize} members, pooled: ${cm.pooled.join(', ')}`);
    out.push(`Statements every community agrees with${cm.commonGround.length === 0 ? ': none' : ''}`);
    for (const c of cm.commonGround) {
      const shares = c.byCommunity.map((b, i) => `${cm.reported[i].name} ${b.agree}/${b.agree + b.disagree + b.pass}`).join(', ');
      out.push(`  ${shares}  #${c.commentId} ${clip(c.text, 70)}`);
    }
  }
  if (report.polisComparison) {
    out.push(`\nAgainst Pol.is's own groups in the export: adjusted Rand index ${report.polisComparison.adjustedRandIndex.toFixed(3)} over ${report.polisComparison.participantsCompared} participants both clustered`);
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
  const analysis = analyzeDialogue(
    {
      matrix: dlg.matrix,
      active: dlg.active,
      communityOf: declared?.communityOf,
      communityNames: declared?.names,
    },
    { seed, minGroupSize },
  );
  progress.update(2);
  const report = buildReport(exp, dlg, analysis, seed, minGroupSize);
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
    .action((folder: string, options: AnalyzeOptions) => analyzeCommand(folder, options));
}
