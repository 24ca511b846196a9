import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli, shareInstancesInThisFile } from '../../../test/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'reckon-cases-cli-'));
const data = ['--data-dir', join(work, 'data')];
afterAll(() => rmSync(work, { recursive: true, force: true }));
shareInstancesInThisFile();
afterEach(() => {
  process.exitCode = undefined;
});

const folder = (name: string, files: Record<string, string>) => {
  const path = join(work, name);
  mkdirSync(path, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(path, file), text);
  return path;
};

describe('reckon cases import|export', () => {
  it('loads the shipped frameworks, exports them, and refuses a framework with a cycle naming file, line and field', async () => {
    const loaded = await runCli(['cases', 'import', '--standard', ...data]);
    expect(loaded.code).toBe(0);
    expect(loaded.out).toMatch(/standard: imported 2 frameworks, \d+ crimes, 6 modes, \d+ elements/);

    const out = join(work, 'export');
    const exported = await runCli(['cases', 'export', out, '--what', 'frameworks', '--framework', 'GC', ...data]);
    expect(exported.code).toBe(0);
    expect(readFileSync(join(out, 'crimes.csv'), 'utf8').split('\n').filter(Boolean)).toHaveLength(7);
    const again = await runCli(['cases', 'export', out, '--what', 'frameworks', ...data]);
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/already exist.*--force/);

    const cyclic = folder('cyclic', {
      'frameworks.csv': 'id,name,instrument\nNC,National code,Code (2020)\n',
      'crimes.csv': 'id,framework,parent,category,article,title,summary\nNC-1,NC,NC-2,other,1,A,s\nNC-2,NC,NC-1,other,2,B,s\n',
    });
    const refused = await runCli(['cases', 'import', cyclic, ...data]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('error: crimes.csv:2 parent: line 2: the parents of crime NC-1 form a cycle: NC-1 → NC-2 → NC-1');
    const listed = await runCli(['cases', 'export', join(work, 'after'), '--what', 'frameworks', '--format', 'json', ...data]);
    expect(listed.code).toBe(0);
    expect(readFileSync(join(work, 'after', 'frameworks.json'), 'utf8')).not.toContain('NC-1');
  }, 300_000);
});

// the folder imports of the registry and of units share how a folder is read and how a refusal is printed
describe('reckon import and reckon cases units-import', () => {
  it('refuses a path that is not a folder as a usage error, and prints every problem of a refused folder, or them as JSON', async () => {
    const notFolder = join(work, 'units.txt');
    writeFileSync(notFolder, 'x');
    for (const command of [['import'], ['cases', 'units-import']]) {
      const refused = await runCli([...command, notFolder, ...data]);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/units\.txt is not a folder/);
    }

    const units = folder('bad-units', { 'units-entities.csv': 'id,kind,name,actor,description\nBN1,unit,1st Battalion,,\n', 'units-relations.csv': 'id,kind,from,to,start,end,sources,notes\nR1,commands,BN1,NOBODY,1992-01-01,,,<script>x</script>\n' });
    const printed = await runCli(['cases', 'units-import', units, ...data]);
    expect(printed.code).toBe(1);
    expect(printed.err).toMatch(/error: units-relations\.csv:2 /);
    const json = await runCli(['cases', 'units-import', units, '--json', ...data]);
    expect(json.code).toBe(1);
    const body = JSON.parse(json.out) as { ok: boolean; problems: Array<{ file: string; line: number }> };
    expect(body.ok).toBe(false);
    expect(body.problems.some((p) => p.file === 'units-relations.csv' && p.line === 2)).toBe(true);

    const registry = folder('bad-registry', { 'claims.csv': 'id,subject\n\u0000,x\n' });
    const rejected = await runCli(['import', registry, '--json', ...data]);
    expect(rejected.code).toBe(1);
    expect(JSON.parse(rejected.out)).toMatchObject({ ok: false });
    expect((JSON.parse(rejected.out) as { problems: unknown[] }).problems.length).toBeGreaterThan(0);
  }, 300_000);
});
