import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { BackupError, loadTables, unpackBackup, writeBackup } from '../../server/backup/archive.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';

export function register(program: Command): void {
  withDataOptions(
    program
      .command('backup <file>')
      .description('write the database (every table as JSON lines), the stored files and optionally the keys to a new .tar')
      .option('--include-keys', 'also include the keys folder (the master key and the ledger signing key): keep such a backup safe'),
  ).action(async (file: string, options: Record<string, string | boolean>) => {
    const out = resolve(file);
    if (existsSync(out)) throw new CliError(`${file} already exists; name a new file`, ExitCode.usage);
    const config = configFrom(options);
    await withInstance(config, async ({ ctx }) => {
      const manifest = await writeBackup(ctx.db, config.dataDirAbsolute, out, { includeKeys: Boolean(options.includeKeys) });
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      process.stdout.write(`Wrote ${file}: ${manifest.tables.length} tables, ${rows} rows, ${manifest.blobs} stored files${manifest.keys ? ', keys' : ''}\n`);
    });
  });
}

export function registerRestore(program: Command): void {
  withDataOptions(
    program
      .command('restore <file>')
      .description('restore a backup into a new, empty data directory (refuses one that holds anything)'),
  ).action(async (file: string, options: Record<string, string | boolean>) => {
    const config = configFrom(options);
    const dataDir = config.dataDirAbsolute;
    if (!existsSync(resolve(file))) throw new CliError(`${file}: no such file`, ExitCode.usage);
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new CliError(`${dataDir} is not empty; restore only into a new data directory`, ExitCode.failed);
    try {
      const { manifest, staging } = await unpackBackup(resolve(file), dataDir);
      const rows = await withInstance(config, async ({ ctx }) => loadTables(ctx.db, manifest, staging));
      process.stdout.write(`Restored ${file}: ${manifest.tables.length} tables, ${rows} rows, ${manifest.blobs} stored files${manifest.keys ? ', keys' : ' (no keys: copy the keys folder back before starting)'}\n`);
    } catch (error) {
      if (error instanceof BackupError) throw new CliError(error.message, ExitCode.failed);
      throw error;
    }
  });
}
