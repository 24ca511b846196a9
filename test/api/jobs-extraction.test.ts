import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { extractedText, extractionsForBlobs } from '../../src/server/extraction/repository.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

const fixture = (name: string) => new URL(`../fixtures/evidence/${name}`, import.meta.url).pathname;

describe('extraction through the archive: ingest enqueues, the queue extracts, the jobs API shows it', () => {
  let t: TestApp;
  let admin: { headers: Record<string, string> };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(t.admin.username, t.admin.password);
  });
  afterAll(async () => t.close());

  it('extracts the text of an ingested PDF whose name lies, and shows the job as done', async () => {
    expect(t.ctx.jobs.hasHandler('extract')).toBe(true);
    const added = await t.ctx.archive.items.ingest(systemActor('test'), createReadStream(fixture('statement-pdf-named.jpg')), {
      filename: 'holiday.jpg',
      metadata: { title: 'Statement', confidentiality: 'restricted' },
    });
    const sha256 = added.file.sha256;
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.ctx.jobs.drain()).toBeGreaterThanOrEqual(1);
    expect(await extractedText(t.ctx.db, sha256)).toContain('Zeynalova');
    const rows = await extractionsForBlobs(t.ctx.db, [sha256]);
    expect(rows.find((r) => r.extractor === 'file-type')?.metadata).toMatchObject({ mime: 'application/pdf', kind: 'pdf' });
    const jobs = await t.app.inject({ method: 'GET', url: `/api/jobs?subjectType=blob&subjectId=${sha256}`, headers: admin.headers });
    expect(jobs.statusCode).toBe(200);
    expect(jobs.json().jobs).toEqual([expect.objectContaining({ kind: 'extract', state: 'done' })]);
    // The public may not see anything about a restricted blob.
    expect((await t.app.inject({ method: 'GET', url: `/api/jobs?subjectType=blob&subjectId=${sha256}` })).statusCode).toBe(401);
  });

  it('fails the extraction of a hostile DOCX with a reason while the queue goes on to the next file', async () => {
    const bomb = await t.ctx.archive.items.ingest(systemActor('test'), createReadStream(fixture('billion-laughs.docx')), {
      filename: 'report.docx',
      metadata: { title: 'Hostile', confidentiality: 'public' },
    });
    const text = await t.ctx.archive.items.ingest(systemActor('test'), createReadStream(fixture('letter-cp1251.txt')), {
      filename: 'letter.txt',
      metadata: { title: 'Letter', confidentiality: 'public' },
    });
    await t.ctx.jobs.drain();
    const docx = (await extractionsForBlobs(t.ctx.db, [bomb.file.sha256])).find((r) => r.extractor === 'docx-text');
    expect(docx).toMatchObject({ state: 'failed', error: expect.stringMatching(/DTD or entities/) });
    expect(await extractedText(t.ctx.db, text.file.sha256)).toContain('Протокол допроса');
  });
});
