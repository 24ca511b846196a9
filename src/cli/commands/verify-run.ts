import { systemActor } from '../../server/accounts/actor.ts';
import { configFrom } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { ExitCode } from '../exit-codes.ts';

/** The work of `reckon verify` (declared in verify.ts, which loads this module, and with it the server, when it runs). */
export async function verify(options: Record<string, string | boolean>): Promise<void> {
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
}
