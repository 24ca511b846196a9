/**
 * The command line of the evidence matrix and the case file, on an embedded data directory as an analyst uses it:
 * `reckon cases matrix` in its three formats (and its refusal of an unknown allegation), `reckon cases case-file`
 * (and its refusal of a target that exists), `reckon bag verify` accepting the case file, and refusing it once the
 * payloads of two exhibits are swapped, even with the BagIt manifests regenerated to match.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBag, regenerate } from './bag-tamper-cases.ts';
import { ALLEGATION, seedCaseFileInstance } from './cases-case-file-fixture.ts';
import { runCliJoined as run, shareInstancesInThisFile } from '../cli.ts';

// The commands share one open instance of the data directory (shareInstancesInThisFile).
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('reckon cases matrix and case-file on a data directory', { timeout: 300_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'reckon-cases-cli-'));
  const dataDir = join(work, 'data');
  const itemIds: string[] = [];

  beforeAll(async () => {
    itemIds.push(...(await seedCaseFileInstance(dataDir)));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  shareInstancesInThisFile();

  it('prints the matrix as JSON, CSV and text, gaps and low reliability named', async () => {
    const asJson = await run('cases', 'matrix', ALLEGATION, '--format', 'json', '--data-dir', dataDir);
    expect(asJson.code, asJson.out).toBe(0);
    const matrix = JSON.parse(asJson.out);
    expect(matrix.rows.map((r: { elementId: string }) => r.elementId)).toEqual(['el-cli-1', 'el-cli-2', 'el-cli-3']);
    expect(matrix.rows[0].supporting).toEqual({ links: 2, sources: 1, reliableSources: 1, lowReliability: 0 });
    expect(matrix.rows[0].undermining).toEqual({ links: 1, sources: 1, reliableSources: 0, lowReliability: 1 });
    expect(matrix.rows[1].onlyLowReliability).toBe(true);
    expect(matrix.rows[2].gap).toBe(true);
    expect(matrix.totals).toEqual({ links: 4, items: 3, sources: 2, gaps: 1, lowReliability: 2 });

    const asCsv = await run('cases', 'matrix', ALLEGATION, '--format', 'csv', '--data-dir', dataDir);
    expect(asCsv.code, asCsv.out).toBe(0);
    const lines = asCsv.out.trim().split('\n');
    expect(lines[0]).toBe('element,citation,supporting links,supporting sources,undermining links,undermining sources,low reliability,gap');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^el-cli-3,.*,0,0,0,0,0,GAP$/);

    const asText = await run('cases', 'matrix', ALLEGATION, '--data-dir', dataDir);
    expect(asText.code, asText.out).toBe(0);
    expect(asText.out).toContain('Synthetic Proponent characterises it as war-crime');
    expect(asText.out).toContain('low only');
    expect(asText.out).toContain('4 links to 3 items from 2 independent sources; 1 element without evidence; 2 low-reliability links');
  });

  it('refuses an unknown allegation and a bad format with a message and a non-zero exit', async () => {
    const unknown = await run('cases', 'matrix', 'no-such-allegation', '--data-dir', dataDir);
    expect(unknown.code).not.toBe(0);
    expect(unknown.out).toContain('not_found');
    const format = await run('cases', 'matrix', ALLEGATION, '--format', 'xml', '--data-dir', dataDir);
    expect(format.code).not.toBe(0);
  });

  it('exports a case file that bag verify accepts, and refuses a target that exists', async () => {
    const folder = join(work, 'case-file');
    const exported = await run('cases', 'case-file', ALLEGATION, '--out', folder, '--json', '--data-dir', dataDir);
    expect(exported.code, exported.out).toBe(0);
    expect(JSON.parse(exported.out)).toMatchObject({ items: 3 });
    expect(JSON.parse(readFileSync(join(folder, 'case-file/links.json'), 'utf8')).links).toHaveLength(4);
    const verified = await run('bag', 'verify', folder);
    expect(verified.code, verified.out).toBe(0);
    const again = await run('cases', 'case-file', ALLEGATION, '--out', folder, '--data-dir', dataDir);
    expect(again.code).not.toBe(0);
    expect(again.out).toContain('already exists');
  });

  it('fails verification when two exhibits\' payloads are swapped, even with the manifests regenerated', async () => {
    const pristine = join(work, 'case-file');
    const dir = copyBag(pristine, join(work, 'swapped'));
    const payloadOf = (itemId: string) => {
      const folder = join(dir, 'data', 'items', itemId);
      return join(folder, readdirSync(folder)[0]);
    };
    const [a, b] = [payloadOf(itemIds[0]), payloadOf(itemIds[1])];
    const [bytesA, bytesB] = [readFileSync(a), readFileSync(b)];
    writeFileSync(a, bytesB);
    writeFileSync(b, bytesA);
    regenerate(dir);
    const verified = await run('bag', 'verify', dir);
    expect(verified.code).not.toBe(0);
    expect(verified.out).toContain(itemIds[0]);
  });

  it('refuses to export a case file when a stored original no longer matches its recorded hash, and leaves no folder', async () => {
    // The export reads each small original whole and hashes it before writing it (one read, one hash): a blob changed
    // in the store (same size, one byte flipped) must stop the export, not reach the court package.
    const blobs = join(dataDir, 'blobs');
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const exhibit = join(work, 'case-file', 'data', 'items', itemIds[0]);
    const original = readFileSync(join(exhibit, readdirSync(exhibit)[0]));
    const stored = walk(blobs).find((p) => statSync(p).size === original.length && readFileSync(p).equals(original));
    expect(stored, 'the exhibit is stored unencrypted in the blob folder').toBeDefined();
    const mode = statSync(stored!).mode & 0o777;
    chmodSync(stored!, 0o644);
    const flipped = Buffer.from(original);
    flipped[0] ^= 0xff;
    writeFileSync(stored!, flipped);
    try {
      const folder = join(work, 'case-file-tampered');
      const refused = await run('cases', 'case-file', ALLEGATION, '--out', folder, '--data-dir', dataDir);
      expect(refused.code).not.toBe(0);
      expect(refused.out).toContain('no longer matches its recorded SHA-256');
      expect(existsSync(folder)).toBe(false);
      expect(readdirSync(work).filter((n) => n.startsWith('.reckon-export-'))).toEqual([]);
    } finally {
      writeFileSync(stored!, original);
      chmodSync(stored!, mode);
    }
  });

  it('withdraws and restores an allegation and an incident with a reason, and refuses a bad kind, an unknown id, no reason and a second withdrawal', async () => {
    const withdrawn = await run('cases', 'withdraw', 'allegation', ALLEGATION, '--reason', 'The proponent retracted it', '--json', '--data-dir', dataDir);
    expect(withdrawn.code, withdrawn.out).toBe(0);
    expect(JSON.parse(withdrawn.out)).toMatchObject({ ok: true, kind: 'allegation', id: ALLEGATION, action: 'withdrawn', incidentId: 'inc-cli', acts: [] });
    const again = await run('cases', 'withdraw', 'allegation', ALLEGATION, '--reason', 'twice', '--data-dir', dataDir);
    expect(again.code).not.toBe(0);
    expect(again.out).toContain('already_withdrawn');
    const restored = await run('cases', 'restore', 'allegation', ALLEGATION, '--reason', 'The retraction was withdrawn', '--data-dir', dataDir);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toContain(`Restored allegation ${ALLEGATION} (incident inc-cli)`);
    const incident = await run('cases', 'withdraw', 'incident', 'inc-cli', '--reason', 'Synthetic duplicate', '--data-dir', dataDir);
    expect(incident.code, incident.out).toBe(0);
    expect((await run('cases', 'restore', 'incident', 'inc-cli', '--reason', 'Not a duplicate', '--data-dir', dataDir)).code).toBe(0);
    for (const args of [
      ['withdraw', 'unit', 'inc-cli', '--reason', 'x'],
      ['withdraw', 'act', 'no-such-act', '--reason', 'x'],
      ['withdraw', 'incident', 'inc-cli'],
      ['withdraw', 'incident', 'inc-cli', '--reason', '   '],
      ['restore', 'incident', 'inc-cli', '--reason', 'x'],
    ]) {
      const refused = await run('cases', ...args, '--data-dir', dataDir);
      expect(refused.code, args.join(' ')).not.toBe(0);
    }
    expect((await run('cases', 'withdraw', 'act', 'no-such-act', '--reason', 'x', '--data-dir', dataDir)).out).toContain('not_found');
  });
});
