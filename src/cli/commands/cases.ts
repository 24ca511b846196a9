import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { CASES_JSON_FILE, caseFiles, FRAMEWORK_JSON_FILE, frameworkFiles, type Problem } from '../../core/cases/index.ts';
import { formatProblem } from '../../core/registry/report.ts';
import { systemActor } from '../../server/accounts/actor.ts';
import { CasesService } from '../../server/cases/service.ts';
import { DomainError } from '../../server/errors.ts';
import { readImportFolder } from '../../server/registry/demo.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';

const cli = systemActor('command line');

/**
 * The `reckon cases` group. cases-evidence.ts and cases-command.ts add their subcommands to the same group through
 * casesCommand(), whichever registers first.
 */
export function casesCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'cases') ?? program.command('cases').description('Justice: legal frameworks, incidents, allegations, evidence and chains of command');
}

const FRAMEWORK_NAMES = new Set<string>([...Object.values(frameworkFiles).map((f) => f.file), FRAMEWORK_JSON_FILE]);
const CASE_NAMES = new Set<string>([...Object.values(caseFiles).map((f) => f.file), CASES_JSON_FILE]);

/** Splits a folder's files into the framework files and the case files; anything else is refused by name. */
export function splitFolder(files: Record<string, string>): { frameworks: Record<string, string>; cases: Record<string, string>; other: string[] } {
  const frameworks: Record<string, string> = {};
  const cases: Record<string, string> = {};
  const other: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    if (FRAMEWORK_NAMES.has(name)) frameworks[name] = text;
    else if (CASE_NAMES.has(name)) cases[name] = text;
    else other.push(name);
  }
  return { frameworks, cases, other };
}

const problemsOf = (error: unknown): Problem[] | null =>
  error instanceof DomainError && error.code === 'import_rejected' ? (((error.details as { problems?: Problem[] } | undefined)?.problems ?? []) as Problem[]) : null;

export function register(program: Command): void {
  const cases = casesCommand(program);

  withDataOptions(
    cases
      .command('import')
      .description(
        'import legal frameworks (frameworks.csv, crimes.csv, modes.csv, elements.csv or frameworks.json) and/or incidents, acts and ' +
          'allegations (incidents.csv, acts.csv, allegations.csv or cases.json) from a folder; frameworks first, each set all or nothing, ' +
          'every problem with file, line and field',
      )
      .argument('[folder]', 'the folder holding the files')
      .option('--standard', 'load the Genocide Convention and Rome Statute summaries shipped with Reckon')
      .option('--dry-run', 'check the files and report problems without importing')
      .option('--label <label>', 'a name for this import in the audit trail')
      .option('--json', 'machine-readable result on stdout'),
  ).action(async (folder: string | undefined, options: Record<string, string | boolean>) => {
    if (!folder && !options.standard) throw new CliError('give a folder, or --standard for the shipped frameworks', ExitCode.usage);
    let split: ReturnType<typeof splitFolder> = { frameworks: {}, cases: {}, other: [] };
    if (folder) {
      try {
        split = splitFolder(readImportFolder(resolve(folder)));
      } catch (error) {
        throw new CliError((error as Error).message, ExitCode.usage);
      }
      if (Object.keys(split.frameworks).length + Object.keys(split.cases).length === 0) {
        throw new CliError(`${folder} holds none of ${[...FRAMEWORK_NAMES, ...CASE_NAMES].join(', ')}`, ExitCode.usage);
      }
    }
    const label = typeof options.label === 'string' ? options.label : `import of ${folder ?? 'the standard frameworks'}`;
    const dryRun = Boolean(options.dryRun);
    await withInstance(configFrom(options), async ({ ctx }) => {
      const service = new CasesService(ctx.db);
      const out: Record<string, unknown> = {};
      try {
        if (options.standard) out.standard = dryRun ? { dryRun: true } : await service.loadStandardFrameworks(cli);
        const hasFrameworks = Object.keys(split.frameworks).length > 0;
        const hasCases = Object.keys(split.cases).length > 0;
        // Frameworks first (case files may name their crimes), each all or nothing; case files that name only stored
        // frameworks are checked before anything is written.
        if (hasFrameworks) out.frameworks = await service.importFrameworks(cli, split.frameworks, { dryRun: true, label });
        if (hasCases && !hasFrameworks) out.cases = await service.importCases(cli, split.cases, { dryRun: true, label });
        if (!dryRun) {
          if (hasFrameworks) out.frameworks = await service.importFrameworks(cli, split.frameworks, { label });
          if (hasCases) out.cases = await service.importCases(cli, split.cases, { label });
        }
      } catch (error) {
        const problems = problemsOf(error);
        if (!problems) throw error;
        if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, problems }, null, 2)}\n`);
        else for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
        throw new CliError((error as Error).message, ExitCode.failed);
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ok: true, dryRun, ...out }, null, 2)}\n`);
        return;
      }
      for (const [what, result] of Object.entries(out)) {
        const r = result as { counts?: Record<string, number>; warnings?: Problem[]; sha256?: string; alreadyLoaded?: boolean };
        for (const warning of r.warnings ?? []) process.stderr.write(`${formatProblem(warning)}\n`);
        const counts = Object.entries(r.counts ?? {}).map(([k, v]) => `${v} ${k}`).join(', ');
        if (r.alreadyLoaded) process.stdout.write(`${what}: already loaded\n`);
        else process.stdout.write(`${what}: ${dryRun ? `valid; would import ${counts} (nothing was written)` : `imported ${counts}${r.sha256 ? `; sha256 of the files ${r.sha256}` : ''}`}\n`);
      }
    });
  });

  withDataOptions(
    cases
      .command('export')
      .description('write legal frameworks or incidents, acts and allegations as the import files (CSV or JSON) into a folder')
      .argument('<folder>', 'where to write (created if missing)')
      .addOption(new Option('--what <what>', 'frameworks or cases').choices(['frameworks', 'cases']).default('cases'))
      .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']).default('csv'))
      .option('--framework <id>', 'with --what frameworks: only this framework')
      .option('--force', 'overwrite files that exist'),
  ).action(async (folder: string, options: { what: 'frameworks' | 'cases'; format: 'csv' | 'json'; framework?: string; force?: boolean } & Record<string, unknown>) => {
    const target = resolve(folder);
    await withInstance(configFrom(options), async ({ ctx }) => {
      const service = new CasesService(ctx.db);
      const files = options.what === 'frameworks' ? await service.exportFrameworks(cli, options.format, options.framework) : await service.exportCases(cli, options.format);
      const clash = Object.keys(files).filter((name) => existsSync(join(target, name)));
      if (clash.length && !options.force) throw new CliError(`${clash.join(', ')} already exist in ${folder}; give --force to overwrite`, ExitCode.usage);
      mkdirSync(target, { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(target, name), text);
      process.stdout.write(`wrote ${Object.keys(files).join(', ')} to ${folder}\n`);
    });
  });
}
