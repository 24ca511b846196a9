import { systemActor } from './accounts/actor.ts';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openInstance, processKeys } from './instance.ts';
import { checkInstanceKeys } from './system/instance-keys.ts';
import { claimScheduledRun, purgeRateWindows } from './system/repository.ts';
import { openNotificationListener, type NotificationListener } from './db/notifications.ts';
import { hostname } from 'node:os';
import { scheduleOnce } from './system/schedule.ts';
import { startupClock } from './startup-clock.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the API and web app; on first start creates the administrator and says how to log in. */
export async function serve(config: Config, out: NodeJS.WritableStream = process.stdout): Promise<RunningServer> {
  const clock = startupClock();
  const instance = await openInstance(config, { clock });
  const { ctx } = instance;
  let listener: NotificationListener | undefined;
  try {
    await checkInstanceKeys(ctx.db, await processKeys(instance));
    clock.mark('keys checked');
    const initial = await ctx.accounts.ensureInitialAdmin(systemActor('first start'));
    clock.mark('administrator checked');
    // On a database server, other processes may take votes for the same conversations: share the live analyses.
    if (config.databaseUrl) {
      listener = await openNotificationListener(config.databaseUrl);
      await ctx.dialogue.shareAcrossProcesses(listener);
      clock.mark('notification listener');
    }
    const app = await buildApp(ctx, {
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
      clock,
    });
    await app.ready();
    clock.mark('fastify ready (plugins loaded, route schemas compiled)');
    await app.listen({ host: config.host, port: config.port });
    clock.mark('listening');
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = config.publicUrl ?? `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
    out.write(
      `Reckon ${ctx.version} is running at ${url} (database: ${ctx.engine === 'pglite' ? `embedded, in ${config.dataDirAbsolute}` : 'PostgreSQL server'})\n`,
    );
    if (initial) {
      out.write(
        `\nFirst start: an administrator account was created.\n  username: ${initial.username}\n  password: ${initial.password}\n` +
          'You will be asked to choose a new password when you first log in. This password is shown only once.\n' +
          'Load the example case with `npx reckon demo` (or from the home page once logged in).\n\n',
      );
    }
    const missing = Object.entries(ctx.features)
      .filter(([, present]) => !present)
      .map(([name]) => name);
    if (missing.length) out.write(`Optional tools not found (features that need them are off): ${missing.join(', ')}\n`);
    // Every process arms the same timers; each interval, one process of all those on this database runs the task.
    const scheduler = systemActor('scheduler');
    await ctx.ledger.init();
    const every = (name: string, intervalMs: number, run: () => Promise<unknown>, failure: string) =>
      scheduleOnce(ctx.db, { name, intervalMs, run, onError: (error) => app.log.error({ err: error }, failure) });
    const timers = [
      every('sessions.purge', 3600_000, () => ctx.accounts.purgeExpiredSessions(), 'purging expired sessions failed'),
      // Rate windows older than two minutes no longer weigh on any decision (the limiter looks one window back).
      every('rate-windows.purge', 10 * 60_000, () => purgeRateWindows(ctx.db, Date.now() - 2 * 60_000), 'purging rate windows failed'),
    ];
    ctx.dialogue.scheduleCheckpoints(() =>
      claimScheduledRun(ctx.db, 'dialogue.vote-checkpoints', config.dialogueCheckpointMinutes * 60_000, `${hostname()} ${process.pid}`),
    );
    if (config.checkpointIntervalMinutes > 0) {
      timers.push(every('ledger.checkpoint', config.checkpointIntervalMinutes * 60_000, () => ctx.ledger.checkpoint(scheduler), 'scheduled checkpoint failed'));
    }
    if (ctx.ledger.timestamper?.enabled) {
      // Checkpoints whose time-stamp failed (authority down) are asked for again, with a back-off per checkpoint.
      timers.push(every('ledger.timestamps', 5 * 60_000, () => ctx.ledger.retryTimestamps(), 'time-stamp retry failed'));
    }
    if (config.verifyIntervalHours > 0) {
      timers.push(
        every(
          'ledger.verify',
          config.verifyIntervalHours * 3_600_000,
          async () => {
            const run = await ctx.ledger.verify(scheduler, 'schedule', ctx.integrityChecks);
            if (!run.ok) app.log.error({ problems: run.report.problems.length }, 'scheduled verification found discrepancies');
          },
          'scheduled verification failed',
        ),
      );
    }
    clock.mark('ledger key and schedules');
    // `--log-level debug`: where the start-up went, step by step (bench/cli-startup.bench.ts reads this line)
    app.log.debug({ startup: clock.steps }, 'start-up steps');
    return {
      url,
      async close() {
        for (const timer of timers) clearInterval(timer);
        await app.close();
        await listener?.close();
        await instance.close();
      },
    };
  } catch (error) {
    await listener?.close();
    await instance.close();
    throw error;
  }
}
