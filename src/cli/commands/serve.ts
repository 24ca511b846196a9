import { Option, type Command } from 'commander';
import { withDataOptions } from '../shared/data-options.ts';

/**
 * `reckon serve`: declared here; its work (serve-run.ts) loads the server, which `reckon serve --help` does not need.
 * The compiled build loads serve-run.ts from the server's own bundle (bin/build.js).
 */
const run = () => import('./serve-run.ts');

export function register(program: Command): void {
  withDataOptions(
    program
      .command('serve')
      .description('run the Reckon server: the API and the web app')
      .addOption(new Option('--port <port>', 'port to listen on (default 8080)').env('RECKON_PORT'))
      .addOption(new Option('--host <host>', 'address to listen on (default 127.0.0.1; 0.0.0.0 for all)').env('RECKON_HOST'))
      .addOption(new Option('--public-url <url>', 'the address users reach Reckon at; https:// makes cookies Secure').env('RECKON_PUBLIC_URL'))
      .addOption(new Option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent').env('RECKON_LOG_LEVEL')),
  ).action(async (options: Record<string, string | undefined>) => (await run()).runServe(options));
}
