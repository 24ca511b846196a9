import { Option, type Command } from 'commander';
import { serve } from '../../server/serve.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { asCliError } from '../shared/instance.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';

export function register(program: Command): void {
  withDataOptions(
    program
      .command('serve')
      .description('run the Reckon server: the API and the web app')
      .addOption(new Option('--port <port>', 'port to listen on (default 8080)').env('RECKON_PORT'))
      .addOption(new Option('--host <host>', 'address to listen on (default 127.0.0.1; 0.0.0.0 for all)').env('RECKON_HOST'))
      .addOption(new Option('--public-url <url>', 'the address users reach Reckon at; https:// makes cookies Secure').env('RECKON_PUBLIC_URL'))
      .addOption(new Option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent').env('RECKON_LOG_LEVEL')),
  ).action(async (options: Record<string, string | undefined>) => {
    const config = configFrom(options, {
      port: options.port,
      host: options.host,
      publicUrl: options.publicUrl,
      logLevel: options.logLevel,
    });
    let server;
    try {
      server = await serve(config);
    } catch (error) {
      const converted = asCliError(error);
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new CliError(`port ${config.port} is in use; choose another with --port or RECKON_PORT`, ExitCode.environment);
      }
      throw converted;
    }
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.stdout.write('Stopping Reckon...\n');
        void server.close().finally(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });
}
