import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { exportItemsCsv, importItemsCsv } from '../../server/archive/csv.ts';
import { refreshItemSearch } from '../../server/archive/search-index.ts';
import { DomainError } from '../../server/errors.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';

const cli = systemActor('command line');

export function register(program: Command): void {
  const archive = program.command('archive').description('evidence archive metadata (CSV import and export, search reindex)');

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

  withDataOptions(
    archive.command('reindex').description('rebuild every item\'s search documents (after an upgrade that changed how they are built)'),
  ).action(async (options: Record<string, string | boolean>) => {
    await withInstance(configFrom(options), async ({ ctx }) => {
      const ids = await ctx.db.selectFrom('items').select('id').orderBy('id').execute();
      const progress = createProgress();
      progress.start(ids.length, 'reindex');
      for (const { id } of ids) {
        // One item per transaction: a search never sees an item half rebuilt.
        await ctx.db.transaction().execute((tx) => refreshItemSearch(tx, id));
        progress.increment();
      }
      progress.stop();
      process.stdout.write(`reindexed ${ids.length} items\n`);
    });
  });
}
