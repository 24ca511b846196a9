import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, expect, vi } from 'vitest';
import { CliError } from '../src/cli/exit-codes.ts';
import { runLink } from '../src/cli/commands/link.ts';

/**
 * `reckon link` run in-process for the CLI's tests, in a folder of its own removed after the file's tests: `file`
 * writes an input, `run` runs the command with stdout and stderr captured (the --json summary parsed when asked for,
 * the written rows read back), `failure` expects a CliError and checks that no output file was left behind.
 */
export function linkRunner(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, content: string | Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  async function run(input: string, options: Record<string, unknown> = {}) {
    const out = join(dir, `run-${Math.random()}.csv`);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let printed = '';
    let warned = '';
    try {
      await runLink(input, { out, ...options });
      printed = stdout.mock.calls.map((c) => String(c[0])).join('');
      warned = stderr.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const written = parse(readFileSync(out), { columns: true }) as Array<Record<string, string>>;
    rmSync(out);
    return { summary: options.json ? JSON.parse(printed) : null, stdout: printed, stderr: warned, written };
  }

  async function failure(input: string, options: Record<string, unknown> = {}): Promise<CliError> {
    const out = join(dir, `fail-${Math.random()}.csv`);
    try {
      await runLink(input, { out, ...options });
    } catch (error) {
      expect(existsSync(out)).toBe(false);
      if (error instanceof CliError) return error;
      throw error;
    }
    throw new Error('expected the command to fail');
  }

  return { dir, file, run, failure };
}
