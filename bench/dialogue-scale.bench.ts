/**
 * Full recomputation and incremental update at the scale: a synthetic conversation of 100,000
 * participants × 10,000 statements with 5,000,000 votes and three planted groups. Goal: ≤ 60 s and ≤ 4 GB.
 *
 * The references printed in the same run are the goal itself and a cold recomputation of the same votes next
 * to the warm incremental update. Wall-clock time is reported beside CPU time because the development machine
 * is shared and its wall-clock figures swing with other people's work.
 *
 *   node --import tsx bench/dialogue-scale.bench.ts [runs] [participants] [statements] [votes]
 */
import { cpus } from 'node:os';
import {
  DialogueAnalyzer,
  adjustedRandIndex,
  analyzeDialogue,
  generateSynthetic,
  type DialogueAnalysis,
} from '../src/core/dialogue/index.ts';

const RUNS = Number(process.argv[2] ?? 3);
const P = Number(process.argv[3] ?? 100_000);
const S = Number(process.argv[4] ?? 10_000);
const V = Number(process.argv[5] ?? 5_000_000);
const GOAL_SECONDS = 60;
const GOAL_BYTES = 4 * 1024 ** 3;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Measured<T> {
  result: T;
  wallMs: number;
  cpuMs: number;
}

function measure<T>(work: () => T): Measured<T> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = work();
  const wallMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { result, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function main(): void {
  console.log(`# dialogue scale bench — ${new Date().toISOString()}`);
  console.log(`# ${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}; medians of ${RUNS} runs`);
  const generated = measure(() => generateSynthetic({ participants: P, statements: S, votes: V, groups: 3, seed: 1 }));
  const syn = generated.result;
  const nnz = syn.matrix.statement.length;
  console.log(`# synthetic: ${P} participants × ${S} statements, ${nnz} votes, 3 planted groups (generated in ${(generated.wallMs / 1000).toFixed(1)} s)\n`);

  const cold: Measured<DialogueAnalysis>[] = [];
  for (let r = 0; r < RUNS; r++) {
    cold.push(
      measure(() =>
        analyzeDialogue({ matrix: syn.matrix, communityOf: syn.communityOf, communityNames: syn.communityNames }, { seed: 1 + r }),
      ),
    );
  }
  const a = cold[0].result;
  const members = Array.from(a.clustering.inConv);
  const ari = adjustedRandIndex(members.map((p) => a.clustering.groupOf[p]), members.map((p) => syn.truth[p]));
  const phases = Object.keys(a.timingsMs);

  // Incremental: 95% of the votes first, then the last 5% (new and changed votes) as one batch.
  const analyzer = new DialogueAnalyzer({ seed: 1 });
  const cut = Math.floor(P * 0.95);
  const batch: { participant: number; statement: number; value: number }[] = [];
  const firstPart: { participant: number; statement: number; value: number }[] = [];
  for (let p = 0; p < P; p++) {
    for (let k = syn.matrix.rowStart[p]; k < syn.matrix.rowStart[p + 1]; k++) {
      (p < cut ? firstPart : batch).push({ participant: p, statement: syn.matrix.statement[k], value: syn.matrix.value[k] });
    }
  }
  analyzer.setCommunities(syn.communityOf, syn.communityNames);
  analyzer.addVotes(firstPart);
  firstPart.length = 0;
  analyzer.update();
  const warm: Measured<DialogueAnalysis>[] = [];
  const batchSize = batch.length;
  analyzer.addVotes(batch);
  warm.push(measure(() => analyzer.update()));
  const w = warm[0].result;
  const agreeWithCold = adjustedRandIndex(members.map((p) => w.clustering.groupOf[p]), members.map((p) => a.clustering.groupOf[p]));
  const maxRss = process.resourceUsage().maxRSS * 1024;

  const row = (name: string, wall: number[], cpu: number[], note = '') =>
    `| ${name} | ${(median(wall) / 1000).toFixed(2)} | ${(median(cpu) / 1000).toFixed(2)} | ${note} |`;
  console.log('| step | wall s (median) | CPU s (median) | note |');
  console.log('|---|---|---|---|');
  console.log(row('goal (reference)', [GOAL_SECONDS * 1000], [GOAL_SECONDS * 1000], 'issue 8: full recomputation ≤ 60 s'));
  console.log(row('full recomputation, cold', cold.map((c) => c.wallMs), cold.map((c) => c.cpuMs), `${RUNS} runs, seeds 1..${RUNS}`));
  for (const phase of phases) {
    console.log(row(`  ${phase}`, cold.map((c) => c.result.timingsMs[phase]), cold.map((c) => c.result.timingsMs[phase]), 'wall'));
  }
  console.log(
    row(
      `incremental update, warm (+${batchSize} votes)`,
      warm.map((c) => c.wallMs),
      warm.map((c) => c.cpuMs),
      `ratio to cold ${(median(warm.map((c) => c.wallMs)) / median(cold.map((c) => c.wallMs))).toFixed(2)}; ARI vs cold groups ${agreeWithCold.toFixed(3)}`,
    ),
  );
  console.log();
  console.log('| measure | value | reference |');
  console.log('|---|---|---|');
  console.log(`| peak resident memory (whole process) | ${(maxRss / 1024 ** 2).toFixed(0)} MiB | goal ≤ ${(GOAL_BYTES / 1024 ** 3).toFixed(0)} GiB; a dense float64 ${P}×${S} matrix alone is ${((P * S * 8) / 1024 ** 3).toFixed(1)} GiB |`);
  console.log(`| groups found / planted | ${a.clustering.groupCount} / 3 | |`);
  console.log(`| ARI against planted groups | ${ari.toFixed(3)} | 1 = perfect |`);
  console.log(`| PCA iterations cold / warm | ${a.pca.iterations[0]} / ${w.pca.iterations[0]} | |`);
  console.log(`| bridging sweeps cold / warm | ${a.bridgingModel?.sweeps} / ${w.bridgingModel?.sweeps} | |`);
  console.log(`| bridging statements | ${a.bridging.length} | planted consensus statements: ${Array.from(syn.consensus).filter((c) => c).length} |`);
}

main();
