import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `reckon <command> --help` loads the command's module and what it imports statically, nothing else: the work of
 * a command that opens the database is imported dynamically when the command runs. This follows the static runtime
 * imports (`import type` is erased; `import()` is left out) of each such command and checks that none reaches the
 * server's instance (database, every service, the configuration reader) or the packages behind them, which cost
 * about a CPU-second to load (issue 15; measured by bench/cli-startup.bench.ts).
 */
const root = resolve('.');
const COMMANDS = ['casualties', 'verify', 'import', 'export', 'receipt', 'estimate', 'missing', 'serve'];
const HEAVY_FILES = ['src/server/instance.ts', 'src/server/context.ts', 'src/server/config.ts', 'src/server/db/connect.ts', 'src/server/app.ts'];
const HEAVY_PACKAGES = ['kysely', 'zod', 'fastify', '@electric-sql/pglite', 'pg'];

const STATIC_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]/g;

function resolveLocal(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every file and package the module loads before it runs, by static runtime imports. */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, typeOnly, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (typeOnly) continue;
      if (specifier.startsWith('.')) {
        const target = resolveLocal(file, specifier);
        if (target) visit(target);
      } else if (!specifier.startsWith('node:')) {
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
      }
    }
  };
  visit(entry);
  return { files: new Set([...files].map((f) => relative(root, f))), packages };
}

describe('commands whose --help must not load the server', () => {
  for (const command of COMMANDS) {
    it(`reckon ${command} --help`, () => {
      const { files, packages } = staticClosure(join(root, 'src', 'cli', 'commands', `${command}.ts`));
      expect(files.size).toBeGreaterThan(0);
      expect(HEAVY_FILES.filter((f) => files.has(f))).toEqual([]);
      expect(HEAVY_PACKAGES.filter((p) => packages.has(p))).toEqual([]);
    });
  }

  it('sees a heavy import where there is one (the check is not blind)', () => {
    const { files, packages } = staticClosure(join(root, 'src', 'cli', 'commands', 'casualties-run.ts'));
    expect(files.has('src/server/config.ts')).toBe(true);
    expect(packages.has('zod')).toBe(true);
  });
});
