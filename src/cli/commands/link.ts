import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import {
  defaultSettings,
  linkRecords,
  parseSettings,
  SettingsError,
  type FittedModel,
  type LinkStage,
  type ReviewDecision,
} from '../../core/linkage/index.ts';
import { detectListColumns, parseRoleOverride, type ListColumns } from '../../core/casualties/columns.ts';
import { DATE_FORMATS, type DateFormat } from '../../core/casualties/values.ts';
import { nameOnlyReport } from '../../core/linkage/name-only.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { decodeCsv, parseCsv, type CsvTable } from './link-input.ts';
import { describeMapping, mappingSummary, writeCsvAtomically } from './link-output.ts';
import { describeUnreadable, prepareColumns } from './link-values.ts';

const MAX_INPUT_BYTES = 2 * 1024 * 1024 * 1024;

export interface LinkCommandOptions {
  out: string;
  settings?: string;
  model?: string;
  saveSettings?: string;
  saveModel?: string;
  decisions?: string;
  threshold?: string;
  threads?: string;
  json?: boolean;
  strict?: boolean;
  strictDates?: boolean;
  allowEmptyNames?: boolean;
  dateFormat?: string;
  map?: string[];
  receipt?: string;
  receiptKey?: string;
}

/** Values shown per column in detection: enough to see how dates and names are written, cheap at a million rows. */
const SAMPLE_ROWS = 5000;

function readJson(file: string, what: string): unknown {
  if (!existsSync(file)) throw new CliError(`${what} file ${file} does not exist`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function listLines(lines: number[], limit = 10): string {
  return lines.slice(0, limit).join(', ') + (lines.length > limit ? ` and ${lines.length - limit} more` : '');
}

function listProblems(problems: string[]): string {
  return `${problems.slice(0, 10).join('; ')}${problems.length > 10 ? `; and ${problems.length - 10} more` : ''}`;
}

/** Empty and repeated record ids, with their lines: refused under --strict, otherwise reported. */
function idProblems(table: CsvTable, idColumn: string | undefined): string[] {
  if (!idColumn) return [];
  const ids = table.columns[table.header.indexOf(idColumn)];
  const firstLine = new Map<string, number>();
  const problems: string[] = [];
  for (let r = 0; r < table.size; r++) {
    const id = ids[r];
    if (!id) problems.push(`line ${table.lines[r]}: empty ${idColumn}`);
    else if (firstLine.has(id)) problems.push(`line ${table.lines[r]}: ${idColumn} "${id.slice(0, 40)}" already on line ${firstLine.get(id)}`);
    else firstLine.set(id, table.lines[r]);
  }
  return problems;
}

/** Decisions CSV: left,right,decision with record ids (or data line numbers when there is no id column). */
function readDecisions(file: string, table: CsvTable, idColumn: string | undefined): ReviewDecision[] {
  if (!existsSync(file)) throw new CliError(`decisions file ${file} does not exist`);
  const decisions = parseCsv(decodeCsv(readFileSync(file), file).text, file, 'UTF-8');
  const [l, r, d] = ['left', 'right', 'decision'].map((h) => decisions.columns[decisions.header.indexOf(h)]);
  if (!l || !r || !d) throw new CliError(`${file}: the header must have columns left, right, decision`);
  const index = new Map<string, number>();
  if (idColumn) {
    const ids = table.columns[table.header.indexOf(idColumn)];
    for (let i = 0; i < table.size; i++) index.set(ids[i], i);
  } else {
    table.lines.forEach((line, i) => index.set(String(line), i));
  }
  const out: ReviewDecision[] = [];
  for (let i = 0; i < decisions.size; i++) {
    const line = decisions.lines[i];
    const left = index.get(l[i]);
    const right = index.get(r[i]);
    if (left === undefined || right === undefined) throw new CliError(`${file}:line ${line}: no record "${left === undefined ? l[i] : r[i]}" in the input`);
    if (left === right) throw new CliError(`${file}:line ${line}: a record cannot be decided against itself`);
    if (!/^(match|non-match)$/.test(d[i])) throw new CliError(`${file}:line ${line}: decision must be match or non-match, not "${d[i]}"`);
    out.push({ left, right, match: d[i] === 'match' });
  }
  return out;
}

function writeAtomically(file: string, content: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, content);
  renameSync(temp, file);
}

export async function runLink(input: string, options: LinkCommandOptions): Promise<void> {
  if (!existsSync(input)) throw new CliError(`${input} does not exist`);
  const size = statSync(input).size;
  if (size > MAX_INPUT_BYTES) throw new CliError(`${input} is ${size} bytes; the limit is ${MAX_INPUT_BYTES}`);
  // seconds of the command's own stages, reported beside the engine's in --json
  const cliSeconds: Record<string, number> = {};
  let clock = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    cliSeconds[stage] = (now - clock) / 1000;
    clock = now;
  };
  const { text, encoding } = decodeCsv(readFileSync(input), input);
  lap('read');
  const table = parseCsv(text, input, encoding);
  lap('parse');
  if (table.size === 0) throw new CliError(`${input}: there are no records after the header`);

  const strict = options.strict === true;
  const dateFormat = (options.dateFormat ?? 'auto') as DateFormat;
  if (!DATE_FORMATS.includes(dateFormat)) throw new CliError(`--date-format must be one of ${DATE_FORMATS.join(', ')}, not "${String(options.dateFormat).slice(0, 40)}"`, ExitCode.usage);
  let mapping: ListColumns;
  try {
    const overrides = (options.map ?? []).map(parseRoleOverride);
    mapping = detectListColumns(table.header, { overrides, samples: (c) => table.columns[table.header.indexOf(c)]?.slice(0, SAMPLE_ROWS) });
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(`--map: ${error.message}`, ExitCode.usage);
    throw error;
  }

  let rawSettings: unknown;
  try {
    rawSettings = options.settings ? readJson(options.settings, 'settings') : defaultSettings(table.header, { records: table.size, columns: mapping });
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(`${input}: ${error.message}`);
    throw error;
  }
  if (options.threshold !== undefined) {
    const t = Number(options.threshold);
    if (!(t > 0 && t < 1)) throw new CliError(`--threshold must be a probability between 0 and 1, not "${options.threshold}"`, ExitCode.usage);
    rawSettings = { ...(rawSettings as object), threshold: t };
  }
  let settings;
  try {
    settings = parseSettings(rawSettings, table.header);
  } catch (error) {
    if (error instanceof SettingsError) throw new CliError(`${options.settings ?? 'detected settings'}: ${error.problems.join('; ')}`);
    throw error;
  }
  if (!options.json) process.stderr.write(describeMapping(mapping, settings, options.settings));

  const prepared = prepareColumns(table, settings, mapping, { dateFormat });
  const warnings: string[] = [];
  // --strict keeps the refusals of earlier versions: rows without a name, empty or repeated ids, unreadable values
  if (prepared.rowsWithoutName.length > 0) {
    const lines = listLines(prepared.rowsWithoutName);
    if (strict && !options.allowEmptyNames) throw new CliError(`${input}: no name on line(s) ${lines}`);
    warnings.push(`${prepared.rowsWithoutName.length} row(s) have no name (line(s) ${lines}); they are linked on their other fields or stay persons of their own`);
  }
  if (prepared.filledFromFullName > 0) warnings.push(`${prepared.filledFromFullName} row(s) with empty split name columns took their names from ${mapping.full.join(', ')}`);
  const ids = idProblems(table, settings.idColumn);
  if (ids.length > 0) {
    if (strict) throw new CliError(`${input}: record ids must be unique and present: ${listProblems(ids)}`);
    warnings.push(`${ids.length} record id problem(s), so --decisions cannot name those rows: ${listProblems(ids)}`);
  }
  const unreadable = prepared.unreadable.map(describeUnreadable);
  const { date: badDates, sex: badSexes } = prepared.unreadableCount;
  if (badDates > 0 && (strict || options.strictDates)) throw new CliError(`${input}: ${badDates} date(s) cannot be read: ${listProblems(unreadable.filter((_, i) => prepared.unreadable[i].kind === 'date'))}`);
  if (badSexes > 0 && strict) throw new CliError(`${input}: ${badSexes} sex value(s) cannot be read: ${listProblems(unreadable.filter((_, i) => prepared.unreadable[i].kind === 'sex'))}`);
  if (badDates + badSexes > 0) {
    const counts = Object.entries(prepared.unreadableByColumn).map(([c, n]) => `${n} in ${c}`).join(', ');
    warnings.push(`${badDates} date(s) and ${badSexes} sex value(s) could not be read and were treated as missing (${counts}): ${listProblems(unreadable)}`);
  }
  // the order of day and month is a guess only when the column cannot prove it; other notes are in the mapping
  for (const [column, d] of Object.entries(prepared.dateFormats)) {
    if (d.chosenBy === 'values' && (d.ambiguous || d.conflicting)) warnings.push(`${column}: ${d.note}; choose with --date-format`);
  }
  const model = options.model ? (readJson(options.model, 'model') as FittedModel) : undefined;
  if (options.decisions && ids.length > 0) throw new CliError(`${input}: --decisions needs unique record ids: ${listProblems(ids)}`);
  const decisions = options.decisions ? readDecisions(options.decisions, table, settings.idColumn) : [];
  const columns = prepared.columns;
  lap('check');
  const threads = options.threads !== undefined ? Number(options.threads) : table.size >= 20_000 ? availableParallelism() : 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new CliError(`--threads must be a whole number from 1 to 64`, ExitCode.usage);

  const progress = createProgress();
  let stage: LinkStage | null = null;
  let result;
  try {
    result = await linkRecords({ columns, size: table.size }, settings, {
      model,
      decisions,
      threads,
      onProgress: (s, done, total) => {
        if (s !== stage) {
          if (stage) progress.stop();
          stage = s;
          progress.start(total, s);
        }
        progress.update(done);
      },
    });
  } catch (error) {
    if (error instanceof RangeError || error instanceof SettingsError) throw new CliError(error.message);
    throw error;
  } finally {
    if (stage) progress.stop();
  }

  // the engine reads the dates prepared above; anything it still cannot read is reported the same way
  const engineIssues = result.issues.map((i) => `line ${table.lines[i.row]}, ${i.column}: ${i.message}`);
  if (engineIssues.length > 0 && (strict || options.strictDates)) throw new CliError(`${input}: impossible dates: ${listProblems(engineIssues)}`);
  if (engineIssues.length > 0) warnings.push(`${engineIssues.length} value(s) could not be read by the engine and were treated as missing: ${listProblems(engineIssues)}`);
  warnings.push(...result.warnings);
  // records with a name and nothing that dates or places a person may join a person on the name alone: kept (most
  // are right), but counted and the persons named for review (src/core/linkage/name-only.ts has the measurements)
  const withoutName = new Set(prepared.rowsWithoutName);
  const evidenceColumns = [mapping.birth, mapping.age, mapping.death, ...mapping.place, ...mapping.address].filter((c): c is string => c !== undefined);
  const nameOnly = nameOnlyReport(
    evidenceColumns.map((c) => table.columns[table.header.indexOf(c)]),
    (i) => !withoutName.has(table.lines[i]),
    result.clusters.person,
  );
  const personLabel = (p: number) => `P${String(p + 1).padStart(String(result.clusters.persons).length, '0')}`;
  if (nameOnly.joined > 0) {
    const shown = nameOnly.persons.slice(0, 10).map(personLabel).join(', ');
    warnings.push(
      `${nameOnly.joined} of ${nameOnly.records} record(s) that carry only a name (no date, age or place) joined a person on the name alone; check ${nameOnly.persons.length} person(s): ${shown}${nameOnly.persons.length > 10 ? ', …' : ''}`,
    );
  }
  for (const w of warnings) process.stderr.write(`reckon link: warning: ${w}\n`);

  clock = performance.now();
  const width = String(result.clusters.persons).length;
  const personIds = new Array<string>(table.size);
  const probabilities = new Array<string>(table.size);
  for (let i = 0; i < table.size; i++) {
    const p = result.clusters.probability[i];
    personIds[i] = `P${String(result.clusters.person[i] + 1).padStart(width, '0')}`;
    probabilities[i] = Number.isNaN(p) ? '' : p.toFixed(4);
  }
  writeCsvAtomically(options.out, [...table.header, 'person_id', 'match_probability'], [...table.columns, personIds, probabilities], table.size);
  lap('write');
  if (options.saveSettings) writeAtomically(options.saveSettings, JSON.stringify(result.settings, null, 2) + '\n');
  if (options.saveModel) writeAtomically(options.saveModel, JSON.stringify(result.model, null, 2) + '\n');
  if (options.receipt) (await import('./receipt-link.ts')).writeLinkReceipt(input, options);

  if (options.json) {
    const summary = {
      input,
      output: options.out,
      encoding,
      records: result.stats.records,
      pairsScored: result.stats.candidatePairs,
      pairsPerRule: result.stats.pairsPerRule,
      linksAtThreshold: result.stats.linksAtThreshold,
      persons: result.stats.persons,
      threshold: result.settings.threshold,
      clustering: result.settings.clustering,
      threads: result.stats.threads,
      secondsByStage: { read: cliSeconds.read, parse: cliSeconds.parse, check: cliSeconds.check, ...result.stats.secondsByStage, write: cliSeconds.write },
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuSeconds: Number(((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(2)),
      mapping: mappingSummary(mapping, settings, options.settings, prepared.dateFormats),
      warnings,
      unreadable: {
        dates: badDates,
        sexes: badSexes,
        byColumn: prepared.unreadableByColumn,
        values: prepared.unreadable,
      },
      unreadableDates: badDates + engineIssues.length,
      rowsWithoutName: prepared.rowsWithoutName.length,
      nameOnly: { records: nameOnly.records, joined: nameOnly.joined, persons: nameOnly.persons.map(personLabel) },
      namesFromFullName: prepared.filledFromFullName,
      namesReordered: prepared.reorderedNames,
      decisionsApplied: decisions.length,
      settings: result.settings,
      model: result.model,
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  } else {
    process.stdout.write(
      `${result.stats.records} records, ${result.stats.candidatePairs} pairs scored, ${result.stats.persons} persons → ${options.out}\n`,
    );
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function register(program: Command): void {
  program
    .command('link')
    .description('Deduplicate one CSV of person records with no database: every row is written back with its person_id and match_probability')
    .argument('<records.csv>', 'records, one a row, with a header')
    .requiredOption('--out <persons.csv>', 'where to write the rows with person_id and match_probability')
    .option('--settings <file.json>', 'columns, comparisons, blocking rules and threshold (default: detected from the header)')
    .option('--threshold <p>', 'match probability at which two records become one person (default 0.9)')
    .option('--model <file.json>', 'use a model saved by an earlier run instead of estimating one (reproducible runs)')
    .option('--save-settings <file.json>', 'write the settings used, detected or given')
    .option('--save-model <file.json>', 'write the fitted model (m, u, λ)')
    .option('--decisions <file.csv>', 'reviewer decisions (columns left, right, decision = match|non-match) that override the model')
    .option('--threads <n>', 'worker threads for comparing pairs (default: all cores from 20,000 records)')
    .option('--map <role=column>', 'use this column for this role (given, family, full, patronymic, birth, death, sex, place, id…; ignore=column to drop one); repeatable', collect)
    .option('--date-format <order>', 'day-month order of dates written with separators: dmy, mdy, ymd, or auto (from the column; day first when it cannot tell)', 'auto')
    .option('--strict', 'refuse the input, as earlier versions did, when a row has no name, a record id is empty or repeated, or a date or sex cannot be read')
    .option('--allow-empty-names', 'kept for old scripts: rows without a name are linked on their other fields by default (and under --strict with this flag)')
    .option('--strict-dates', 'refuse the input when a date cannot be read (implied by --strict), instead of treating it as missing')
    .option('--json', 'print a machine-readable summary (records, pairs scored, persons, column mapping, warnings, unreadable values, model) on stdout')
    .option('--receipt <receipt.json>', 'write a receipt: the input rows, every option that changes the result, the persons found (check it with reckon receipt verify)')
    .option('--receipt-key <key>', 'sign the receipt with this signing key (PRIVATE+KEY+…, or a file holding it)')
    .action(async (input: string, options: LinkCommandOptions) => {
      await runLink(input, options);
    });
}
