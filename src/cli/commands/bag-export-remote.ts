import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BodyOf, ResponseOf } from '../../contract/api.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

/**
 * `reckon bag export --server <url> --token rk_…`: asks a running Reckon server for the package (the embedded
 * database belongs to that server; this never opens the data directory), waits for the export job, and downloads
 * the .zip or .tar. The token is sent only as a Bearer header and never printed.
 */
export interface RemoteExport {
  server: string;
  token: string;
  itemIds: string[];
  target: string;
  container: PackageRequest['container'];
  includeIdentity?: boolean;
  recipient?: PackageRequest['recipient'];
  /** Between polls of the export's progress. */
  pollMs?: number;
  onProgress?: (done: number, total: number) => void;
  fetchImpl?: typeof fetch;
}

/** The server's answers and request, typed by the contract generated from its zod schemas (src/contract/). */
type PackageView = ResponseOf<'/api/ledger/bags/{id}', 'get'>['package'];
type PackageRequest = BodyOf<'/api/ledger/bags', 'post'>;

export function serverUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`--server: ${JSON.stringify(text.slice(0, 100))} is not a URL (e.g. http://127.0.0.1:8080)`, ExitCode.usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError('--server: use an http:// or https:// URL', ExitCode.usage);
  if (url.username || url.password) throw new CliError('--server: put the API token in --token (or RECKON_TOKEN), not in the URL', ExitCode.usage);
  return url;
}

async function call(options: RemoteExport, path: string, init: RequestInit = {}): Promise<Response> {
  const fetcher = options.fetchImpl ?? fetch;
  const url = new URL(path, serverUrl(options.server));
  let response: Response;
  try {
    response = await fetcher(url, { ...init, redirect: 'error', headers: { authorization: `Bearer ${options.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  } catch (error) {
    throw new CliError(`cannot reach ${url.origin}: ${(error as Error).message}`, ExitCode.environment);
  }
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      if (body.error?.message) message = `${body.error.message} (${body.error.code ?? response.status})`;
    } catch {
      // Not JSON: the status says enough.
    }
    throw new CliError(`the server refused: ${message}`, response.status === 401 || response.status === 403 ? ExitCode.environment : ExitCode.failed);
  }
  return response;
}

export async function exportThroughServer(options: RemoteExport): Promise<PackageView> {
  if (!/^rk_[A-Za-z0-9_-]{10,200}$/.test(options.token)) throw new CliError('--token: give an API token (rk_…; `reckon token create` makes one)', ExitCode.usage);
  const request: PackageRequest = {
    itemIds: options.itemIds,
    container: options.container,
    ...(options.includeIdentity ? { includeIdentity: true, recipient: options.recipient } : {}),
  };
  const started = (await (await call(options, '/api/ledger/bags', { method: 'POST', body: JSON.stringify(request) })).json()) as ResponseOf<'/api/ledger/bags', 'post'>;
  let view = started.package;
  while (view.state === 'queued' || view.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    view = ((await (await call(options, `/api/ledger/bags/${view.id}`)).json()) as ResponseOf<'/api/ledger/bags/{id}', 'get'>).package;
    options.onProgress?.(view.bytesDone, view.bytesTotal);
  }
  if (view.state !== 'done') throw new CliError(`the export ${view.state}: ${view.error ?? 'no reason given'}`, ExitCode.failed);
  const download = await call(options, `/api/ledger/bags/${view.id}/download`);
  if (!download.body) throw new CliError('the server sent no package', ExitCode.failed);
  const temp = join(dirname(options.target), `.reckon-download-${process.pid}-${Date.now()}`);
  try {
    await pipeline(Readable.fromWeb(download.body as never), createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, options.target);
  } catch (error) {
    await rm(temp, { force: true });
    throw new CliError(`cannot write ${options.target}: ${(error as Error).message}`, ExitCode.failed);
  }
  return view;
}
