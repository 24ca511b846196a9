import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { exportEvidencePackage } from '../../server/packages/export.ts';
import { unseal, UnsealError } from '../../server/packages/sealing.ts';
import { containerFor } from '../../server/packages/write.ts';
import { exportThroughServer } from './bag-export-remote.ts';
import { importEvidencePackage } from '../../server/packages/import.ts';
import { DomainError } from '../../server/errors.ts';
import { openBag, readExpectedKey, readTsaCa } from './bag-options.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';

/** `reckon bag export`: a court package of archive items, as a folder, .zip or .tar; locally or through a running server. */
export function registerExport(bag: Command): void {
  withDataOptions(
    bag
      .command('export')
      .description('export archive items as a BagIt court package (originals, testimony texts, metadata, custody log, ledger proofs, exhibit list, public key, index.html)')
      .argument('<item-ids...>', 'the ids of the items to export')
      .requiredOption('--out <target>', 'a new folder, or a file ending .zip or .tar (with --server: .zip or .tar)')
      .addOption(new Option('--server <url>', 'export through this running Reckon server (needed while it holds the data directory)').env('RECKON_SERVER'))
      .addOption(new Option('--token <token>', 'API token for --server (rk_…)').env('RECKON_TOKEN'))
      .option('--include-identity', 'seal each testimony\'s protected identity into the package for --recipient-name (never in clear)')
      .option('--recipient-name <name>', 'who the sealed identities are for')
      .option('--recipient-key <file>', 'the recipient\'s X25519 public key (PEM file)')
      .option('--json', 'print what was written as JSON'),
  ).action(async (itemIds: string[], options: Record<string, string | boolean>) => {
    const target = resolve(String(options.out));
    if (existsSync(target)) throw new CliError(`${String(options.out)} already exists; name a new folder or file`, ExitCode.usage);
    const recipient = recipientFrom(options);
    const print = (summary: Record<string, unknown>) => {
      if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else process.stdout.write(`Wrote ${String(summary.externalIdentifier)} (${String(summary.container)}${summary.files === undefined ? '' : `, ${String(summary.files)} files, ${String(summary.bytes)} bytes`}) to ${String(options.out)}\n`);
    };
    if (typeof options.server === 'string') {
      const container = containerFor(target);
      if (container === 'folder') throw new CliError('--out: with --server the package comes as a file ending .zip or .tar', ExitCode.usage);
      if (typeof options.token !== 'string') throw new CliError('--server needs --token (or RECKON_TOKEN): an API token of an editor or reviewer', ExitCode.usage);
      const view = await exportThroughServer({ server: options.server, token: options.token, itemIds, target, container, includeIdentity: Boolean(options.includeIdentity), recipient });
      print({ out: target, container, externalIdentifier: view.externalIdentifier, bytes: view.bytesTotal, server: new URL(options.server).origin });
      return;
    }
    try {
      await withInstance(configFrom(options), async ({ ctx }) => {
        const summary = await exportEvidencePackage(ctx, systemActor('command line'), itemIds, target, { includeIdentity: Boolean(options.includeIdentity), recipient });
        print({ out: target, ...summary });
      });
    } catch (error) {
      // The running server owns the embedded database; say how to export through it instead.
      if (error instanceof CliError && /is in use by another Reckon process/.test(error.message)) {
        throw new CliError(`${error.message} To export while the server runs, go through it: --server <url> --token <API token> (or RECKON_SERVER and RECKON_TOKEN).`, error.exitCode);
      }
      throw error;
    }
  });

  bag
    .command('unseal')
    .description('open a sealed part of a court package (e.g. data/items/<item>/testimony/identity.sealed.json) with the recipient\'s X25519 private key')
    .argument('<envelope>', 'the .sealed.json file')
    .requiredOption('--key <file>', 'the recipient\'s private key (PEM)')
    .action(async (file: string, options: { key: string }) => {
      let envelope: unknown;
      let key: string;
      try {
        envelope = JSON.parse(await readFile(file, 'utf8'));
        key = await readFile(options.key, 'utf8');
      } catch (error) {
        throw new CliError(`${(error as Error).message}`, ExitCode.usage);
      }
      try {
        const { header, plaintext } = unseal(envelope, key);
        process.stderr.write(`sealed for ${header.recipient.name} (${header.context})\n`);
        process.stdout.write(`${plaintext.toString('utf8')}\n`);
      } catch (error) {
        if (error instanceof UnsealError) throw new CliError(`${file}: ${error.message}`, ExitCode.failed);
        throw error;
      }
    });
}

function recipientFrom(options: Record<string, string | boolean>): { name: string; publicKey: string } | undefined {
  if (!options.includeIdentity) {
    if (options.recipientName || options.recipientKey) throw new CliError('--recipient-name and --recipient-key are only used with --include-identity', ExitCode.usage);
    return undefined;
  }
  if (typeof options.recipientName !== 'string' || typeof options.recipientKey !== 'string') {
    throw new CliError('--include-identity needs --recipient-name and --recipient-key (an X25519 public key in PEM)', ExitCode.usage);
  }
  try {
    return { name: options.recipientName, publicKey: readFileSync(options.recipientKey, 'utf8').slice(0, 8192) };
  } catch (error) {
    throw new CliError(`--recipient-key: ${(error as Error).message}`, ExitCode.usage);
  }
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
