import { serve } from '../../server/serve.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { asCliError } from '../shared/instance.ts';
import { configFrom } from '../shared/config-options.ts';

/** `reckon serve`'s work: runs the server until SIGINT or SIGTERM (declared in serve.ts, which loads this when it runs). */
export async function runServe(options: Record<string, string | undefined>): Promise<void> {
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
}
