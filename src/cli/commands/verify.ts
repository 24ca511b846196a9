import type { Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { ExitCode } from '../exit-codes.ts';

export function register(program: Command): void {
  withDataOptions(
    program
      .command('verify')
      .description('recompute every ledger entry and checkpoint (and every stored file\'s hash) and report each discrepancy; exit 1 if any')
      .option('--json', 'print the full report as JSON'),
  ).action(async (options: Record<string, string | boolean>) => {
    const code = await withInstance(configFrom(options), async ({ ctx }) => {
      const run = await ctx.ledger.verify(systemActor('command line'), 'command line', ctx.integrityChecks);
      const { report } = run;
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        process.stdout.write(
          `Ledger: ${report.entries} entries, ${report.auditEvents} audit events, ${report.checkpoints} checkpoints; root ${report.root} at size ${report.treeSize}\n`,
        );
        const housekeeping = report.problems.filter((problem) => problem.housekeeping);
        const discrepancies = report.problems.filter((problem) => !problem.housekeeping);
        for (const note of housekeeping) process.stdout.write(`Housekeeping: [${note.kind}] ${note.message}\n`);
        if (report.ok) process.stdout.write('Verified: no discrepancies.\n');
        else {
          process.stdout.write(`${discrepancies.length} discrepanc${discrepancies.length === 1 ? 'y' : 'ies'}:\n`);
          for (const problem of discrepancies) process.stdout.write(`  [${problem.kind}] ${problem.message}\n`);
        }
      }
      return report.ok ? ExitCode.ok : ExitCode.failed;
    });
    process.exitCode = code;
  });
}
