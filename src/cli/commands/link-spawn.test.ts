import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLists, SYNTHETIC_COLUMNS } from '../../core/linkage/synthetic/generate.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'reckon-link-spawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('node bin/reckon.js link', () => {
  it('starts its worker threads under the tsx entry point and keeps --json output clean', () => {
    const { records } = generateLists({ persons: 150, seed: 2 });
    const input = join(dir, 'lists.csv');
    writeFileSync(input, stringify([[...SYNTHETIC_COLUMNS], ...records.map((r) => SYNTHETIC_COLUMNS.map((c) => r[c]))]));
    const child = spawnSync(process.execPath, [join(root, 'bin', 'reckon.js'), 'link', input, '--out', join(dir, 'out.csv'), '--json', '--threads', '2'], {
      encoding: 'utf8',
      cwd: tmpdir(),
    });
    expect(child.stderr, child.stderr).not.toMatch(/could not be started/);
    expect(child.status).toBe(0);
    const summary = JSON.parse(child.stdout);
    expect(summary.threads).toBe(2);
    expect(summary.records).toBe(records.length);
  }, 180_000);

  it('exits 1 with a one-line message and no stack trace on bad input', () => {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'id,name\n1,"Əli\n');
    const child = spawnSync(process.execPath, [join(root, 'bin', 'reckon.js'), 'link', input, '--out', join(dir, 'x.csv')], { encoding: 'utf8' });
    expect(child.status).toBe(1);
    expect(child.stderr).toMatch(/^reckon: .*bad\.csv:line \d+: a quoted field is never closed\n$/);
    expect(child.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
