import type { Command } from 'commander';
import { formatProblem } from '../../core/registry/report.ts';
import { systemActor } from '../../server/accounts/actor.ts';
import { CommandService } from '../../server/cases/command-service.ts';
import { CasesService } from '../../server/cases/service.ts';
import { DomainError } from '../../server/errors.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { importFolderFiles, refusedImport } from '../shared/import-folder.ts';
import { withInstance } from '../shared/instance.ts';
import { casesCommand } from './cases.ts';

const cli = systemActor('command line');

/** Units and chains of command on the command line: `reckon cases units-import <folder>`. */
export function register(program: Command): void {
  withDataOptions(
    casesCommand(program)
      .command('units-import <folder>')
      .description(
        'import units and chains of command (units-entities.csv and units-relations.csv, or units.json); all or nothing, ' +
          'every problem with file, line and field; cycles of command and relations that end before they start are refused',
      )
      .option('--dry-run', 'check the files and report problems without importing')
      .option('--label <label>', 'a name for this import in the audit trail')
      .option('--json', 'machine-readable result on stdout'),
  ).action(async (folder: string, options: Record<string, string | boolean>) => {
    const files = importFolderFiles(folder);
    await withInstance(configFrom(options), async ({ ctx }) => {
      const cases = new CasesService(ctx.db);
      const command = new CommandService(ctx.db, cases);
      try {
        const result = await command.importFiles(cli, files, { label: typeof options.label === 'string' ? options.label : `import of ${folder}`, dryRun: Boolean(options.dryRun) });
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ok: true, ...result }, null, 2)}\n`);
          return;
        }
        for (const warning of result.warnings) process.stderr.write(`${formatProblem(warning)}\n`);
        const counts = `${result.counts.entities} entities, ${result.counts.relations} relations`;
        process.stdout.write(result.dryRun ? `The files are valid: ${counts} would be imported (nothing was written).\n` : `Imported ${counts}.\nsha256 of the files: ${result.sha256}\n`);
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
        throw refusedImport(error, Boolean(options.json));
      }
    });
  });
}
