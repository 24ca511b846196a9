import { Argument, type Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { CaseWithdrawals, WITHDRAW_KINDS } from '../../server/cases/withdraw-service.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { casesCommand } from './cases.ts';

const cli = systemActor('command line');

/**
 * `reckon cases withdraw|restore <incident|act|allegation> <id> --reason …`: the same service, checks and ledger
 * events as the web forms and the API (an incident takes its standing acts with it, and brings back only those).
 */
export function register(program: Command): void {
  for (const restore of [false, true]) {
    const verb = restore ? 'restore' : 'withdraw';
    withDataOptions(
      casesCommand(program)
        .command(verb)
        .description(
          restore
            ? 'restore a withdrawn incident, act or allegation, with a reason (a new ledger event); restoring an incident restores the acts withdrawn with it'
            : 'withdraw an incident, act or allegation, with a reason (a new ledger event; the record stays as recorded, marked withdrawn); withdrawing an incident withdraws its acts',
        )
        .addArgument(new Argument('<kind>', 'what to change').choices(WITHDRAW_KINDS))
        .argument('<id>', 'its id')
        .requiredOption('--reason <text>', 'why (required, at most 2,000 characters)')
        .option('--json', 'machine-readable result on stdout'),
    ).action(async (kind: (typeof WITHDRAW_KINDS)[number], id: string, options: Record<string, string | boolean>) => {
      const reason = String(options.reason ?? '');
      if (reason.trim() === '') throw new CliError('--reason: say why', ExitCode.usage);
      await withInstance(configFrom(options), async ({ ctx }) => {
        const result = await new CaseWithdrawals(ctx.db).change(cli, kind, id, reason, restore);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ok: true, kind, id, action: restore ? 'restored' : 'withdrawn', ...result }, null, 2)}\n`);
          return;
        }
        const also = result.acts.length
          ? `; ${result.acts.length} act${result.acts.length === 1 ? '' : 's'} ${restore ? 'restored' : 'withdrawn'} with it (${result.acts.join(', ')})`
          : '';
        process.stdout.write(`${restore ? 'Restored' : 'Withdrew'} ${kind} ${id} (incident ${result.incidentId})${also}.\n`);
      });
    });
  }
}
