import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { buildEvidencePackage } from '../../server/packages/export.ts';
import { writePackage } from '../../server/packages/write.ts';
import { importEvidencePackage } from '../../server/packages/import.ts';
import { BagReadError } from '../../core/bagit/reader.ts';
import { validateBag } from '../../core/bagit/validate.ts';
import { openBagReader } from './bag-readers.ts';
import { checkBagProofs } from './bag-proofs.ts';
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

/** `reckon bag import`: validates a Reckon evidence bag (manifests and proofs) and brings its items in. */
export function registerImport(bag: Command): void {
  withDataOptions(
    bag
      .command('import')
      .description('import a Reckon evidence package (folder, .zip or .tar) after validating it; hashes and custody are kept, the transfer is recorded')
      .argument('<bag>', 'the bag folder or archive')
      .option('--public-key <key>', 'the source archive\'s published ledger key; the proofs in the bag must be signed by it')
      .option('--json', 'print what was imported as JSON'),
  ).action(async (target: string, options: Record<string, string | boolean>) => {
    const report = await validateBag((await openBag(target)).reader);
    if (!report.valid) {
      throw new CliError(`${target} is not a valid bag: ${report.problems.map((p) => p.message).slice(0, 5).join('; ')}`, ExitCode.failed);
    }
    const proofs = await checkBagProofs((await openBag(target)).reader, typeof options.publicKey === 'string' ? options.publicKey : undefined);
    const failed = proofs.filter((p) => !p.ok);
    if (failed.length) throw new CliError(`${failed[0].file}: ${failed[0].problems[0] ?? 'the ledger proofs do not verify'}`, ExitCode.failed);
    await withInstance(configFrom(options), async ({ ctx }) => {
      const imported = await importEvidencePackage(ctx, systemActor('command line'), (await openBag(target)).reader);
      if (options.json) process.stdout.write(`${JSON.stringify({ imported }, null, 2)}\n`);
      else for (const item of imported) process.stdout.write(`imported ${item.sourceItemId} as ${item.itemId} (${item.files.length} files)\n`);
    });
  });
}

async function openBag(target: string) {
  try {
    return await openBagReader(target);
  } catch (error) {
    if (error instanceof BagReadError) throw new CliError(error.message, ExitCode.failed);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${target}: no such file or folder`, ExitCode.usage);
    throw error;
  }
}
