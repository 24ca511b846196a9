import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { findJsonError } from '../../core/ledger/json-position.ts';
import { verifyProofDocument } from '../../core/ledger/proof-format.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

const MAX_PROOF_FILE_BYTES = 64 * 1024 * 1024;

async function readSmallText(path: string, what: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new CliError(`${what} ${path}: no such file`, ExitCode.usage);
  }
  if (!info.isFile()) throw new CliError(`${what} ${path}: not a regular file`, ExitCode.usage);
  if (info.size > MAX_PROOF_FILE_BYTES) throw new CliError(`${what} ${path}: larger than ${MAX_PROOF_FILE_BYTES} bytes`, ExitCode.failed);
  const bytes = await readFile(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${what} ${path}: not UTF-8 text`, ExitCode.failed);
  }
}

function parseJsonNamingLine(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = findJsonError(text);
    if (at) throw new CliError(`${path}:${at.line}:${at.column}: not valid JSON: ${at.reason}`, ExitCode.failed);
    throw new CliError(`${path}: not valid JSON (${(error as Error).message})`, ExitCode.failed);
  }
}

/** A key given as text, or as @file holding the text. */
async function keyOption(value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  return value.startsWith('@') ? (await readSmallText(value.slice(1), 'public key file')).trim() : value;
}

export function register(program: Command): void {
  // ledger-server.ts adds the database-backed subcommands to the same group, whichever registers first.
  const ledger =
    program.commands.find((c) => c.name() === 'ledger') ?? program.command('ledger').description('The tamper-evident ledger: proofs and checkpoints');
  ledger
    .command('verify-proof')
    .description('Check an inclusion or consistency proof offline, and the checkpoint signature when a public key is known')
    .argument('<proof.json>', 'a proof file in the reckon-ledger-proof/1 format (docs/ledger.md)')
    .option('--public-key <key>', 'the log\'s verifier key (name+hash+base64), or @file; takes precedence over any key in the file')
    .option('--checkpoint <file>', 'a signed checkpoint to check the proof against when the file has none')
    .option('--origin <origin>', 'the expected log origin line')
    .option('--require-signature', 'fail unless the root comes from a checkpoint whose signature was checked')
    .option('--tsa-ca <file>', 'PEM certificate(s) of the CA trusted for RFC 3161 time-stamps in the file')
    .option('--require-timestamp', 'fail unless the checkpoint carries an RFC 3161 time-stamp that verifies')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (file: string, options: { publicKey?: string; checkpoint?: string; origin?: string; requireSignature?: boolean; tsaCa?: string; requireTimestamp?: boolean; json?: boolean }) => {
      const doc = parseJsonNamingLine(await readSmallText(file, 'proof file'), file);
      const checkpoint = options.checkpoint ? await readSmallText(options.checkpoint, 'checkpoint file') : undefined;
      const tsaCertificates = options.tsaCa ? await readSmallText(options.tsaCa, 'CA certificate file') : undefined;
      const report = verifyProofDocument(doc, { publicKey: await keyOption(options.publicKey), checkpoint, origin: options.origin, tsaCertificates });
      const unsigned = report.warnings.some((w) => /NOT checked|bare root/.test(w));
      const stamped = report.checks.some((c) => c.ok && /timestamp$/i.test(c.path) && c.path !== '$.firstTimestamp');
      const ok = report.ok && !(options.requireSignature && unsigned) && !(options.requireTimestamp && !stamped);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ file, ...report, ok }, null, 2)}\n`);
      } else {
        for (const check of report.checks) process.stdout.write(`${check.ok ? 'OK    ' : 'FAILED'} ${check.message}\n`);
        for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
        if (report.ok && !ok && options.requireSignature && unsigned) process.stdout.write('FAILED --require-signature: the root is not backed by a checked signature\n');
        if (report.ok && !ok && options.requireTimestamp && !stamped) process.stdout.write('FAILED --require-timestamp: the checkpoint has no RFC 3161 time-stamp\n');
      }
      process.exitCode = ok ? ExitCode.ok : ExitCode.failed;
    });
}
