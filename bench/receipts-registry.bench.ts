/**
 * Issue 15's goals on the Khojaly example (examples/khojaly-1992, the registry's published casualty figures):
 * `reckon receipt verify` reproduces every published figure, and one input row or one parameter changed is detected
 * and named, in `--trials` random trials (default 200). The receipt is made and checked exactly as the server's and
 * `reckon receipt registry` are (the four import files, signed), in this process.
 *
 *   node --import tsx bench/receipts-registry.bench.ts [--trials 200] [--seed 20261207]
 *
 * Changes, each to one random row of one random file (sources, actors, events, claims): a cell edited (one character
 * appended), the row removed, the row repeated at the end, the row swapped with the next one; or the receipt's one
 * parameter, `event`, set to an event of the example. Detected: verification does not say REPRODUCED. Named: the
 * failing check names the file and the row (by its receipt row and leaf, or its data line), the order, or the
 * parameter.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { formatVerifierKey, generateSigner, parseVerifierKey } from '../src/core/ledger/signed-note.ts';
import { commitInput, makeReceipt, REGISTRY_INPUTS, REGISTRY_KIND, registryFigures, registryMethod, verifyReceipt, type Receipt, type VerifyReport } from '../src/core/receipts/index.ts';
import { codeVersion } from '../src/server/receipts/code-version.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const TRIALS = Number(option('trials', '200'));
let state = Number(option('seed', '20261207')) >>> 0;
const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const load = () => loadavg().map((x) => x.toFixed(1)).join(', ');
const bytes = (text: string) => new TextEncoder().encode(text);
type File = (typeof REGISTRY_INPUTS)[number];

console.log(`machine: ${cpus().length} cores, node ${process.version}, ${new Date().toISOString()}, load ${load()}`);
const folder = new URL('../examples/khojaly-1992/', import.meta.url);
const files = Object.fromEntries(REGISTRY_INPUTS.map((name) => [name, readFileSync(new URL(name, folder), 'utf8')])) as Record<File, string>;
const rows = Object.fromEntries(REGISTRY_INPUTS.map((name) => [name, parse(files[name], { skipEmptyLines: true }) as string[][]])) as Record<File, string[][]>;
const code = codeVersion();
const signer = generateSigner('bench.receipts-registry');
const verifiers = [parseVerifierKey(formatVerifierKey(signer))];
const methods = [registryMethod()];

const cpu0 = process.cpuUsage();
const made = performance.now();
const receipt = JSON.parse(
  JSON.stringify(
    makeReceipt(
      {
        figure: { kind: REGISTRY_KIND, label: 'Khojaly 1992 (examples/khojaly-1992)' },
        code,
        createdAt: new Date().toISOString(),
        inputs: REGISTRY_INPUTS.map((name) => commitInput(name, name, bytes(files[name])).commitment),
        parameters: { event: null },
        outputs: registryFigures(files, { event: null }),
      },
      signer,
    ),
  ),
) as Receipt;
const verify = (r: Receipt, texts: Record<File, string>) => verifyReceipt(r, REGISTRY_INPUTS.map((name) => ({ name, bytes: bytes(texts[name]) })), { methods, verifiers, code });

const baseline = await verify(receipt, files);
const figures = Object.keys(receipt.outputs).length;
console.log(`\n## Reproduction: ${baseline.reproduced ? 'REPRODUCED' : 'NOT REPRODUCED'}, ${figures} figures of ${receipt.outputs.claims} published casualty-figure claims (${((performance.now() - made) / 1000).toFixed(2)} s to make and verify)`);
if (!baseline.reproduced) {
  console.log(JSON.stringify(baseline.checks, null, 1));
  process.exit(1);
}

interface Change {
  kind: string;
  receipt: Receipt;
  texts: Record<File, string>;
  named: (r: VerifyReport) => boolean;
}
const events = rows['events.csv'].slice(1).map((r) => r[0]);
const failing = (r: VerifyReport, file: File) => r.checks.find((c) => c.part === 'input' && c.status === 'fail' && c.message.startsWith(`${file}`)) ?? r.checks.find((c) => c.part === 'input' && c.status === 'fail' && c.message.includes(file));
const leftRow = (i: number) => `left: committed row ${i + 1} (leaf ${i}) is not in the data given`;

function rowChange(): Change {
  const file = pick(REGISTRY_INPUTS);
  const [header, ...body] = rows[file];
  const i = Math.floor(random() * body.length);
  const text = (b: string[][]) => stringify([header, ...b]);
  const with_ = (t: string) => ({ ...files, [file]: t });
  const kind = pick(['cell edited', 'row removed', 'row repeated', 'rows swapped'] as const);
  if (kind === 'cell edited') {
    const column = Math.floor(random() * header.length);
    const b = body.map((r) => [...r]);
    b[i][column] = `${b[i][column]}x`;
    return { kind: `${file}: ${kind}`, receipt, texts: with_(text(b)), named: (r) => Boolean(failing(r, file)?.differences?.includes(leftRow(i)) && failing(r, file)?.differences?.some((d) => d.startsWith('entered: line'))) };
  }
  if (kind === 'row removed') return { kind: `${file}: ${kind}`, receipt, texts: with_(text(body.filter((_, j) => j !== i))), named: (r) => Boolean(failing(r, file)?.differences?.includes(leftRow(i))) };
  if (kind === 'row repeated') return { kind: `${file}: ${kind}`, receipt, texts: with_(text([...body, body[i]])), named: (r) => Boolean(failing(r, file)?.differences?.some((d) => d.startsWith('entered: line'))) };
  const b = [...body];
  const j = (i + 1) % b.length;
  [b[i], b[j]] = [b[j], b[i]];
  // a file of one row cannot be reordered: that trial is a row repeated instead
  if (i === j) return { kind: `${file}: row repeated`, receipt, texts: with_(text([...body, body[i]])), named: (r) => Boolean(failing(r, file)?.differences?.some((d) => d.startsWith('entered: line'))) };
  return { kind: `${file}: ${kind}`, receipt, texts: with_(text(b)), named: (r) => /in a different order/.test(failing(r, file)?.message ?? '') };
}

function parameterChange(): Change {
  const edited = JSON.parse(JSON.stringify(receipt)) as Receipt;
  edited.parameters.event = pick(events);
  return {
    kind: 'parameter: event',
    receipt: edited,
    texts: files,
    named: (r) => Boolean(r.checks.find((c) => c.part === 'parameters')?.differences?.some((d) => d.startsWith('parameter "event"'))),
  };
}

const byKind = new Map<string, { n: number; detected: number; named: number }>();
const started = performance.now();
for (let k = 0; k < TRIALS; k++) {
  const change = random() < 0.75 ? rowChange() : parameterChange();
  const report = await verify(change.receipt, change.texts);
  const s = byKind.get(change.kind) ?? { n: 0, detected: 0, named: 0 };
  s.n++;
  if (!report.reproduced) s.detected++;
  if (!report.reproduced && change.named(report)) s.named++;
  else if (!report.reproduced) console.error(`not named: ${change.kind}: ${JSON.stringify(report.checks.filter((c) => c.status === 'fail'))}`);
  byKind.set(change.kind, s);
}
const total = [...byKind.values()].reduce((a, s) => ({ n: a.n + s.n, detected: a.detected + s.detected, named: a.named + s.named }), { n: 0, detected: 0, named: 0 });
const cpu = process.cpuUsage(cpu0);
console.log(`\n## One row or one parameter changed, signed receipt: ${TRIALS} trials in ${((performance.now() - started) / 1000).toFixed(1)} s; whole run ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s (load ${load()})\n`);
console.log('| change | trials | detected | named |');
console.log('|---|---|---|---|');
for (const [kind, s] of [...byKind].sort()) console.log(`| ${kind} | ${s.n} | ${s.detected} | ${s.named} |`);
console.log(`| **all** | ${total.n} | ${total.detected} (${((100 * total.detected) / total.n).toFixed(1)} %) | ${total.named} (${((100 * total.named) / total.n).toFixed(1)} %) |`);
process.exitCode = total.detected === total.n && total.named === total.n ? 0 : 1;
