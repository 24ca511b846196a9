import type { Command } from 'commander';
import { withDataOptions } from '../shared/data-options.ts';

/**
 * `reckon casualties import|link|cancel|review-export|stats`: the casualty lists in Reckon's database from the command
 * line, through the same services as the API. Only the commands are declared here; their work (casualties-run.ts,
 * casualties-report.ts) loads the server's services, the database and the list parsers, which `reckon casualties
 * --help` does not need, so it loads when a command runs.
 */
const run = () => import('./casualties-run.ts');
const reports = () => import('./casualties-report.ts');

export function register(program: Command): void {
  const casualties = program.command('casualties').description('casualty lists: import, link across scripts, review export, statistics');
  withDataOptions(
    casualties
      .command('import <source> <file>')
      .description('import a CSV list into a source (by name or id), all or nothing unless --good-rows; problems are reported by line, column and value')
      .option('--mapping <file.json>', 'column mapping {"source_record_id":"id","name":["name","name_ru"],...} (default: the mapping saved on the source, else one detected from the header, printed with its reasons)')
      .option('--create', 'register the source under that name if it does not exist')
      .option('--good-rows', 'import the rows without problems and leave the others out (needs --rejected)')
      .option('--rejected <file.csv>', 'with --good-rows: write the rows left out here, with the line, column, value, expectation and reason of each (a new file)')
      .option('--json', 'machine-readable output'),
  ).action(async (source: string, file: string, options: Record<string, unknown>) => (await run()).importList(source, file, options));

  withDataOptions(
    casualties
      .command('link')
      .description('link the records of sources into persons (a linkage run), showing progress; review decisions are applied')
      .option('--sources <list>', 'comma-separated source names or ids (default: every source)')
      .option('--threshold <p>', 'match probability that joins two records (default 0.9)')
      .option('--review-floor <p>', 'keep pairs from this probability for review (default 0.2)')
      .option('--strict', 'strict clustering (no chains A~B~C where A and C disagree)')
      .option('--json', 'print the finished run as JSON'),
  ).action(async (options: Record<string, unknown>) => (await run()).link(options));

  withDataOptions(
    casualties
      .command('cancel <run>')
      .description('cancel a linkage run: a queued one at once, a running one at its next check; nothing of it is kept (audited)')
      .option('--json', 'print the run as JSON'),
  ).action(async (ref: string, options: Record<string, unknown>) => (await run()).cancel(ref, options));

  registerReports(casualties);
}

function registerReports(casualties: Command): void {
  withDataOptions(
    casualties
      .command('review-export <run>')
      .description('write the uncertain pairs of a run (id or "latest") as CSV for review, with both records and why they scored so')
      .requiredOption('--out <pairs.csv>', 'file to write')
      .option('--min <p>', 'lowest probability', '0.2')
      .option('--max <p>', 'highest probability', '0.9')
      .option('--status <s>', 'all, undecided or decided', 'all'),
  ).action(async (ref: string, options: Record<string, unknown>) => (await reports()).reviewExport(ref, options as never));

  withDataOptions(
    casualties
      .command('stats <run>')
      .description('statistics of a run (id or "latest"): coverage, overlaps, sex, age, status, date, place, disagreements')
      .option('--min-cell <n>', 'publication view: hide counts below n persons, and cells that would give them back (default: exact figures)')
      .option('--json', 'print the statistics as JSON')
      .option('--receipt <receipt.json>', 'also write a receipt of these figures (see docs/receipts.md), with the persons table it commits to beside it')
      .option('--receipt-data <persons.csv>', 'where to write the persons table (default: <receipt>.persons.csv); person-level rows: keep it as confidential as the lists')
      .option('--receipt-key <key>', 'sign the receipt with this signing key (text or file)'),
  ).action(async (ref: string, options: Record<string, unknown>) => (await reports()).stats(ref, options));
}
