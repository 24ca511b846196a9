import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import { parseItemsCsv, rowToInput, termResolver, type CsvRow } from '../../server/archive/csv.ts';
import { itemKindOfMime } from '../../server/archive/routes.ts';
import { columnsOf, type ItemInput } from '../../server/archive/service.ts';
import { confidentialities, type Confidentiality } from '../../server/archive/tables.ts';
import type { AppContext } from '../../server/context.ts';
import { DomainError } from '../../server/errors.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';

const cli = systemActor('command line');

interface Outcome {
  file: string;
  result: 'added' | 'linked' | 'skipped' | 'failed';
  itemId?: string;
  sha256?: string;
  reason?: string;
}

/** Every regular file under the given paths, sorted; symbolic links are reported, never followed. */
async function collectFiles(paths: string[]): Promise<{ files: Array<{ path: string; shown: string }>; refused: Outcome[] }> {
  const files: Array<{ path: string; shown: string }> = [];
  const refused: Outcome[] = [];
  const walk = async (path: string, root: string) => {
    let info;
    try {
      info = await lstat(path);
    } catch (error) {
      refused.push({ file: path, result: 'failed', reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message });
      return;
    }
    const shown = relative(root, path) || basename(path);
    if (info.isSymbolicLink()) refused.push({ file: shown, result: 'failed', reason: 'symbolic link (not followed)' });
    else if (info.isDirectory()) {
      for (const name of (await readdir(path)).sort()) await walk(join(path, name), root);
    } else if (info.isFile()) files.push({ path, shown });
    else refused.push({ file: shown, result: 'failed', reason: 'not a regular file' });
  };
  for (const p of paths) {
    const abs = resolve(p);
    const info = await lstat(abs).catch(() => null);
    await walk(abs, info?.isDirectory() ? abs : resolve(abs, '..'));
  }
  return { files, refused };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads --metadata: rows keyed by the `file` column (a path relative to the folder given, or a bare name). */
async function loadMetadata(ctx: AppContext, path: string, defaults: { confidentiality: Confidentiality }) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`, ExitCode.usage);
  }
  const byFile = new Map<string, Partial<ItemInput>>();
  const termId = termResolver(ctx);
  let rows: Array<{ line: number; row: CsvRow }>;
  try {
    rows = parseItemsCsv(text, { allowFileColumn: true });
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(`${path}: ${error.message}`, ExitCode.failed);
    throw error;
  }
  for (const { line, row } of rows) {
    const file = row.file?.trim();
    if (!file) throw new CliError(`${path}: line ${line}: the file column is empty`, ExitCode.failed);
    if (byFile.has(file)) throw new CliError(`${path}: line ${line}: ${file} is described twice`, ExitCode.failed);
    try {
      const { file: _file, ...rest } = row;
      void _file;
      const input = await rowToInput(rest, termId, defaults);
      columnsOf(input);
      byFile.set(file, input as Partial<ItemInput>);
    } catch (error) {
      if (error instanceof DomainError) throw new CliError(`${path}: line ${line}: ${error.message}`, ExitCode.failed);
      throw error;
    }
  }
  return byFile;
}

export function register(program: Command): void {
  withDataOptions(
    program
      .command('ingest <paths...>')
      .description('add files and folders to the evidence archive (resumable: content already in the archive is skipped)')
      .option('--metadata <items.csv>', 'item metadata by file: a "file" column plus kind, title, description, languages, event_date, place, country, ...')
      .addOption(new Option('--confidentiality <level>', 'confidentiality of items the metadata does not describe').choices([...confidentialities]).default('restricted'))
      .option('--json', 'print the summary as JSON'),
  ).action(async (paths: string[], options: Record<string, string | boolean>) => {
    const confidentiality = options.confidentiality as Confidentiality;
    await withInstance(configFrom(options), async ({ ctx }) => {
      const metadata = typeof options.metadata === 'string' ? await loadMetadata(ctx, options.metadata, { confidentiality }) : new Map<string, Partial<ItemInput>>();
      const { files, refused } = await collectFiles(paths);
      const outcomes: Outcome[] = [...refused];
      const progress = createProgress({ enabled: !options.json && Boolean(process.stderr.isTTY) });
      progress.start(files.length, 'ingest');
      for (const file of files) {
        outcomes.push(await ingestOne(ctx, file, metadata.get(file.shown) ?? metadata.get(basename(file.path)), confidentiality));
        progress.increment();
      }
      progress.stop();
      const count = (r: Outcome['result']) => outcomes.filter((o) => o.result === r).length;
      const summary = { added: count('added'), linked: count('linked'), skipped: count('skipped'), failed: count('failed') };
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...summary, files: outcomes }, null, 2)}\n`);
      } else {
        process.stdout.write(`added ${summary.added}, linked ${summary.linked}, skipped ${summary.skipped} (already in the archive), failed ${summary.failed}\n`);
        for (const o of outcomes.filter((x) => x.result === 'failed')) process.stdout.write(`  failed: ${o.file}: ${o.reason}\n`);
      }
      if (summary.failed > 0) throw new CliError(`${summary.failed} file${summary.failed === 1 ? '' : 's'} could not be ingested`, ExitCode.failed);
    });
  });
}

async function ingestOne(ctx: AppContext, file: { path: string; shown: string }, described: Partial<ItemInput> | undefined, confidentiality: Confidentiality): Promise<Outcome> {
  try {
    const sha256 = await sha256Of(file.path);
    const attached = await ctx.db.selectFrom('item_files').select('item_id').where('blob_sha256', '=', sha256).where('role', '=', 'original').executeTakeFirst();
    if (attached) return { file: file.shown, result: 'skipped', itemId: attached.item_id, sha256 };
    const result = await ctx.archive.items.ingest(cli, createReadStream(file.path, { highWaterMark: 1024 * 1024 }), {
      filename: basename(file.path),
      metadata: { ...described, confidentiality: described?.confidentiality ?? confidentiality },
      kindOf: itemKindOfMime,
    });
    return { file: file.shown, result: result.blobCreated ? 'added' : 'linked', itemId: result.item.id, sha256: result.file.sha256 };
  } catch (error) {
    if (error instanceof DomainError) return { file: file.shown, result: 'failed', reason: `${error.message} (${error.code})` };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'ENOENT' || code === 'EISDIR') return { file: file.shown, result: 'failed', reason: (error as Error).message };
    throw error;
  }
}
