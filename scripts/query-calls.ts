/**
 * Counts the query calls of src/server outside repositories (issue 20: "0 query calls outside repositories, barring
 * migrations and the backup dump, which say why"). A query call is a Kysely statement builder started on a database
 * or transaction (`.selectFrom(`, `.insertInto(`, `.updateTable(`, `.deleteFrom(`, `.replaceInto(`, `.mergeInto(`)
 * or a raw `sql` template (`sql\``, `sql<T>\``). A repository is a file named `repository.ts` or `*-repository.ts`.
 * Tests are not counted. Files whose SQL is their point (the migrator, the backup dump, the database kernel) are
 * listed in EXEMPT with the reason and counted apart.
 *
 * A file outside repositories whose statements stay there on purpose is listed in KEPT with the reason; one whose
 * statements are still to move is listed in TO_MOVE with its count, which may fall and never rise.
 *
 *   node --import tsx scripts/query-calls.ts            totals and the files outside repositories, most calls first
 *   node --import tsx scripts/query-calls.ts --check    also exit 1 when a file outside repositories has a query call
 *                                                       and is not in KEPT, or has more than TO_MOVE allows
 *                                                       (npm run lint runs this, so CI does)
 *   node --import tsx scripts/query-calls.ts --max N    also exit 1 when more than N calls are outside repositories
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CALL = /\.(?:selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(?:<[^>`]*>)?`/g;
const REPOSITORY = /(^|\/|-)repository\.ts$/;

/** Files whose statements are not a module's data access, and why. */
const EXEMPT: Record<string, string> = {
  'src/server/db/migrate.ts': 'the migrator creates its own bookkeeping table before any repository can exist',
  'src/server/db/introspection.ts': "reads the database's catalogue, not a module's tables",
  'src/server/db/connect.ts': 'the connection check run at start-up',
  'src/server/db/testing.ts': 'test databases are created and dropped here',
  'src/server/backup/dump.ts': 'the dump copies every table generically, whatever module owns it',
  'src/server/backup/archive.ts': 'the restore writes the dump back generically',
};

/**
 * Files outside repositories whose query calls stay there on purpose, and why. None since session 14: the archive's
 * visibility predicate is a Kysely expression (no raw SQL), the case file's and the package export's reads moved
 * into their modules' repositories. A file added here needs a reason a review accepts.
 */
const KEPT: Record<string, string> = {};

/** Files whose query calls are still to move into a repository, with how many they may have at most. None left. */
const TO_MOVE: Record<string, number> = {};

function files(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files(path, out);
    else if (entry.name.endsWith('.ts') && !/\.test\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const counts = files(join(root, 'src', 'server'))
  .map((path) => {
    const name = relative(root, path).split(sep).join('/');
    return { name, calls: readFileSync(path, 'utf8').match(CALL)?.length ?? 0 };
  })
  .filter((file) => file.calls > 0);

const sum = (list: typeof counts) => list.reduce((total, file) => total + file.calls, 0);
const inside = counts.filter((file) => REPOSITORY.test(file.name));
const exempt = counts.filter((file) => !REPOSITORY.test(file.name) && file.name in EXEMPT);
const outside = counts
  .filter((file) => !REPOSITORY.test(file.name) && !(file.name in EXEMPT))
  .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
const note = (name: string) => (name in KEPT ? `: kept, ${KEPT[name]}` : name in TO_MOVE ? ` (to move; at most ${TO_MOVE[name]})` : '');

console.log(`query calls in repositories: ${sum(inside)} (${inside.length} files)`);
console.log(`query calls exempt (say why): ${sum(exempt)} (${exempt.length} files)`);
for (const file of exempt) console.log(`  ${String(file.calls).padStart(3)}  ${file.name}: ${EXEMPT[file.name]}`);
console.log(`query calls outside repositories: ${sum(outside)} (${outside.length} files)`);
for (const file of outside) console.log(`  ${String(file.calls).padStart(3)}  ${file.name}${note(file.name)}`);

if (process.argv.includes('--check')) {
  const refused = outside.filter((file) => !(file.name in KEPT) && file.calls > (TO_MOVE[file.name] ?? 0));
  for (const file of refused) {
    console.error(
      `${file.name}: ${file.calls} query call${file.calls === 1 ? '' : 's'} outside a repository${file.name in TO_MOVE ? ` (at most ${TO_MOVE[file.name]} still to move)` : ''}: move the SQL into the module's repository.ts or *-repository.ts (docs/ARCHITECTURE.md, "SQL only in repositories")`,
    );
  }
  if (refused.length) process.exitCode = 1;
}

const maxAt = process.argv.indexOf('--max');
if (maxAt > 0) {
  const max = Number(process.argv[maxAt + 1]);
  if (!Number.isInteger(max)) throw new Error('--max needs a whole number');
  if (sum(outside) > max) {
    console.error(`more query calls outside repositories (${sum(outside)}) than allowed (${max})`);
    process.exitCode = 1;
  }
}
