/**
 * Dialogue engine on the seven shared Pol.is conversations: agreement with Pol.is's own groups (adjusted Rand
 * index over the participants both clustered), overlap of consensus statements, and timing against a dense,
 * Pol.is-style PCA (column-mean-filled matrix in memory, power iteration with deflation) run in the same process.
 *
 *   node --import tsx bench/dialogue.bench.ts [runs]
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { sharedPath } from '../test/shared-data.ts';
import {
  adjustedRandIndex,
  analyzeDialogue,
  countGroupVotes,
  groupAwareConsensus,
  type VoteMatrix,
} from '../src/core/dialogue/index.ts';
import { parsePolisExport, serialisePolisExport, toDialogue, type PolisExportTexts } from '../src/core/polis-format/index.ts';

const CONVERSATIONS = [
  '15-per-hour-seattle',
  'austria-climate.5twd2jsnkf.2022-08-08',
  'bg2050-volunteers',
  'brexit-consensus',
  'canadian-electoral-reform',
  'scoop-hivemind.biodiversity',
  'vtaiwan.uberx',
];
const RUNS = Number(process.argv[2] ?? 5);
const SEEDS = [1, 2, 3, 4, 5];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function time<T>(work: () => T): [T, number] {
  const t = performance.now();
  const result = work();
  return [result, performance.now() - t];
}

/** The reference: what Pol.is does in memory, a dense P × S matrix with unseen cells set to the column mean. */
function densePca(matrix: VoteMatrix, active: Uint8Array, iterations = 100): [Float64Array, Float64Array] {
  const P = matrix.nParticipants;
  const S = matrix.nStatements;
  const mean = new Float64Array(S);
  const n = new Float64Array(S);
  for (let k = 0; k < matrix.statement.length; k++) {
    mean[matrix.statement[k]] += matrix.value[k];
    n[matrix.statement[k]] += 1;
  }
  for (let s = 0; s < S; s++) mean[s] = n[s] > 0 ? mean[s] / n[s] : 0;
  const dense = new Float64Array(P * S);
  for (let p = 0; p < P; p++) {
    for (let s = 0; s < S; s++) dense[p * S + s] = 0; // centred fill: mean − mean
    for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
      const s = matrix.statement[k];
      if (active[s]) dense[p * S + s] = matrix.value[k] - mean[s];
    }
  }
  const comps: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let v = new Float64Array(S).fill(1);
    for (let it = 0; it < iterations; it++) {
      for (const u of comps) {
        let d = 0;
        for (let s = 0; s < S; s++) d += v[s] * u[s];
        for (let s = 0; s < S; s++) v[s] -= d * u[s];
      }
      const w = new Float64Array(S);
      for (let p = 0; p < P; p++) {
        let d = 0;
        for (let s = 0; s < S; s++) d += dense[p * S + s] * v[s];
        for (let s = 0; s < S; s++) w[s] += d * dense[p * S + s];
      }
      for (const u of comps) {
        let d = 0;
        for (let s = 0; s < S; s++) d += w[s] * u[s];
        for (let s = 0; s < S; s++) w[s] -= d * u[s];
      }
      let norm = 0;
      for (let s = 0; s < S; s++) norm += w[s] * w[s];
      norm = Math.sqrt(norm);
      if (norm === 0) break;
      for (let s = 0; s < S; s++) w[s] /= norm;
      v = w;
    }
    comps.push(v);
  }
  return [comps[0], comps[1]];
}

function topK(scores: Float64Array, active: Uint8Array, k: number): number[] {
  return Array.from(scores, (v, s) => [v, s] as const)
    .filter(([, s]) => active[s])
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k)
    .map(([, s]) => s);
}

function overlap(a: number[], b: number[]): number {
  const set = new Set(b);
  return a.filter((x) => set.has(x)).length;
}

const fmt = (x: number, d = 2) => x.toFixed(d);

function main(): void {
  if (!existsSync(sharedPath('data', 'polis'))) {
    console.log('skipping: shared/data/polis is not present');
    return;
  }
  console.log(`# dialogue bench on the shared Pol.is conversations — ${new Date().toISOString()}`);
  console.log(`# ${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}; medians of ${RUNS} runs\n`);
  const rows: string[][] = [];
  const timing: string[][] = [];
  for (const name of CONVERSATIONS) {
    const folder = sharedPath('data', 'polis', name);
    const read = (f: string) => (existsSync(join(folder, f)) ? readFileSync(join(folder, f), 'utf8') : undefined);
    const texts: PolisExportTexts = {
      summary: read('summary.csv'),
      comments: read('comments.csv')!,
      votes: read('votes.csv'),
      participantsVotes: read('participants-votes.csv'),
    };
    const parseTimes: number[] = [];
    let exp = parsePolisExport(texts);
    for (let r = 0; r < RUNS; r++) [exp, parseTimes[r]] = time(() => parsePolisExport(texts));
    const written = serialisePolisExport(exp);
    const byteExact = (['summary', 'comments', 'votes', 'participantsVotes'] as const).every((k) => written[k] === texts[k]);
    const dialogue = toDialogue(exp);
    const { matrix, active, polisGroup } = dialogue;

    const aris: number[] = [];
    let first: ReturnType<typeof analyzeDialogue> | null = null;
    let compared = 0;
    for (const seed of SEEDS) {
      const a = analyzeDialogue({ matrix, active }, { seed, bridging: false });
      const both: number[] = [];
      for (let p = 0; p < matrix.nParticipants; p++) if (polisGroup[p] >= 0 && a.clustering.groupOf[p] >= 0) both.push(p);
      aris.push(adjustedRandIndex(both.map((p) => a.clustering.groupOf[p]), both.map((p) => polisGroup[p])));
      if (!first) {
        first = a;
        compared = both.length;
      }
    }
    const a = first!;
    const polisGroups = new Set(Array.from(polisGroup).filter((g) => g >= 0)).size;
    // Group-aware consensus under Reckon's groups and under Pol.is's groups (same votes, same formula).
    const polisCounts = countGroupVotes(matrix, polisGroup, polisGroups);
    const gacPolis = groupAwareConsensus(polisCounts, active);
    const top10Reckon = topK(a.groupAwareConsensus, active, 10);
    const top10Polis = topK(gacPolis, active, 10);
    // bg2050 ships Pol.is's own group-informed-consensus column: check the formula against it.
    let exportedCheck = '';
    const exported = exp.comments.rows.filter((c) => c.groupInformedConsensus !== null);
    if (exported.length > 0) {
      const colOf = new Map(Array.from(dialogue.statementIds, (id, i) => [id, i]));
      let maxDiff = 0;
      const exportedScores = new Float64Array(matrix.nStatements);
      for (const c of exported) {
        const s = colOf.get(c.id)!;
        exportedScores[s] = c.groupInformedConsensus!;
        if (active[s]) maxDiff = Math.max(maxDiff, Math.abs(c.groupInformedConsensus! - gacPolis[s]));
      }
      exportedCheck = `exported GIC: top-10 overlap ${overlap(topK(exportedScores, active, 10), top10Reckon)}/10 with Reckon, max |Δ| vs formula on Pol.is groups ${maxDiff.toExponential(1)}`;
    }
    const bridgingModel = analyzeDialogue({ matrix, active }, { seed: 1 }).bridgingModel!;
    let bestIntercept = -Infinity;
    for (let s = 0; s < matrix.nStatements; s++) {
      if (active[s] && Math.abs(bridgingModel.statementFactor[s]) < 0.5 && bridgingModel.ratingsPerStatement[s] >= 5) {
        bestIntercept = Math.max(bestIntercept, bridgingModel.statementIntercept[s]);
      }
    }
    const bridgingCount = Array.from(bridgingModel.bridging).filter((b) => b).length;
    rows.push([
      name.slice(0, 26),
      String(matrix.nParticipants),
      String(matrix.nStatements),
      String(matrix.statement.length),
      `${compared}`,
      `${a.clustering.groupCount}/${polisGroups}`,
      fmt(aris[0], 3),
      `${fmt(Math.min(...aris), 3)}–${fmt(Math.max(...aris), 3)}`,
      `${overlap(top10Reckon, top10Polis)}/10`,
      `${bridgingCount} (μ ${fmt(bridgingModel.mu)}, best i ${fmt(bestIntercept)})`,
      byteExact ? 'yes' : 'NO',
    ]);
    if (exportedCheck) rows.push([`  ${exportedCheck}`]);

    const analysisTimes: number[] = [];
    const pcaTimes: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const [res, ms] = time(() => analyzeDialogue({ matrix, active }, { seed: 1 }));
      analysisTimes.push(ms);
      pcaTimes.push(res.timingsMs.pca);
    }
    const denseTimes: number[] = [];
    let dense: [Float64Array, Float64Array] | null = null;
    for (let r = 0; r < RUNS; r++) [dense, denseTimes[r]] = time(() => densePca(matrix, active));
    let cos = 0;
    for (let s = 0; s < matrix.nStatements; s++) cos += dense![0][s] * a.pca.components[0][s];
    timing.push([
      name.slice(0, 26),
      fmt(median(parseTimes), 1),
      fmt(median(analysisTimes), 1),
      fmt(median(pcaTimes), 1),
      fmt(median(denseTimes), 1),
      fmt(median(denseTimes) / median(pcaTimes), 1),
      fmt(Math.abs(cos), 6),
      String(a.pca.iterations[0]),
    ]);
  }
  const print = (header: string[], body: string[][]) => {
    console.log(`| ${header.join(' | ')} |`);
    console.log(`|${header.map(() => '---').join('|')}|`);
    for (const r of body) console.log(r.length === 1 ? `| ${r[0]} |` : `| ${r.join(' | ')} |`);
    console.log();
  };
  console.log('Validation against Pol.is (reference: Pol.is group-id in participants-votes.csv)\n');
  print(
    ['conversation', 'P', 'S', 'votes', 'compared', 'k Reckon/Pol.is', 'ARI seed 1', 'ARI seeds 1-5', 'GAC top-10 overlap', 'bridging', 'byte-exact round trip'],
    rows,
  );
  console.log('Timing (ms, medians); reference: dense Pol.is-style PCA on the same votes, same process\n');
  print(['conversation', 'parse', 'full analysis', 'sparse PCA', 'dense PCA (reference)', 'dense / sparse', '|cos| PC1 vs dense', 'PCA iterations'], timing);
}

main();
