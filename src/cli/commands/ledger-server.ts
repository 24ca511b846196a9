import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

const cli = systemActor('command line');

function nonNegativeInteger(value: string, what: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new CliError(`${what} must be a whole number, got ${JSON.stringify(value)}`, ExitCode.usage);
  return Number(value);
}

async function emit(document: unknown, out: string | undefined): Promise<void> {
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (out) {
    await writeFile(out, text, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      throw new CliError(error.code === 'EEXIST' ? `${out} exists; choose another file` : `cannot write ${out}: ${error.message}`, ExitCode.failed);
    });
    process.stderr.write(`Wrote ${out}; check it anywhere with \`reckon ledger verify-proof ${out}\`.\n`);
  } else process.stdout.write(text);
}

/** Ledger commands that read this instance's database; `ledger verify-proof` (offline) lives in ledger.ts. */
export function register(program: Command): void {
  const ledger = program.commands.find((c) => c.name() === 'ledger') ?? program.command('ledger').description('The tamper-evident ledger');

  withDataOptions(
    ledger
      .command('proof <seq>')
      .description('write an inclusion proof of ledger entry <seq> against a signed checkpoint')
      .option('--size <n>', 'prove against this tree size (default: the latest checkpoint that covers the entry)')
      .option('--out <file>', 'write to this file instead of standard output'),
  ).action(async (seq: string, options: Record<string, string>) => {
    const index = nonNegativeInteger(seq, 'the entry number');
    const size = options.size === undefined ? undefined : nonNegativeInteger(options.size, '--size');
    await withInstance(configFrom(options), async ({ ctx }) => emit(await ctx.ledger.inclusionProof(cli, index, size), options.out));
  });

  withDataOptions(
    ledger
      .command('consistency <first> [second]')
      .description('write a consistency proof between two tree sizes (second defaults to the current size)')
      .option('--out <file>', 'write to this file instead of standard output'),
  ).action(async (first: string, second: string | undefined, options: Record<string, string>) => {
    const a = nonNegativeInteger(first, 'the first size');
    const b = second === undefined ? undefined : nonNegativeInteger(second, 'the second size');
    await withInstance(configFrom(options), async ({ ctx }) => emit(await ctx.ledger.consistencyProof(a, b), options.out));
  });

  withDataOptions(ledger.command('checkpoint').description('sign a checkpoint of the current tree now and print it')).action(
    async (options: Record<string, string>) => {
      await withInstance(configFrom(options), async ({ ctx }) => {
        const checkpoint = await ctx.ledger.checkpoint(cli, { force: true });
        process.stdout.write(checkpoint.note);
      });
    },
  );

  withDataOptions(ledger.command('public-key').description('print the public key that signs checkpoints (give it to those who will verify)')).action(
    async (options: Record<string, string>) => {
      await withInstance(configFrom(options), async ({ ctx }) => {
        process.stdout.write(`${(await ctx.ledger.publicKey()).verifierKey}\n`);
      });
    },
  );
}
