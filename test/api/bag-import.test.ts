import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderBagReader } from '../../src/cli/commands/bag-readers.ts';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { bytesStream } from '../../src/server/blobs/service.ts';
import { buildEvidencePackage } from '../../src/server/packages/export.ts';
import { importEvidencePackage } from '../../src/server/packages/import.ts';
import { writePackage } from '../../src/server/packages/write.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

/** A refusal of the whole bag (code bag_invalid) whose listed problems match every pattern. */
function refusedNaming(...patterns: RegExp[]) {
  return (error: unknown): boolean => {
    const e = error as { code?: string; details?: { problems?: string[] } };
    const problems = e.details?.problems ?? [];
    return e.code === 'bag_invalid' && patterns.every((p) => problems.some((line) => p.test(line)));
  };
}

describe('importing an evidence package into another instance', () => {
  let source: TestApp;
  let target: TestApp;
  const out = mkdtempSync(join(tmpdir(), 'reckon-bag-import-'));
  const editor = systemActor('test');
  beforeAll(async () => {
    source = await createTestApp({ organisationName: 'Source Archive' } as never);
    target = await createTestApp();
  }, 300_000);
  afterAll(async () => {
    await source.close();
    await target.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('keeps the hashes and the custody log, records the transfer, and the target still verifies', { timeout: 180_000 }, async () => {
    const bytes = Buffer.from('a confidential statement\n'.repeat(300));
    const { item } = await source.ctx.archive.items.ingest(editor, bytesStream(bytes), { filename: 'statement.txt', metadata: { confidentiality: 'confidential', title: 'Statement 7' } });
    const bagDir = join(out, 'bag');
    await writePackage(await buildEvidencePackage(source.ctx, editor, [item.id]), bagDir);

    const imported = await importEvidencePackage(target.ctx, editor, folderBagReader(bagDir));
    expect(imported).toHaveLength(1);
    expect(imported[0].sourceItemId).toBe(item.id);
    const detail = await target.ctx.archive.items.detail(editor, await target.ctx.archive.items.visibleItem(editor, imported[0].itemId));
    expect(detail.title).toBe('Statement 7');
    expect(detail.confidentiality).toBe('confidential');
    expect(detail.files[0].sha256).toBe(imported[0].files[0].sha256);
    const event = await target.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'item.imported').executeTakeFirstOrThrow();
    const details = event.details as { sourceOrganisation: string; sourceItemId: string; sourceCustody: Array<{ action: string }> };
    expect(details.sourceOrganisation).toBe('Source Archive');
    expect(details.sourceCustody.map((e) => e.action)).toEqual(expect.arrayContaining(['item.created', 'item.exported']));
    const run = await target.ctx.ledger.verify(editor, 'test', target.ctx.integrityChecks);
    expect(run.report.problems).toEqual([]);
  });

  it('refuses a bag whose data file no longer matches the metadata hash, naming the file', { timeout: 120_000 }, async () => {
    const { item } = await source.ctx.archive.items.ingest(editor, bytesStream(Buffer.from('original bytes\n')), { filename: 'o.txt', metadata: { confidentiality: 'public' } });
    const bagDir = join(out, 'bag2');
    await writePackage(await buildEvidencePackage(source.ctx, editor, [item.id]), bagDir);
    const dataDir = join(bagDir, 'data', 'items', item.id);
    const name = readdirSync(dataDir)[0];
    writeFileSync(join(dataDir, name), 'forged bytes\n');
    await expect(importEvidencePackage(target.ctx, editor, folderBagReader(bagDir))).rejects.toSatisfy(refusedNaming(new RegExp(`changed-file +data/items/${item.id}/${name}: sha256`), new RegExp(`payload-mismatch +data/items/${item.id}/${name}: sha256`)));
    const meta = join(bagDir, 'metadata', 'items', `${item.id}.json`);
    writeFileSync(meta, readFileSync(meta, 'utf8').slice(0, 20));
    await expect(importEvidencePackage(target.ctx, editor, folderBagReader(bagDir))).rejects.toSatisfy(refusedNaming(/metadata\/items\/.*not valid JSON/));
    await expect(importEvidencePackage(target.ctx, { kind: 'public' } as never, folderBagReader(bagDir))).rejects.toThrow();
  });

  it('is all or nothing: a bag whose third item is corrupt imports no item, file, row or stored object', { timeout: 180_000 }, async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const { item } = await source.ctx.archive.items.ingest(editor, bytesStream(Buffer.from(`item ${i} of a four-item package\n`.repeat(50 * i))), {
        filename: `item-${i}.txt`,
        metadata: { confidentiality: i === 2 ? 'confidential' : 'public', title: `Atomic ${i}` },
      });
      ids.push(item.id);
    }
    const bagDir = join(out, 'bag-atomic');
    await writePackage(await buildEvidencePackage(source.ctx, editor, ids), bagDir);
    // Corrupt the third item's original in the order the folder reader streams them (by name), so two items'
    // originals are already stored before the importer meets it and must be undone.
    const victim = [...ids].sort()[2];
    const third = join(bagDir, 'data', 'items', victim);
    const name = readdirSync(third)[0];
    const bytes = readFileSync(join(third, name));
    bytes[7] ^= 0x20;
    writeFileSync(join(third, name), bytes);

    const count = async (table: 'items' | 'item_files' | 'blobs' | 'audit_events' | 'ledger_entries') =>
      Number((await target.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const blobFiles = () => (existsSync(join(target.dataDir, 'blobs')) ? readdirSync(join(target.dataDir, 'blobs'), { recursive: true }) : []).filter((f) => String(f).split('/').pop()!.length >= 64).length;
    const before = { items: await count('items'), files: await count('item_files'), blobs: await count('blobs'), audit: await count('audit_events'), ledger: await count('ledger_entries'), objects: blobFiles() };

    await expect(importEvidencePackage(target.ctx, editor, folderBagReader(bagDir))).rejects.toSatisfy(refusedNaming(new RegExp(`payload-mismatch +data/items/${victim}/${name}: sha256`)));

    const after = { items: await count('items'), files: await count('item_files'), blobs: await count('blobs'), audit: await count('audit_events'), ledger: await count('ledger_entries'), objects: blobFiles() };
    expect(after).toEqual(before);
    const titles = await target.ctx.db.selectFrom('items').select('title').where('title', 'like', 'Atomic %').execute();
    expect(titles).toEqual([]);
    // Nothing half-written for reckon verify to find (no stored object without its row, no ledger gap).
    const run = await target.ctx.ledger.verify(editor, 'test', target.ctx.integrityChecks);
    expect(run.report.problems).toEqual([]);

    // The same bag with the byte put back imports all four, each with its hash and its custody.
    bytes[7] ^= 0x20;
    writeFileSync(join(third, name), bytes);
    const imported = await importEvidencePackage(target.ctx, editor, folderBagReader(bagDir));
    expect(imported.map((i) => i.sourceItemId).sort()).toEqual([...ids].sort());
    expect(await count('items')).toBe(before.items + 4);
    for (const entry of imported) {
      const events = await target.ctx.archive.items.custody(editor, entry.itemId, 100);
      expect(events.map((e) => (e as { action: string }).action)).toEqual(expect.arrayContaining(['item.created', 'item.file_added', 'item.imported']));
    }
    expect((await target.ctx.ledger.verify(editor, 'test', target.ctx.integrityChecks)).report.problems).toEqual([]);
  });
});
