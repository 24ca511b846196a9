import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { JsonValue } from '../../core/ledger/entry.ts';
import { commitInput, makeReceipt, type FigureMethod, type Scalar } from '../../core/receipts/index.ts';
import { codeVersion, readBytes, readSigner, writeReceipt } from './receipt-files.ts';
import type { LinkCommandOptions } from './link.ts';

/**
 * `reckon link … --receipt <file>`: a receipt of a deduplication run. Its inputs are the records (and the reviewer
 * decisions, when given); its parameters every option that changes the result, with the settings and model files'
 * contents; its outputs the number of records and persons and a Merkle root over the rows written (every record
 * with its person_id and match probability), so a verifier's rerun must assign every record to the same person.
 */

/** The options of `reckon link` that a receipt records (the rest only change where output goes or how fast). */
export type LinkReceiptOptions = Pick<
  LinkCommandOptions,
  'out' | 'settings' | 'model' | 'decisions' | 'threshold' | 'strict' | 'strictDates' | 'allowEmptyNames' | 'dateFormat' | 'map' | 'receipt' | 'receiptKey'
>;

const json = (file: string | undefined): JsonValue => (file ? (JSON.parse(readFileSync(file, 'utf8')) as JsonValue) : null);

function linkParameters(options: LinkReceiptOptions): Record<string, JsonValue> {
  return {
    threshold: options.threshold ?? null,
    dateFormat: options.dateFormat ?? 'auto',
    map: options.map ?? [],
    strict: options.strict === true,
    strictDates: options.strictDates === true,
    allowEmptyNames: options.allowEmptyNames === true,
    settings: json(options.settings),
    model: json(options.model),
  };
}

/** The figures of a run, read back from the rows it wrote. */
function linkOutputs(outFile: string): Record<string, Scalar> {
  const written = commitInput(basename(outFile), 'linked records', readFileSync(outFile), { keepLeaves: false });
  const sizes = new Map<string, number>();
  for (const row of written.rows) sizes.set(row.cells.person_id, (sizes.get(row.cells.person_id) ?? 0) + 1);
  return {
    records: written.rows.length,
    persons: sizes.size,
    personsWithSeveralRecords: [...sizes.values()].filter((n) => n > 1).length,
    assignmentRoot: written.commitment.root,
  };
}

export function writeLinkReceipt(input: string, options: LinkReceiptOptions): void {
  if (!options.receipt) return;
  const inputs = [commitInput(basename(input), 'records', readBytes(input, 'records')).commitment];
  if (options.decisions) inputs.push(commitInput(basename(options.decisions), 'decisions', readBytes(options.decisions, 'decisions')).commitment);
  const receipt = makeReceipt(
    { figure: { kind: 'linkage', label: basename(input) }, code: codeVersion(), createdAt: new Date().toISOString(), inputs, parameters: linkParameters(options), outputs: linkOutputs(options.out) },
    options.receiptKey ? readSigner(options.receiptKey) : undefined,
  );
  writeReceipt(options.receipt, receipt);
}

/** Runs `fn` with the process's stdout and stderr writes dropped: a rerun inside `receipt verify` must not print its own summary. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const out = process.stdout.write;
  const err = process.stderr.write;
  const drop = (() => true) as typeof process.stdout.write;
  process.stdout.write = drop;
  process.stderr.write = drop;
  try {
    return await fn();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

export function linkageMethod(): FigureMethod {
  return {
    kind: 'linkage',
    inputRoles: ['records', 'decisions (when the run had them)'],
    seeded: false,
    async recompute(inputs, parameters) {
      const dir = mkdtempSync(join(tmpdir(), 'reckon-receipt-'));
      try {
        const file = (name: string, content: string) => {
          const path = join(dir, name);
          writeFileSync(path, content);
          return path;
        };
        const records = file('records.csv', inputs[0].text);
        const decisions = inputs[1] ? file('decisions.csv', inputs[1].text) : undefined;
        const settings = parameters.settings ? file('settings.json', JSON.stringify(parameters.settings)) : undefined;
        const model = parameters.model ? file('model.json', JSON.stringify(parameters.model)) : undefined;
        const out = join(dir, 'persons.csv');
        const { runLink } = await import('./link.ts');
        await quietly(() =>
          runLink(records, {
            out,
            settings,
            model,
            decisions,
            threshold: typeof parameters.threshold === 'string' ? parameters.threshold : undefined,
            dateFormat: typeof parameters.dateFormat === 'string' ? parameters.dateFormat : undefined,
            map: Array.isArray(parameters.map) ? (parameters.map as string[]) : undefined,
            strict: parameters.strict === true,
            strictDates: parameters.strictDates === true,
            allowEmptyNames: parameters.allowEmptyNames === true,
          }),
        );
        return linkOutputs(out);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
