import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
    await expect(importEvidencePackage(target.ctx, editor, folderBagReader(bagDir))).rejects.toThrow(new RegExp(`data/items/${item.id}/${name}.*hashes to`));
    const meta = join(bagDir, 'metadata', 'items', `${item.id}.json`);
    writeFileSync(meta, readFileSync(meta, 'utf8').slice(0, 20));
    await expect(importEvidencePackage(target.ctx, editor, folderBagReader(bagDir))).rejects.toThrow(/metadata\/items\/.*not valid JSON/);
    await expect(importEvidencePackage(target.ctx, { kind: 'public' } as never, folderBagReader(bagDir))).rejects.toThrow();
  });
});
