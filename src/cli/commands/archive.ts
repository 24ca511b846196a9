import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { exportItemsCsv, importItemsCsv } from '../../server/archive/csv.ts';
import { DomainError } from '../../server/errors.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';

const cli = systemActor('command line');

export function register(program: Command): void {
  const archive = program.command('archive').description('evidence archive metadata (CSV import and export)');

  withDataOptions(archive.command('export').description('write item metadata as CSV (never protected identities)').option('--out <file>', 'write here instead of stdout')).action(
    async (options: Record<string, string>) => {
      await withInstance(configFrom(options), async ({ ctx }) => {
        const csv = await exportItemsCsv(ctx, cli);
        if (options.out) await writeFile(options.out, csv, { mode: 0o600 });
        else process.stdout.write(csv);
      });
    },
  );

  withDataOptions(archive.command('import <items.csv>').description('create (no id) or update (id) items from CSV; all or nothing').option('--json', 'machine-readable output')).action(
    async (path: string, options: Record<string, string | boolean>) => {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw new CliError(`${path}: ${(error as Error).message}`, ExitCode.usage);
      }
      await withInstance(configFrom(options), async ({ ctx }) => {
        try {
          const result = await importItemsCsv(ctx, cli, text);
          process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `created ${result.created}, updated ${result.updated}\n`);
        } catch (error) {
          if (error instanceof DomainError) throw new CliError(`${path}: ${error.message}; nothing was imported`, ExitCode.failed);
          throw error;
        }
      });
    },
  );
}
