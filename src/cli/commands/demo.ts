import type { Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { formatCounts } from '../../core/registry/report.ts';
import { CasesService } from '../../server/cases/service.ts';

const cli = systemActor('command line');

export function register(program: Command): void {
  withDataOptions(
    program
      .command('demo')
      .description('load the example case (Khojaly, February 1992: cited claims, sources and recognition acts) into the registry; safe to run twice')
      .option('--json', 'machine-readable result on stdout'),
  ).action(async (options: Record<string, string | boolean>) => {
    await withInstance(configFrom(options), async ({ ctx }) => {
      const result = await ctx.registry.loadExample(cli);
      // The example's characterisations cite the registry's actors and sources, so they come second.
      const cases = await new CasesService(ctx.db).loadExample(cli);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...result, cases })}\n`);
        return;
      }
      if (cases.status === 'loaded') process.stdout.write(`Loaded the example's characterisations: ${formatCounts(cases.counts)}.\n`);
      process.stdout.write(
        result.status === 'loaded'
          ? `Loaded the Khojaly 1992 example case: ${formatCounts(result.counts)}.\nOpen "Claims & Recognition" in the web app to see it.\n`
          : `The Khojaly 1992 example case is already loaded (${formatCounts(result.counts)}); nothing was changed.\n`,
      );
    });
  });
}
