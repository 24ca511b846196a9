import { randomBytes } from 'node:crypto';
import { Option, type Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { roles, type Role } from '../../server/accounts/tables.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

const cli = systemActor('command line');

export function register(program: Command): void {
  const user = program.command('user').description('manage user accounts (run where the data is; stop the server first when it uses the embedded database)');

  withDataOptions(
    user
      .command('add <username>')
      .description('create a user; prints a one-time password unless --password is given')
      .addOption(new Option('--role <role>', 'the role').choices([...roles]).default('viewer'))
      .option('--name <display name>', 'the name shown in the interface')
      .option('--password <password>', 'set this password (it stays in your shell history; prefer the generated one)')
      // Until a one-time password is changed the account (its API tokens included) may do nothing else; an account
      // for automation that never logs in says so here.
      .option('--service', 'an account for automation: its password is final (no change forced), so its API tokens work at once'),
  ).action(async (username: string, options: Record<string, string | boolean>) => {
    const password = typeof options.password === 'string' ? options.password : randomBytes(12).toString('base64url');
    await withInstance(configFrom(options as Record<string, string>), async ({ ctx }) => {
      const created = await ctx.accounts.createUser(cli, {
        username,
        displayName: typeof options.name === 'string' ? options.name : username,
        role: options.role as Role,
        password,
        mustChangePassword: !options.service,
      });
      process.stdout.write(`Created ${created.username} (${created.role}).\n`);
      if (!options.password) process.stdout.write(options.service ? `Password: ${password}\n` : `One-time password: ${password}\n(they must choose a new one at first login)\n`);
    });
  });

  withDataOptions(user.command('list').description('list users').option('--json', 'machine-readable output')).action(
    async (options: Record<string, string | boolean>) => {
      await withInstance(configFrom(options), async ({ ctx }) => {
        const users = await ctx.accounts.listUsers(cli);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
          return;
        }
        for (const u of users) {
          process.stdout.write(
            `${u.username.padEnd(24)} ${u.role.padEnd(12)} ${u.disabled ? 'disabled' : 'active  '} last login ${u.lastLoginAt ?? 'never'}\n`,
          );
        }
      });
    },
  );

  withDataOptions(
    user
      .command('passwd <username>')
      .description('reset a user\'s password; prints a one-time password unless --password is given')
      .option('--password <password>', 'set this password'),
  ).action(async (username: string, options: Record<string, string>) => {
    const password = options.password ?? randomBytes(12).toString('base64url');
    await withInstance(configFrom(options), async ({ ctx }) => {
      const target = (await ctx.accounts.listUsers(cli)).find((u) => u.username.toLowerCase() === username.toLowerCase());
      if (!target) throw new CliError(`no user named ${username}`, ExitCode.failed);
      await ctx.accounts.updateUser(cli, target.id, { password });
      process.stdout.write(`Password of ${target.username} reset; their sessions were ended.\n`);
      if (!options.password) process.stdout.write(`One-time password: ${password}\n`);
    });
  });
}
