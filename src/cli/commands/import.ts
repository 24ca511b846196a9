import { resolve } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { DomainError } from '../../server/errors.ts';
import { readImportFolder } from '../../server/registry/demo.ts';
import type { Problem } from '../../core/registry/index.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { formatCounts, formatProblem } from '../../core/registry/report.ts';

const cli = systemActor('command line');

export function register(program: Command): void {
  withDataOptions(
    program
      .command('import <folder>')
      .description(
        'import claims and recognition records from a folder of CSV files (sources.csv, actors.csv, events.csv, claims.csv, ' +
          'claim_translations.csv, recognition.csv) or one registry.json; all or nothing, every problem reported with file and line',
      )
      .option('--dry-run', 'check the files and report problems without importing')
      .option('--label <label>', 'a name for this import in the audit trail')
      .option('--json', 'machine-readable result on stdout'),
  ).action(async (folder: string, options: Record<string, string | boolean>) => {
    let files: Record<string, string>;
    try {
      files = readImportFolder(resolve(folder));
    } catch (error) {
      throw new CliError((error as Error).message, ExitCode.usage);
    }
    await withInstance(configFrom(options), async ({ ctx }) => {
      try {
        const result = await ctx.registry.importFiles(cli, files, {
          label: typeof options.label === 'string' ? options.label : `import of ${folder}`,
          dryRun: Boolean(options.dryRun),
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ok: true, dryRun: Boolean(options.dryRun), ...result }, null, 2)}\n`);
          return;
        }
        for (const warning of result.warnings) process.stderr.write(`${formatProblem(warning)}\n`);
        process.stdout.write(
          options.dryRun
            ? `The files are valid: ${formatCounts(result.counts)} would be imported (nothing was written).\n`
            : `Imported ${formatCounts(result.counts)}.\nsha256 of the files: ${result.sha256}\n`,
        );
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'import_rejected') throw error;
        const problems = ((error.details as { problems?: Problem[] } | undefined)?.problems ?? []) as Problem[];
        if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, problems }, null, 2)}\n`);
        else for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
        throw new CliError(error.message, ExitCode.failed);
      }
    });
  });
}
