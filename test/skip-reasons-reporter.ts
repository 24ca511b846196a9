import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';

/**
 * Prints, after a run, every test that was skipped and why: the note given to `ctx.skip(note)`, or else the source
 * line that skipped it (`describe.skipIf(!process.env.TEST_DATABASE_URL)`, `it.skipIf(!hasShared(...))`), found
 * from the location of the test or of the nearest suite around it that was written with a skip. So no test skips
 * silently, whether or not its author printed a message. Needs `includeTaskLocation` (set in vitest.config.ts).
 */
const SKIP_CALL = /\.(skip|skipIf|runIf|todo)\b/;

export default class SkipReasonsReporter implements Reporter {
  private readonly lines = new Map<string, string[]>();

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const reasons = new Map<string, number>();
    for (const module of modules) {
      for (const test of module.children.allTests('skipped')) {
        const reason = this.reason(module, test);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    if (reasons.size === 0) return;
    const total = [...reasons.values()].reduce((a, b) => a + b, 0);
    const out = [`\nSkipped ${total} test${total === 1 ? '' : 's'}, and why:`];
    for (const [reason, count] of [...reasons].sort(([a], [b]) => a.localeCompare(b))) out.push(`  ${reason}  (${count})`);
    process.stdout.write(`${out.join('\n')}\n`);
  }

  private reason(module: TestModule, test: TestCase): string {
    const file = relative(process.cwd(), module.moduleId);
    const result = test.result();
    if (result.state === 'skipped' && result.note) return `${file}: ${result.note}`;
    const lines = this.source(module.moduleId);
    for (let task: TestCase | TestSuite | undefined = test; task; task = task.parent.type === 'suite' ? task.parent : undefined) {
      const line = task.location ? lines[task.location.line - 1] : undefined;
      if (line && SKIP_CALL.test(line)) return `${file}:${task.location!.line}: ${line.trim().replace(/,?\s*(async\s*)?\([^)]*\)\s*=>\s*\{$/, '')}`;
    }
    return `${file}: "${test.fullName}" not selected (-t, .only) or skipped at run time without a note`;
  }

  private source(path: string): string[] {
    let lines = this.lines.get(path);
    if (!lines) {
      try {
        lines = readFileSync(path, 'utf8').split('\n');
      } catch {
        lines = [];
      }
      this.lines.set(path, lines);
    }
    return lines;
  }
}
