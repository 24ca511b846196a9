import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { BagReadError } from '../../core/bagit/reader.ts';
import { DEFAULT_BAG_LIMITS, validateBag, type BagReport } from '../../core/bagit/validate.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { openBagReader } from './bag-readers.ts';
import { checkBagProofs, type BagProofResult } from './bag-proofs.ts';
import { registerExport, registerImport } from './bag-export.ts';

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${name} must be a positive number, got ${JSON.stringify(value)}`, ExitCode.usage);
    return n;
  };
}

function printReport(target: string, kind: string, report: BagReport, proofs: BagProofResult[]): void {
  for (const p of proofs) {
    process.stdout.write(`${p.ok ? 'PROOFS OK' : 'PROOFS FAILED'}  ${p.file}: ${p.checked} proof${p.checked === 1 ? '' : 's'}\n`);
    for (const line of p.timestamps ?? []) process.stdout.write(`  timestamp                ${p.file}: ${line}\n`);
    for (const line of p.problems) process.stdout.write(`  proof-invalid            ${p.file}: ${line}\n`);
    for (const line of p.warnings) process.stdout.write(`  warning                  ${p.file}: ${line}\n`);
  }
  if (report.valid) {
    process.stdout.write(
      `VALID  ${target} (${kind}): ${report.payloadFiles} payload files, ${report.payloadBytes} bytes, checked with ${report.algorithms.join(', ')}\n`,
    );
    return;
  }
  process.stdout.write(`INVALID  ${target} (${kind}): ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}\n`);
  for (const p of report.problems) process.stdout.write(`  ${p.code.padEnd(24)} ${p.message}\n`);
}

export function register(program: Command): void {
  const bag = program.command('bag').description('BagIt (RFC 8493) evidence packages');
  bag
    .command('verify')
    .description('Validate a bag offline (a folder, .zip, .tar or .tar.gz): every file against every manifest, nothing written')
    .argument('<bag>', 'the bag folder or archive')
    .option('--json', 'print the full report as JSON on stdout')
    .option('--public-key <key>', 'the ledger public key as published by the archive; proofs in the bag must be signed by it')
    .option('--tsa-ca <file>', 'PEM certificate(s) of the CA trusted for the RFC 3161 time-stamp of the checkpoint')
    .option('--max-bytes <n>', `stop after reading this many bytes in total (default ${DEFAULT_BAG_LIMITS.maxTotalBytes})`, positiveNumber('max-bytes'))
    .option('--max-ratio <n>', `largest compression ratio accepted for one entry (default ${DEFAULT_BAG_LIMITS.maxCompressionRatio})`, positiveNumber('max-ratio'))
    .action(async (target: string, options: { json?: boolean; publicKey?: string; tsaCa?: string; maxBytes?: number; maxRatio?: number }) => {
      let tsaCertificates: string | undefined;
      if (options.tsaCa) {
        try {
          tsaCertificates = await readFile(options.tsaCa, 'utf8');
        } catch {
          throw new CliError(`--tsa-ca ${options.tsaCa}: cannot read the file`, ExitCode.usage);
        }
      }
      let opened;
      try {
        opened = await openBagReader(target);
      } catch (error) {
        if (error instanceof BagReadError) throw new CliError(error.message, ExitCode.failed);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw new CliError(`${target}: no such file or folder`, ExitCode.usage);
        if (code === 'EACCES') throw new CliError(`${target}: permission denied`, ExitCode.environment);
        throw error;
      }
      const progress = createProgress({ enabled: options.json ? false : undefined });
      let started = false;
      const report = await validateBag(opened.reader, {
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
      // Proofs are checked only in a bag whose files all match their manifests: otherwise the bag is already refused.
      const proofs = report.valid ? await checkBagProofs((await openBagReader(target)).reader, options.publicKey, tsaCertificates) : [];
      const ok = report.valid && proofs.every((p) => p.ok);
      if (options.json) process.stdout.write(`${JSON.stringify({ bag: target, container: opened.kind, ...report, valid: ok, proofs }, null, 2)}\n`);
      else printReport(target, opened.kind, report, proofs);
      process.exitCode = ok ? ExitCode.ok : ExitCode.failed;
    });
  registerExport(bag);
  registerImport(bag);
}
