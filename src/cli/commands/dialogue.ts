import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { analyzeDialogue, adjustedRandIndex, type DialogueAnalysis } from '../../core/dialogue/index.ts';
import {
  POLIS_FILES,
  PolisFormatError,
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
  const analysis = analyzeDialogue({ matrix: dlg.matrix, active: dlg.active }, { seed, minGroupSize });
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
    .action((folder: string, options: AnalyzeOptions) => analyzeCommand(folder, options));
}
