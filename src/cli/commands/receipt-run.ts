import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { commitInput, dialogueMethod, diffReceipts, linkageRunMethod, makeReceipt, ReceiptError, registryFigures, registryMethod, REGISTRY_INPUTS, REGISTRY_KIND, verifyReceipt, type FigureMethod, type ReceiptDiff, type VerifyReport } from '../../core/receipts/index.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { cliEstimateMethod } from './receipt-estimate.ts';
import { linkageMethod } from './receipt-link.ts';
import { casualtyStatsMethod } from '../../server/receipts/casualty-stats.ts';
import { join } from 'node:path';
import { codeVersion, readBytes, readReceiptJson, readSigner, readVerifiers, writeReceipt } from './receipt-files.ts';

/**
 * The work of `reckon receipt verify|registry|diff` (receipt.ts declares the commands and loads this only when one
 * runs, so `reckon receipt --help` does not load every method a receipt can be recomputed with): recompute a
 * published figure from its receipt and the open data, offline, and say which part differs; compare two receipts of
 * the same figure.
 */

const MARK: Record<VerifyReport['checks'][number]['status'], string> = { pass: 'ok  ', fail: 'FAIL', 'not-checked': '??  ', note: 'note' };

/** The figures a reader compares with the published page: each method's estimate and interval, a count's totals. */
const HEADLINE = /^(total\.[^.]+\.(estimate|lower|upper)|totals\.[^.]+|records|persons|claims|captureHistories\.[01]+)$/;

export function formatVerifyReport(file: string, report: VerifyReport, outputs: Record<string, unknown> = {}): string {
  const lines = [`${file}: ${report.figure.kind} "${report.figure.label}"`];
  for (const c of report.checks) {
    lines.push(`  ${MARK[c.status]} ${c.part}: ${c.message}`);
    if (c.status === 'fail' && c.differences && c.part !== 'manifest') for (const d of c.differences.slice(0, 20)) lines.push(`         ${d}`);
  }
  const failed = [...new Set(report.checks.filter((c) => c.status === 'fail').map((c) => c.part))];
  const unchecked = report.checks.filter((c) => c.status === 'not-checked').map((c) => c.part);
  lines.push(
    report.reproduced
      ? `REPRODUCED: every figure recomputed from the data given equals the receipt's${unchecked.length ? ` (not checked: ${unchecked.join(', ')})` : ''}`
      : report.checks.some((c) => c.part === 'input' && c.message.startsWith('no data given'))
        ? 'NOT REPRODUCED: the data was not given (--data)'
        : `NOT REPRODUCED: ${failed.length ? `differs in ${failed.join(', ')}` : `could not check ${unchecked.join(', ')}`}`,
  );
  // when reproduced, the receipt's figures are the recomputed ones: the headline ones are shown to compare with the page
  const headline = report.reproduced ? Object.entries(outputs).filter(([name]) => HEADLINE.test(name)) : [];
  if (headline.length) lines.push(`figures recomputed: ${headline.map(([name, value]) => `${name} ${JSON.stringify(value)}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function methods(): FigureMethod[] {
  // a server's linkage run reruns the engine on the records as it read them, comparing pairs on worker threads
  return [cliEstimateMethod(), linkageMethod(), linkageRunMethod(Math.min(2, availableParallelism())), casualtyStatsMethod(), registryMethod(), dialogueMethod()];
}

export async function verify(file: string, options: { data?: string[]; key?: string[]; json?: boolean }): Promise<void> {
  const receipt = readReceiptJson(file);
  const data = (options.data ?? []).map((path) => ({ name: basename(path), bytes: readBytes(path, 'data file') }));
  let report: VerifyReport;
  try {
    report = await verifyReceipt(receipt, data, { methods: methods(), verifiers: readVerifiers(options.key ?? []), code: codeVersion() });
  } catch (error) {
    if (error instanceof ReceiptError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  const outputs = (receipt as { outputs?: unknown }).outputs;
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(file, report, outputs && typeof outputs === 'object' ? (outputs as Record<string, unknown>) : {}));
  if (!report.reproduced) process.exitCode = ExitCode.failed;
}

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));

export function formatDiff(a: string, b: string, d: ReceiptDiff): string {
  const lines = [`${a} → ${b}`];
  if (!d.sameFigure) lines.push(`  note: different figures: ${d.figure[0].kind} "${d.figure[0].label}" and ${d.figure[1].kind} "${d.figure[1].label}"`);
  if (d.code) lines.push(`  code: ${d.code.before.version} (${d.code.before.commit ?? 'no commit'}) → ${d.code.after.version} (${d.code.after.commit ?? 'no commit'})`);
  for (const input of d.inputs) {
    if (input.same) {
      lines.push(`  input ${input.index + 1} (${input.name}): the same ${input.rowsAfter} rows`);
      continue;
    }
    const cols = [input.columnsAdded.length ? `columns added: ${input.columnsAdded.join(', ')}` : '', input.columnsRemoved.length ? `columns removed: ${input.columnsRemoved.join(', ')}` : ''].filter(Boolean);
    const rows =
      input.left && input.entered
        ? input.left.length + input.entered.length === 0
          ? 'the same rows in another order'
          : `${input.left.length} left (rows ${input.left.slice(0, 20).map((i) => i + 1).join(', ')}${input.left.length > 20 ? ' …' : ''} of the first), ${input.entered.length} entered (rows ${input.entered.slice(0, 20).map((i) => i + 1).join(', ')}${input.entered.length > 20 ? ' …' : ''} of the second)`
        : 'rows differ (a receipt keeps only the root, so which cannot be said)';
    lines.push(`  input ${input.index + 1} (${input.name}): ${input.rowsBefore} → ${input.rowsAfter} rows; ${[rows, ...cols].join('; ')}`);
  }
  lines.push(d.parameters.length ? `  parameters changed: ${d.parameters.map((p) => `${p.name} ${show(p.before)} → ${show(p.after)}`).join('; ')}` : '  parameters: the same');
  if (d.outputs.length === 0) lines.push('  figures: the same');
  else {
    lines.push(`  figures changed (${d.outputs.length}):`);
    for (const o of d.outputs.slice(0, 40)) lines.push(`    ${o.name}: ${show(o.before)} → ${show(o.after)}`);
    if (d.outputs.length > 40) lines.push(`    … and ${d.outputs.length - 40} more`);
  }
  return `${lines.join('\n')}\n`;
}

export function diff(a: string, b: string, options: { json?: boolean }): void {
  let d: ReceiptDiff;
  try {
    d = diffReceipts(readReceiptJson(a), readReceiptJson(b));
  } catch (error) {
    if (error instanceof ReceiptError) throw new CliError(error.message);
    throw error;
  }
  process.stdout.write(options.json ? `${JSON.stringify(d, null, 2)}\n` : formatDiff(a, b, d));
}

/** `reckon receipt registry <folder>`: the casualty figures of a registry import folder, per claim and per source. */
export function registry(folder: string, options: { receipt: string; event?: string; receiptKey?: string; label?: string }): void {
  const texts: Record<string, string> = {};
  const inputs = REGISTRY_INPUTS.map((name) => {
    const bytes = readBytes(join(folder, name), 'registry file');
    const committed = commitInput(name, name, bytes);
    texts[name] = committed.text;
    return committed.commitment;
  });
  let outputs;
  try {
    outputs = registryFigures(texts, { event: options.event ?? null });
  } catch (error) {
    throw new CliError(`${folder}: ${(error as Error).message}`);
  }
  const receipt = makeReceipt(
    { figure: { kind: REGISTRY_KIND, label: options.label ?? folder }, code: codeVersion(), createdAt: new Date().toISOString(), inputs, parameters: { event: options.event ?? null }, outputs },
    options.receiptKey ? readSigner(options.receiptKey) : undefined,
  );
  writeReceipt(options.receipt, receipt);
  process.stdout.write(`${outputs.claims} published casualty-figure claim(s), ${Object.keys(outputs).length} figures; receipt written to ${options.receipt}; check it with: reckon receipt verify ${options.receipt} --data ${REGISTRY_INPUTS.map((n) => join(folder, n)).join(' ')}\n`);
}

