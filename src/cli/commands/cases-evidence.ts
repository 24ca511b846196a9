import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { systemActor } from '../../server/accounts/actor.ts';
import { exportCaseFile } from '../../server/cases/case-file-export.ts';
import { CaseEvidenceService } from '../../server/cases/evidence-service.ts';
import { CasesService } from '../../server/cases/service.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { casesCommand } from './cases.ts';

/** `reckon cases matrix` and `reckon cases case-file` (owned by the cases-evidence part of the module). */
export function register(program: Command): void {
  const cases = casesCommand(program);

  withDataOptions(
    cases
      .command('matrix')
      .description('the evidence matrix of an allegation: per element, independent sources supporting and undermining it, gaps and low-reliability evidence')
      .argument('<allegation-id>', 'the allegation')
      .addOption(new Option('--format <format>', 'text, csv or json').choices(['text', 'csv', 'json']).default('text')),
  ).action(async (allegationId: string, options: Record<string, string>) => {
    await withInstance(configFrom(options), async ({ ctx }) => {
      const evidence = new CaseEvidenceService(ctx, new CasesService(ctx.db));
      const matrix = await evidence.matrix(systemActor('command line'), allegationId);
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(matrix, null, 2)}\n`);
        return;
      }
      const header = ['element', 'citation', 'supporting links', 'supporting sources', 'undermining links', 'undermining sources', 'low reliability', 'gap'];
      const rows = matrix.rows.map((r) => [r.elementId, r.code, r.supporting.links, r.supporting.sources, r.undermining.links, r.undermining.sources, r.supporting.lowReliability + r.undermining.lowReliability, r.gap ? 'GAP' : r.onlyLowReliability ? 'low only' : '']);
      if (options.format === 'csv') {
        process.stdout.write(stringify([header, ...rows.map((r) => r.map(String))]));
        return;
      }
      const a = matrix.allegation;
      process.stdout.write(`Allegation ${a.id} (incident ${a.incidentId}): ${a.proponent} characterises it as ${a.characterisation}\n\n`);
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
      const line = (cells: Array<string | number>) => cells.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ').trimEnd();
      process.stdout.write(`${line(header)}\n${rows.map(line).join('\n')}\n\n`);
      const t = matrix.totals;
      process.stdout.write(`${t.links} links to ${t.items} items from ${t.sources} independent sources; ${t.gaps} element${t.gaps === 1 ? '' : 's'} without evidence; ${t.lowReliability} low-reliability links (D–F)\n${matrix.independence}\n`);
    });
  });

  withDataOptions(
    cases
      .command('case-file')
      .description('export an allegation as a case file: a BagIt court package with the matrix (CSV, JSON, HTML), the exhibits with their pinpoints and an inclusion proof of every evidence link')
      .argument('<allegation-id>', 'the allegation')
      .requiredOption('--out <target>', 'a new folder, or a file ending .zip or .tar')
      .option('--json', 'print what was written as JSON'),
  ).action(async (allegationId: string, options: Record<string, string | boolean>) => {
    const target = resolve(String(options.out));
    if (existsSync(target)) throw new CliError(`${String(options.out)} already exists; name a new folder or file`, ExitCode.usage);
    await withInstance(configFrom(options), async ({ ctx }) => {
      const evidence = new CaseEvidenceService(ctx, new CasesService(ctx.db));
      const summary = await exportCaseFile(ctx, evidence, systemActor('command line'), allegationId, target);
      if (options.json) process.stdout.write(`${JSON.stringify({ out: target, ...summary }, null, 2)}\n`);
      else process.stdout.write(`Wrote case file ${summary.externalIdentifier} (${summary.container}, ${summary.items} items, ${summary.files} files, ${summary.bytes} bytes) to ${String(options.out)}\n`);
    });
  });
}
