/**
 * A casualty linkage run in the server at size: three synthetic lists in three scripts imported through the service,
 * then one linkage run as a queued job (read records, link, store pairs and persons in one transaction), against the
 * engine alone on the same input in the same process (the reference: what the server adds is reading and storing).
 *
 *   node --import tsx bench/casualties-run.bench.ts [--persons 50000] [--runs 3]
 *
 * Embedded PGlite (the default engine). Medians of `--runs` runs; peak RSS of the process.
 */
import { cpus } from 'node:os';
import { systemActor } from '../src/server/accounts/actor.ts';
import { createTestApp } from '../src/server/testing.ts';
import { currentRecords, sourceMappings } from '../src/server/casualties/repository.ts';
import { engineInput } from '../src/server/casualties/linkage-input.ts';
import { linkRecords, parseSettings } from '../src/core/linkage/index.ts';
import { FIXTURE_MAPPING, pairwiseF1, threeLists } from '../test/api/casualties-fixtures.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] ? args[k + 1] : fallback;
};
const persons = Number(option('--persons', '50000'));
const runs = Number(option('--runs', '3'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const actor = systemActor('bench');

const lists = threeLists(persons, 11, 0.03);
const t = await createTestApp();
const seconds = { import: [] as number[], run: [] as number[], engine: [] as number[] };
let last: Record<string, number> = {};
let f1 = NaN;
try {
  let clock = performance.now();
  const sourceIds: string[] = [];
  for (const name of ['az', 'ru', 'hy']) {
    const source = await t.ctx.casualties.createSource(actor, { name: `Bench ${name}` });
    await t.ctx.casualties.importCsv(actor, source.id, Buffer.from(lists.csv[name]), FIXTURE_MAPPING);
    sourceIds.push(source.id);
  }
  seconds.import.push((performance.now() - clock) / 1000);
  const records = await currentRecords(t.ctx.db, sourceIds);
  const created = await t.ctx.casualties.runs.create(actor, { sourceIds });
  const settings = (await t.ctx.casualties.runs.get(actor, created.id)).settings;
  const { reviewFloor: _unused, ...linkSettings } = settings;
  void _unused;
  const input = engineInput(records, parseSettings(linkSettings), await sourceMappings(t.ctx.db, sourceIds));
  for (let r = 0; r < runs; r++) {
    const run = r === 0 ? created : await t.ctx.casualties.runs.create(actor, { sourceIds });
    clock = performance.now();
    await t.ctx.jobs.drain();
    seconds.run.push((performance.now() - clock) / 1000);
    const detail = await t.ctx.casualties.runs.get(actor, run.id);
    if (detail.state !== 'done') throw new Error(`run failed: ${detail.error}`);
    last = detail.counts;
    clock = performance.now();
    const { reviewFloor: _floor, ...engineSettings } = settings;
    void _floor;
    await linkRecords(input, engineSettings, { threads: Math.min(2, cpus().length) });
    seconds.engine.push((performance.now() - clock) / 1000);
  }
  const predicted = new Map<string, number>();
  const page = await t.ctx.db
    .selectFrom('person_records as m')
    .innerJoin('casualty_records as r', 'r.id', 'm.record_id')
    .select(['r.source_record_id', 'm.person_id', 'm.run_id'])
    .where('m.run_id', '=', (await t.ctx.casualties.runs.list(actor))[0].id)
    .execute();
  for (const row of page) predicted.set(row.source_record_id, row.person_id);
  // pairwise F1 is quadratic here; the engine bench reports accuracy at scale
  if (predicted.size <= 8000) f1 = pairwiseF1(predicted, lists.truth).f1;
} finally {
  await t.close();
}

const rss = process.resourceUsage().maxRSS / 1024;
const runMedian = median(seconds.run);
const engineMedian = median(seconds.engine);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`records ${last.records}, candidate pairs ${last.candidatePairs}, pairs stored ${last.pairsStored}, persons ${last.persons}${Number.isNaN(f1) ? '' : `, pairwise F1 ${f1.toFixed(3)}`}`);
console.log('');
console.log('| step | median s | runs | ratio to engine alone |');
console.log('|---|---|---|---|');
console.log(`| import 3 lists (service, PGlite) | ${median(seconds.import).toFixed(1)} | 1 | |`);
console.log(`| linkage run as a job (read, link, store) | ${runMedian.toFixed(1)} | ${runs} | ${(runMedian / engineMedian).toFixed(2)} |`);
console.log(`| reference: engine alone, same input | ${engineMedian.toFixed(1)} | ${runs} | 1.00 |`);
console.log(`\npeak RSS ${rss.toFixed(0)} MB`);
