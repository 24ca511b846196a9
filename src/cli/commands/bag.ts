import type { Command } from 'commander';
import { evidenceSummary } from '../../core/bagit/evidence.ts';
import { DEFAULT_BAG_LIMITS } from '../../core/bagit/validate.ts';
import { failureLines, verifyBag, type BagVerification } from '../../core/bagit/verify-bag.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { openBag, readExpectedKey, readTsaCa } from './bag-options.ts';
import { registerExport, registerImport } from './bag-export.ts';

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${name} must be a positive number, got ${JSON.stringify(value)}`, ExitCode.usage);
    return n;
  };
}

function printVerification(target: string, kind: string, v: BagVerification): void {
  const { report, evidence } = v;
  const what = evidence.reckon ? 'Reckon evidence package' : 'BagIt bag';
  if (v.ok) {
    process.stdout.write(`VALID  ${target} (${kind}, ${what}): ${report.payloadFiles} payload files, ${report.payloadBytes} bytes, checked with ${report.algorithms.join(', ')}\n`);
  } else {
    const lines = failureLines(v);
    process.stdout.write(`INVALID  ${target} (${kind}, ${what}): ${lines.length} problem${lines.length === 1 ? '' : 's'}\n`);
    for (const line of lines) process.stdout.write(`  ${line}\n`);
  }
  for (const line of evidence.passed) process.stdout.write(`  ${'ok'.padEnd(20)} ${line}\n`);
  for (const line of evidence.warnings) process.stdout.write(`  ${'warning'.padEnd(20)} ${line}\n`);
}

export function register(program: Command): void {
  const bag = program.command('bag').description('BagIt (RFC 8493) evidence packages');
  bag
    .command('verify')
    .description('Verify a bag offline (a folder, .zip, .tar or .tar.gz): every file against every manifest and, for a Reckon package, against the signed ledger; nothing written')
    .argument('<bag>', 'the bag folder or archive')
    .option('--json', 'print the full report as JSON on stdout')
    .option('--key <key-or-file>', 'the ledger public key the archive publishes (or a file holding it); the bag must be signed with it')
    .option('--public-key <key>', 'the same as --key')
    .option('--tsa-ca <file>', 'PEM certificate(s) of the CA trusted for the RFC 3161 time-stamps')
    .option('--max-bytes <n>', `stop after reading this many bytes in total (default ${DEFAULT_BAG_LIMITS.maxTotalBytes})`, positiveNumber('max-bytes'))
    .option('--max-ratio <n>', `largest compression ratio accepted for one entry (default ${DEFAULT_BAG_LIMITS.maxCompressionRatio})`, positiveNumber('max-ratio'))
    .action(async (target: string, options: { json?: boolean; key?: string; publicKey?: string; tsaCa?: string; maxBytes?: number; maxRatio?: number }) => {
      const expectedKey = await readExpectedKey(options.key ?? options.publicKey, options.key ? '--key' : '--public-key');
      const trustedTsaPem = await readTsaCa(options.tsaCa);
      const opened = await openBag(target);
      const progress = createProgress({ enabled: options.json ? false : undefined });
      let started = false;
      const verification = await verifyBag(opened.reader, {
        expectedKey,
        trustedTsaPem,
        limits: { ...(options.maxBytes ? { maxTotalBytes: options.maxBytes } : {}), ...(options.maxRatio ? { maxCompressionRatio: options.maxRatio } : {}) },
        onProgress(done, total) {
          if (!started) {
            progress.start(total, 'hashing');
            started = true;
          }
          progress.update(done);
        },
      });
      if (started) progress.stop();
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ bag: target, container: opened.kind, ...verification.report, valid: verification.ok, evidence: evidenceSummary(verification.evidence) }, null, 2)}\n`);
      } else printVerification(target, opened.kind, verification);
      process.exitCode = verification.ok ? ExitCode.ok : ExitCode.failed;
    });
  registerExport(bag);
  registerImport(bag);
}
