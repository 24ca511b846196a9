import type { Command } from 'commander';
import { migrateDown, migratorFor } from '../../server/db/migrate.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';

export function register(program: Command): void {
  const migrate = program.command('migrate').description('bring the database schema up to date (the server also does this at start)');
  withDataOptions(migrate).action(async (options: Record<string, string>) => {
    await withInstance(configFrom(options), async (instance) => {
      const done = instance.migrated;
      process.stdout.write(done.length ? `Applied ${done.length} migration(s):\n${done.map((m) => `  ${m}\n`).join('')}` : 'The database is up to date.\n');
    });
  });
  withDataOptions(migrate.command('status').description('list migrations and whether each is applied')).action(async (options: Record<string, string>) => {
    await withInstance(
      configFrom(options),
      async (instance) => {
        const list = await (await migratorFor(instance.ctx.db)).getMigrations();
        for (const m of list) process.stdout.write(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}\n`);
      },
      { migrate: false },
    );
  });
  withDataOptions(migrate.command('down').description('undo the newest migration (for development; data in it is lost)')).action(
    async (options: Record<string, string>) => {
      await withInstance(
        configFrom(options),
        async (instance) => {
          const undone = await migrateDown(instance.ctx.db);
          process.stdout.write(undone.length ? `Undid ${undone.join(', ')}\n` : 'Nothing to undo.\n');
        },
        { migrate: false },
      );
    },
  );
}
