import type { Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

export function register(program: Command): void {
  const token = program.command('token').description('API tokens for the command line and automation');

  withDataOptions(
    token
      .command('create <username> <name>')
      .description('create an API token for a user; the secret is printed once')
      .option('--days <n>', 'expire after this many days'),
  ).action(async (username: string, name: string, options: Record<string, string>) => {
    const days = options.days === undefined ? undefined : Number(options.days);
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) {
      throw new CliError('--days must be a whole number from 1 to 3650', ExitCode.usage);
    }
    await withInstance(configFrom(options), async ({ ctx }) => {
      const admin = systemActor('command line');
      const user = (await ctx.accounts.listUsers(admin)).find((u) => u.username.toLowerCase() === username.toLowerCase());
      if (!user) throw new CliError(`no user named ${username}`, ExitCode.failed);
      const actor = { kind: 'user' as const, userId: user.id, username: user.username, role: user.role, via: 'token' as const };
      const created = await ctx.accounts.createToken(actor, name, days);
      process.stdout.write(`Token ${created.token.id} for ${user.username}:\n${created.secret}\nUse it as "Authorization: Bearer <token>". It is not shown again.\n`);
    });
  });

  withDataOptions(token.command('revoke <id>').description('revoke an API token by its id')).action(
    async (id: string, options: Record<string, string>) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError('the token id is a UUID, as printed by `reckon token create`', ExitCode.usage);
      await withInstance(configFrom(options), async ({ ctx }) => {
        await ctx.accounts.revokeToken(systemActor('command line'), id);
        process.stdout.write(`Revoked ${id}.\n`);
      });
    },
  );
}
