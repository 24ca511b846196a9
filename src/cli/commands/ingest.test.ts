import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../main.ts';

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'reckon', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('reckon ingest', () => {
  const work = mkdtempSync(join(tmpdir(), 'reckon-ingest-'));
  const dataDir = join(work, 'data');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ingests a folder with metadata, skips what is already stored on a second run, and reports bad metadata by line', async () => {
    const folder = join(work, 'evidence');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, 'a.txt'), 'statement one\n');
    writeFileSync(join(folder, 'sub', 'b.txt'), 'statement two\n');
    writeFileSync(join(folder, 'sub', 'copy.txt'), 'statement one\n');
    symlinkSync('/etc/hostname', join(folder, 'link'));
    writeFileSync(join(work, 'meta.csv'), 'file,title,kind,event_date,country\na.txt,First,document,1992-02,AZ\nsub/b.txt,Second,document,1993,AM\n');

    const first = await run('ingest', folder, '--metadata', join(work, 'meta.csv'), '--data-dir', dataDir, '--json');
    expect(first.code).toBe(1);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ added: 2, skipped: 1, failed: 1 });
    expect(summary.files.find((f: { file: string }) => f.file === 'link').reason).toMatch(/symbolic link/);

    const second = await run('ingest', join(folder, 'a.txt'), join(folder, 'sub'), '--data-dir', dataDir, '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ added: 0, skipped: 3, failed: 0 });

    writeFileSync(join(work, 'bad.csv'), 'file,title,event_date\nx.txt,X,1992\ny.txt,Y,1992-13\n');
    const bad = await run('ingest', folder, '--metadata', join(work, 'bad.csv'), '--data-dir', dataDir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.csv: line 3: eventDate: month 13/);

    const exported = await run('archive', 'export', '--data-dir', dataDir);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('First');
    expect(exported.stdout).toContain('1992-02');
  }, 120_000);
});
