/**
 * Fails when server modules import each other in a circle (`npm run lint` runs it after ESLint). A module is a folder
 * of src/server; an edge is a runtime import (`import type` is erased and does not count) from a file of one module
 * to a file of another. The kernel every module uses (errors, context, config, db/, http/types, accounts/actor) is
 * left out: context.ts builds every service, so counting it would join everything into one circle. Also reports
 * file-level cycles anywhere in src/. See docs/ARCHITECTURE.md, "Layers the tools enforce".
 *
 *   node --import tsx scripts/module-cycles.ts   check; exit 1 on any cycle, printing the imports that make it
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KERNEL = /^src\/server\/((errors|context|config)\.ts|db\/.*|http\/types\.ts|accounts\/actor\.ts)$/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]/g;

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Tarjan's strongly connected components; only those of two or more nodes (a cycle). */
function cycles(nodes: Iterable<string>, next: (node: string) => Iterable<string>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return found;
}

export interface CycleReport {
  fileCycles: string[][];
  moduleCycles: Array<{ modules: string[]; edges: string[] }>;
}

export function findCycles(srcDir = join(root, 'src')): CycleReport {
  const files = sourceFiles(srcDir);
  const known = new Set(files);
  const rel = (f: string) => relative(root, f).split(sep).join('/');
  const imports = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      if (m[1]) continue;
      const target = resolveImport(file, m[2]!);
      if (target && known.has(target)) targets.push(target);
    }
    imports.set(file, targets);
  }
  const fileCycles = cycles(files, (f) => imports.get(f) ?? []).map((g) => g.map(rel));

  const moduleOf = (f: string): string | null => {
    const parts = rel(f).split('/');
    return parts[0] === 'src' && parts[1] === 'server' && parts.length > 3 ? parts[2]! : null;
  };
  const moduleEdges = new Map<string, Map<string, string[]>>();
  for (const [file, targets] of imports) {
    const from = moduleOf(file);
    if (!from) continue;
    for (const target of targets) {
      const to = moduleOf(target);
      if (!to || to === from || KERNEL.test(rel(target))) continue;
      const byTarget = moduleEdges.get(from) ?? new Map<string, string[]>();
      moduleEdges.set(from, byTarget);
      byTarget.set(to, [...(byTarget.get(to) ?? []), `${rel(file)} -> ${rel(target)}`]);
    }
  }
  const modules = new Set([...moduleEdges.keys(), ...[...moduleEdges.values()].flatMap((m) => [...m.keys()])]);
  const moduleCycles = cycles(modules, (m) => moduleEdges.get(m)?.keys() ?? []).map((group) => {
    const inGroup = new Set(group);
    const edges = group.flatMap((m) => [...(moduleEdges.get(m) ?? [])].filter(([to]) => inGroup.has(to)).flatMap(([, why]) => why));
    return { modules: group, edges };
  });
  return { fileCycles, moduleCycles };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { fileCycles, moduleCycles } = findCycles();
  let failed = false;
  for (const group of fileCycles) {
    failed = true;
    console.error(`import cycle between files: ${group.join(', ')}`);
  }
  for (const cycle of moduleCycles) {
    failed = true;
    console.error(`cycle between server modules: ${cycle.modules.join(', ')}`);
    for (const edge of cycle.edges) console.error(`  ${edge}`);
  }
  if (failed) {
    console.error('Break the cycle: move what both need into src/core or db/helpers, or pass a function in from context.ts.');
    process.exit(1);
  }
  console.log('module cycles: 0, file cycles: 0');
}
