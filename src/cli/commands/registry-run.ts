import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemActor } from '../../server/accounts/actor.ts';
import { DomainError } from '../../server/errors.ts';
import { formatCounts, formatProblem } from '../../core/registry/report.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom } from '../shared/config-options.ts';
import { importFolderFiles, refusedImport } from '../shared/import-folder.ts';
import { withInstance } from '../shared/instance.ts';

/**
 * The work of `reckon import` and `reckon export` (declared in import.ts and export.ts, which load this module, and
 * with it the server, when one of them runs).
 */

const cli = systemActor('command line');

export async function importFolder(folder: string, options: Record<string, string | boolean>): Promise<void> {
  const files = importFolderFiles(folder);
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
      throw refusedImport(error, Boolean(options.json));
    }
  });
}

export async function exportFolder(folder: string, options: Record<string, string | boolean>): Promise<void> {
  const target = resolve(folder);
  if (existsSync(target) && !statSync(target).isDirectory()) throw new CliError(`${folder} exists and is not a folder`, ExitCode.usage);
  await withInstance(configFrom(options), async ({ ctx }) => {
    const files = await ctx.registry.exportFiles(cli, options.format === 'json' ? 'json' : 'csv');
    const clashes = Object.keys(files).filter((name) => existsSync(join(target, name)));
    if (clashes.length && !options.force) {
      throw new CliError(`${folder} already has ${clashes.join(', ')}; use --force to overwrite`, ExitCode.failed);
    }
    mkdirSync(target, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(target, name), text);
    process.stdout.write(`Wrote ${Object.keys(files).join(', ')} to ${folder}\n`);
  });
}
