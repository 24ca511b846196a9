import type { Command } from 'commander';

/**
 * `reckon receipt verify|registry|diff`: recompute a published figure from its receipt and the open data, offline,
 * and say which part differs; compare two receipts of the same figure. The work is in receipt-run.ts, loaded when a
 * command runs: the methods it needs (estimation, linkage, statistics, registry, dialogue) and their parsers cost
 * more to load than `reckon receipt --help` should.
 */
const run = () => import('./receipt-run.ts');

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function register(program: Command): void {
  const receipt = program.command('receipt').description("check a published figure: recompute it from its receipt and the data, or compare two receipts");
  receipt
    .command('verify <receipt.json>')
    .description('recompute the figure offline from the data the receipt commits to, and say which part differs, if any')
    .option('--data <files...>', 'the input files, in the order the receipt lists them')
    .option('--key <key>', "a public key to check the signature against (the text from GET /api/ledger/public-key, or a file holding it); repeatable", collect)
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { data?: string[]; key?: string[]; json?: boolean }) => (await run()).verify(file, options));
  receipt
    .command('registry <folder>')
    .description("a receipt of a registry folder's published casualty figures (each attributed to its claim, with the interval it allows), per claim and per source")
    .requiredOption('--receipt <receipt.json>', 'where to write the receipt')
    .option('--event <id>', 'only the claims about this event')
    .option('--label <text>', 'what the figures are (default: the folder)')
    .option('--receipt-key <key>', 'sign the receipt with this signing key (text or file)')
    .action(async (folder: string, options: { receipt: string; event?: string; receiptKey?: string; label?: string }) => (await run()).registry(folder, options));
  receipt
    .command('diff <first.json> <second.json>')
    .description('two receipts of the same figure: rows that entered or left, parameters and figures that changed')
    .option('--json', 'print the differences as JSON')
    .action(async (a: string, b: string, options: { json?: boolean }) => (await run()).diff(a, b, options));
}
