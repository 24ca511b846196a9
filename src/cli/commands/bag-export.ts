import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { buildEvidencePackage } from '../../server/packages/export.ts';
import { writePackage } from '../../server/packages/write.ts';
import { importEvidencePackage } from '../../server/packages/import.ts';
import { DomainError } from '../../server/errors.ts';
import { openBag, readExpectedKey, readTsaCa } from './bag-options.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';

/** `reckon bag export`: an evidence package of archive items, as a folder, .zip or .tar. */
export function registerExport(bag: Command): void {
  withDataOptions(
    bag
      .command('export')
      .description('export archive items as a BagIt evidence package (originals, metadata, custody log, ledger proofs, public key, index.html)')
      .argument('<item-ids...>', 'the ids of the items to export')
      .requiredOption('--out <target>', 'a new folder, or a file ending .zip or .tar')
      .option('--json', 'print what was written as JSON'),
  ).action(async (itemIds: string[], options: Record<string, string | boolean>) => {
    const target = resolve(String(options.out));
    if (existsSync(target)) throw new CliError(`${String(options.out)} already exists; name a new folder or file`, ExitCode.usage);
    await withInstance(configFrom(options), async ({ ctx }) => {
      const bag = await buildEvidencePackage(ctx, systemActor('command line'), itemIds);
      const container = await writePackage(bag, target);
      const summary = { out: target, container, externalIdentifier: bag.externalIdentifier, files: bag.payload.length, bytes: bag.payload.reduce((n, f) => n + f.size, 0) };
      if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else process.stdout.write(`Wrote ${summary.externalIdentifier} (${container}, ${summary.files} files, ${summary.bytes} bytes) to ${String(options.out)}\n`);
    });
  });
}

/** `reckon bag import`: verifies a Reckon evidence package completely (BagIt and the signed ledger) and brings its items in. */
export function registerImport(bag: Command): void {
  withDataOptions(
    bag
      .command('import')
      .description('import a Reckon evidence package (folder, .zip or .tar) after verifying it completely; nothing is imported unless every check holds')
      .argument('<bag>', 'the bag folder or archive')
      .option('--key <key-or-file>', 'the source archive\'s published ledger key (or a file holding it); the bag must be signed with it')
      .option('--public-key <key>', 'the same as --key')
      .option('--tsa-ca <file>', 'PEM certificate(s) of the CA trusted for the RFC 3161 time-stamps')
      .option('--json', 'print what was imported as JSON'),
  ).action(async (target: string, options: Record<string, string | boolean>) => {
    const keyOption = typeof options.key === 'string' ? options.key : typeof options.publicKey === 'string' ? options.publicKey : undefined;
    const expectedKey = await readExpectedKey(keyOption);
    const trustedTsaPem = await readTsaCa(typeof options.tsaCa === 'string' ? options.tsaCa : undefined);
    const { reader } = await openBag(target);
    await withInstance(configFrom(options), async ({ ctx }) => {
      try {
        const imported = await importEvidencePackage(ctx, systemActor('command line'), reader, { expectedKey, trustedTsaPem });
        if (options.json) process.stdout.write(`${JSON.stringify({ imported }, null, 2)}\n`);
        else for (const item of imported) process.stdout.write(`imported ${item.sourceItemId} as ${item.itemId} (${item.files.length} files)\n`);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'bag_invalid') {
          const problems = (error.details as { problems?: string[] } | undefined)?.problems ?? [];
          throw new CliError(`${target}: refused, nothing imported: ${error.message}${problems.map((p) => `\n  ${p}`).join('')}`, ExitCode.failed);
        }
        throw error;
      }
    });
  });
}
