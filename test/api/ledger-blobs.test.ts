import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.ts';

/** `reckon <args>` in-process; stdout and stderr together, as the assertions read either. */
async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const { code, out, err } = await runCli(args);
  return { code, out: out + err };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const blobPath = (dataDir: string, hash: string, encrypted: boolean) =>
  join(dataDir, 'blobs', 'sha256', hash.slice(0, 2), hash.slice(2, 4), `${hash}${encrypted ? '.enc' : ''}`);

function flipByte(path: string, at: number): void {
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  bytes[at] ^= 0x01;
  writeFileSync(path, bytes);
}

describe('reckon verify recomputes every stored blob', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'reckon-verify-blobs-'));
  const inputs = mkdtempSync(join(tmpdir(), 'reckon-verify-inputs-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(inputs, { recursive: true, force: true });
  });

  it('passes untouched, then names a flipped byte (clear and sealed), a missing blob and a planted file', { timeout: 120_000 }, async () => {
    const open = Buffer.from('a public statement, stored in clear\n'.repeat(2000));
    const sealed = Buffer.from('a restricted testimony, sealed at rest\n'.repeat(3000));
    const gone = Buffer.from('a third file that will go missing\n');
    writeFileSync(join(inputs, 'open.txt'), open);
    writeFileSync(join(inputs, 'sealed.txt'), sealed);
    writeFileSync(join(inputs, 'gone.txt'), gone);
    expect((await run('ingest', join(inputs, 'open.txt'), join(inputs, 'gone.txt'), '--confidentiality', 'public', '--data-dir', dataDir)).code).toBe(0);
    expect((await run('ingest', join(inputs, 'sealed.txt'), '--confidentiality', 'confidential', '--data-dir', dataDir)).code).toBe(0);

    const clean = await run('verify', '--data-dir', dataDir);
    expect(clean.out).toMatch(/no discrepancies/);
    expect(clean.code).toBe(0);

    flipByte(blobPath(dataDir, sha(open), false), 1234);
    const once = await run('verify', '--data-dir', dataDir, '--json');
    expect(once.code).toBe(1);
    const first = JSON.parse(once.out) as { problems: Array<{ kind: string; message: string }> };
    expect(first.problems).toHaveLength(1);
    expect(first.problems[0].kind).toBe('blob-changed');
    expect(first.problems[0].message).toContain(sha(open));

    const sealedFile = blobPath(dataDir, sha(sealed), true);
    expect(readdirSync(join(sealedFile, '..'))).toContain(`${sha(sealed)}.enc`);
    flipByte(sealedFile, readFileSync(sealedFile).length - 100);
    rmSync(blobPath(dataDir, sha(gone), false), { force: true });
    writeFileSync(join(dataDir, 'blobs', 'sha256', 'planted.bin'), 'not from Reckon');

    const many = await run('verify', '--data-dir', dataDir, '--json');
    expect(many.code).toBe(1);
    const report = JSON.parse(many.out) as { problems: Array<{ kind: string; message: string }> };
    const byKind = (kind: string) => report.problems.filter((p) => p.kind === kind).map((p) => p.message);
    expect(byKind('blob-changed').some((m) => m.includes(sha(sealed)))).toBe(true);
    expect(byKind('blob-changed').some((m) => m.includes(sha(open)))).toBe(true);
    expect(byKind('blob-missing')).toEqual([expect.stringContaining(sha(gone))]);
    expect(byKind('blob-unknown')).toEqual([expect.stringContaining('sha256/planted.bin')]);

    const human = await run('verify', '--data-dir', dataDir);
    expect(human.code).toBe(1);
    expect(human.out).toContain(`[blob-missing] blob ${sha(gone)}`);
  });
});
