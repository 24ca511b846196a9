import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { Kysely } from 'kysely';
import { insertRows, resetIdentities, tableLines, tableShapes, type TableShape } from './dump.ts';

export const BACKUP_FORMAT = 'reckon-backup/1';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  tables: Array<TableShape & { rows: number; file: string }>;
  blobs: number;
  keys: boolean;
}

export class BackupError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a backup covers whatever tables the migrations made
type AnyDb = Kysely<any>;

async function filesUnder(root: string): Promise<string[]> {
  try {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/')).sort();
  } catch {
    return [];
  }
}

/**
 * Writes a tar holding the database as JSON lines per table (parents first), the blob store's files as they are
 * stored (sealed blobs stay sealed) and, only when asked, the keys folder. Engine-independent: a PGlite backup
 * restores into PostgreSQL and back.
 */
export async function writeBackup(db: AnyDb, dataDir: string, out: string, options: { includeKeys: boolean }): Promise<BackupManifest> {
  const pack = tar.pack();
  const sink = pipeline(pack, createWriteStream(out, { flags: 'wx', mode: 0o600 }));
  const add = (name: string, body: Buffer) => new Promise<void>((resolve, reject) => pack.entry({ name, mode: 0o600 }, body, (e) => (e ? reject(e) : resolve())));
  const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), tables: [], blobs: 0, keys: options.includeKeys };
  try {
    const shapes = await tableShapes(db);
    // One consistent view of every table: nothing committed during the dump appears in some tables and not others.
    await db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
      for (const [i, shape] of shapes.entries()) {
        const lines: string[] = [];
        for await (const line of tableLines(tx, shape)) lines.push(line);
        const file = `database/${String(i).padStart(3, '0')}-${shape.name}.jsonl`;
        await add(file, Buffer.from(lines.join('')));
        manifest.tables.push({ ...shape, rows: lines.length, file });
      }
    });
    for (const key of await filesUnder(join(dataDir, 'blobs'))) {
      const path = join(dataDir, 'blobs', key);
      const size = (await stat(path)).size;
      const entry = pack.entry({ name: `blobs/${key}`, size, mode: 0o444 });
      await pipeline(createReadStream(path), entry as unknown as Writable);
      manifest.blobs++;
    }
    if (options.includeKeys) {
      for (const key of await filesUnder(join(dataDir, 'keys'))) await add(`keys/${key}`, await readFile(join(dataDir, 'keys', key)));
    }
    await add('reckon-backup.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    pack.finalize();
    await sink;
    return manifest;
  } catch (error) {
    pack.destroy(error as Error);
    await sink.catch(() => {});
    await rm(out, { force: true });
    throw error;
  }
}

const SAFE_NAME = /^(database|blobs|keys)\/(?:[A-Za-z0-9._-]+\/)*[A-Za-z0-9._-]+$|^reckon-backup\.json$/;

/**
 * First half of a restore: unpacks blobs and keys into the (empty) data directory and the table files into a
 * staging folder, refusing any name outside those places. Returns the manifest and where the table files are.
 */
export async function unpackBackup(file: string, dataDir: string): Promise<{ manifest: BackupManifest; staging: string }> {
  const staging = join(dataDir, 'restore-staging');
  await mkdir(staging, { recursive: true, mode: 0o700 });
  const extract = tar.extract();
  let manifestText: string | null = null;
  extract.on('entry', (header, source, next) => {
    const stream = source as unknown as Readable;
    void (async () => {
      try {
        if (header.type !== 'file') throw new BackupError(`${header.name}: only plain files belong in a backup (found ${header.type})`);
        if (!SAFE_NAME.test(header.name) || header.name.split('/').some((p) => p === '..' || p === '.')) {
          throw new BackupError(`${header.name}: not a name a Reckon backup holds; refusing to write it`);
        }
        if (header.name === 'reckon-backup.json') {
          const parts: Buffer[] = [];
          for await (const chunk of stream) parts.push(chunk as Buffer);
          manifestText = Buffer.concat(parts).toString('utf8');
        } else {
          const target = header.name.startsWith('database/') ? join(staging, header.name.slice('database/'.length)) : join(dataDir, header.name);
          await mkdir(dirname(target), { recursive: true, mode: 0o700 });
          await pipeline(stream, createWriteStream(target, { flags: 'wx', mode: header.name.startsWith('keys/') ? 0o600 : 0o644 }));
        }
        next();
      } catch (error) {
        stream.resume();
        extract.destroy(error as Error);
      }
    })();
  });
  await pipeline(createReadStream(file), extract);
  if (manifestText === null) throw new BackupError(`${file}: no reckon-backup.json; this is not a Reckon backup`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(manifestText) as BackupManifest;
  } catch (error) {
    throw new BackupError(`${file}: reckon-backup.json is not valid JSON: ${(error as Error).message}`);
  }
  if (manifest.format !== BACKUP_FORMAT || !Array.isArray(manifest.tables)) throw new BackupError(`${file}: reckon-backup.json is not a ${BACKUP_FORMAT} manifest`);
  return { manifest, staging };
}

/** Second half: inserts every table (the target must be migrated and empty), then resets identity sequences. */
export async function loadTables(db: AnyDb, manifest: BackupManifest, staging: string): Promise<number> {
  const live = new Map((await tableShapes(db)).map((s) => [s.name, s]));
  for (const table of manifest.tables) {
    const shape = live.get(table.name);
    if (!shape) throw new BackupError(`the backup has table ${table.name}, which this version of Reckon does not; migrate or use the matching version`);
    const count = await db.selectFrom(table.name).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(count.n) > 0) throw new BackupError(`the target database is not empty (table ${table.name} has rows); restore only into a new instance`);
  }
  let rows = 0;
  await db.transaction().execute(async (tx) => {
    for (const table of manifest.tables) {
      const shape: TableShape = { ...live.get(table.name)!, columns: table.columns, identity: table.identity, json: table.json };
      const text = await readFile(join(staging, table.file.slice('database/'.length)), 'utf8');
      const lines = text.split('\n').filter(Boolean);
      for (let i = 0; i < lines.length; i += 500) {
        const batch = lines.slice(i, i + 500).map((line, j) => {
          try {
            return JSON.parse(line) as unknown[];
          } catch {
            throw new BackupError(`${table.file} line ${i + j + 1}: not valid JSON`);
          }
        });
        await insertRows(tx, shape, batch);
      }
      await resetIdentities(tx, shape);
      rows += lines.length;
    }
  });
  await rm(staging, { recursive: true, force: true });
  await writeFile(join(staging, '..', 'restored-from-backup'), `${manifest.createdAt}\n`).catch(() => {});
  return rows;
}
