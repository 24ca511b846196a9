import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';

const cli = systemActor('command line');

export function register(program: Command): void {
  withDataOptions(
    program
      .command('export <folder>')
      .description('export every claims and recognition record (published or not) in the import format, to a folder')
      .addOption(new Option('--format <format>', 'CSV files or one registry.json').choices(['csv', 'json']).default('csv'))
      .option('--force', 'overwrite files of the same names in the folder'),
  ).action(async (folder: string, options: Record<string, string | boolean>) => {
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
  });
}
