/**
 * Writes the SQL that the heavy queries run to src/queries/*.sql, so a review sees what runs (as Immich commits its
 * src/queries/*.sql), and checks that the committed files still match the code (`--check`; also run by
 * test/contract/committed-sql.test.ts, so CI fails when a query changed without its file).
 *
 * Each scenario calls the real repository or search function on a Kysely whose driver touches no database: it
 * records every statement compiled for PostgreSQL and answers with rows the scenario gives (empty by default), so the
 * code takes the path a real search or linkage run takes. Parameters are listed beside each statement; they are
 * synthetic.
 *
 *   node --import tsx scripts/committed-sql.ts           write src/queries/
 *   node --import tsx scripts/committed-sql.ts --check   exit 1 and name the files that differ
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Actor } from '../src/server/accounts/actor.ts';
import type { Database } from '../src/server/db/schema.ts';
import { searchItems } from '../src/server/archive/search.ts';
import * as casualties from '../src/server/casualties/repository.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const QUERIES_DIR = join(root, 'src', 'queries');

type Responder = (sql: string) => Array<Record<string, unknown>>;

interface Recorded {
  sql: string;
  parameters: readonly unknown[];
}

/** A driver that runs nothing: it records each statement and answers with the responder's rows. */
class RecordingDriver implements Driver {
  constructor(
    private readonly log: Recorded[],
    private readonly respond: Responder,
  ) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const { log, respond } = this;
    return {
      async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
        log.push({ sql: compiled.sql, parameters: compiled.parameters });
        return { rows: respond(compiled.sql) as R[] };
      },
      // eslint-disable-next-line require-yield
      async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
        throw new Error('streaming is not recorded');
      },
    };
  }
  async beginTransaction(conn: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    this.log.push({ sql: 'begin', parameters: [] });
    void conn;
  }
  async commitTransaction(): Promise<void> {
    this.log.push({ sql: 'commit', parameters: [] });
  }
  async rollbackTransaction(): Promise<void> {
    this.log.push({ sql: 'rollback', parameters: [] });
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

function recordingDb(respond: Responder = () => []): { db: Kysely<Database>; log: Recorded[] } {
  const log: Recorded[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new RecordingDriver(log, respond),
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { db, log };
}

/** Answers for the archive search's statements: a planner estimate, a table size, a tsquery, an empty sample. */
const searchAnswers: Responder = (text) => {
  if (text.startsWith('explain')) return [{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': 1 } }] }];
  if (text.includes('reltuples')) return [{ n: 1000 }];
  if (text.includes('string_agg(distinct')) return [{ q: "'khojali'" }];
  if (text.includes('as total')) {
    return [
      { total: 0, whole: true, kind: '[]', language: '[]', country: '[]', confidentiality: '[]', extraction_state: '[]', year: '[]', tag: '[]', page: '[]' },
    ];
  }
  return [];
};

const editor: Actor = { kind: 'user', userId: '00000000-0000-4000-8000-000000000001', username: 'editor', role: 'editor', via: 'session' };

/** One file a scenario; the name says what runs. */
export const scenarios: Record<string, { what: string; run: () => Promise<Recorded[]> }> = {
  'archive-search-words': {
    what: 'Archive search for words with a filter, relevance order (searchItems, src/server/archive/search.ts)',
    run: async () => {
      const { db, log } = recordingDb(searchAnswers);
      await searchItems(db, editor, { q: 'Khojaly hospital', kind: ['document'], limit: 20 });
      return log;
    },
  },
  'archive-search-event-date': {
    what: 'Archive search for a word in event-date order (searchItems with sort=event_date)',
    run: async () => {
      const { db, log } = recordingDb(searchAnswers);
      await searchItems(db, editor, { q: 'Khojaly', sort: 'event_date', limit: 20 });
      return log;
    },
  },
  'archive-search-filters': {
    what: 'Archive search by filters alone, newest first (searchItems without words)',
    run: async () => {
      const { db, log } = recordingDb(searchAnswers);
      await searchItems(db, editor, { language: ['az'], dateFrom: '1992', dateTo: '1993', limit: 20 });
      return log;
    },
  },
  'linkage-store-results': {
    what: "A linkage run's results stored: pairs, persons and their records (src/server/casualties/repository.ts)",
    run: async () => {
      const { db, log } = recordingDb();
      const run = '00000000-0000-4000-8000-0000000000aa';
      await casualties.clearRunResults(db, run);
      await casualties.insertPairs(db, run, [{ record_a: 'a', record_b: 'b', probability: 0.97, weight: 12.5, explanation: { surname: 'agree' } }]);
      await casualties.insertPersons(
        db,
        run,
        [
          {
            person_id: 1,
            capture_history: '11',
            record_count: 2,
            sex: 'm',
            age_band: '30-39',
            status: 'killed',
            death_date: '1992-02-26',
            place: 'Khojaly',
            disagreements: [],
            flags: [],
          },
        ],
        [
          { person_id: 1, record_id: 'a', probability: 0.97 },
          { person_id: 1, record_id: 'b', probability: 0.97 },
        ],
      );
      return log;
    },
  },
  'linkage-review-and-persons': {
    what: 'The review queue and the persons page of a linkage run (reviewPage, personsPage)',
    run: async () => {
      // Counts answer one row of zeros, as on an empty run.
      const { db, log } = recordingDb((text) => (text.includes('count(') ? [{ total: 0, undecided: 0 }] : []));
      const run = '00000000-0000-4000-8000-0000000000aa';
      await casualties.reviewPage(db, run, { min: 0.3, max: 0.9 }, 'undecided', 50, 0);
      await casualties.personsPage(db, run, { q: 'Aliyev', romanised: 'aliyev', linked: true, limit: 50, offset: 0 });
      return log;
    },
  },
};

function render(name: string, what: string, log: Recorded[]): string {
  const lines = [`-- ${what}`, `-- Generated by scripts/committed-sql.ts (scenario "${name}"); do not edit by hand.`, ''];
  for (const entry of log) {
    const statement = entry.sql.replace(/[ \t]+\n/g, '\n').trim();
    if (entry.parameters.length) lines.push(`-- parameters: ${JSON.stringify(entry.parameters)}`);
    lines.push(`${statement};`, '');
  }
  return lines.join('\n');
}

export async function generate(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [name, scenario] of Object.entries(scenarios)) files.set(`${name}.sql`, render(name, scenario.what, await scenario.run()));
  return files;
}

/** The names of committed files that differ from what the code generates, are missing, or are left over. */
export async function differences(): Promise<string[]> {
  const files = await generate();
  const differ: string[] = [];
  for (const [file, text] of files) {
    const path = join(QUERIES_DIR, file);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) differ.push(file);
  }
  if (existsSync(QUERIES_DIR)) for (const file of readdirSync(QUERIES_DIR)) if (file.endsWith('.sql') && !files.has(file)) differ.push(file);
  return differ;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const differ = await differences();
    if (differ.length) {
      console.error(`src/queries/ differs from the SQL the code generates: ${differ.join(', ')}\nRun \`npm run queries:generate\` and commit the result.`);
      process.exit(1);
    }
    console.log('src/queries/ matches the SQL the code generates');
  } else {
    mkdirSync(QUERIES_DIR, { recursive: true });
    for (const [file, text] of await generate()) writeFileSync(join(QUERIES_DIR, file), text);
    console.log(`wrote ${Object.keys(scenarios).length} files to src/queries/`);
  }
}
