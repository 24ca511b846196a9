import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/server/system/features.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, multipart, type Headers } from './archive-helpers.ts';

const hasPdftoppm = findExecutable('pdftoppm') !== null;
if (!hasPdftoppm) console.warn('pdftoppm (poppler-utils) is not installed: the PDF area redaction API test is skipped');

/** A synthetic two-page statement; the names are invented. */
async function statement(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const first = doc.addPage([595, 842]);
  first.drawText('Witness Velmora Strand saw the convoy', { x: 60, y: 760, size: 16, font });
  first.drawText('Address: 12 Orchard lane', { x: 60, y: 720, size: 16, font });
  const second = doc.addPage([595, 842]);
  second.drawText('Annex with the route of the convoy', { x: 60, y: 760, size: 16, font });
  return Buffer.from(await doc.save());
}

async function texts(pdf: Buffer): Promise<string[]> {
  return (await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false })).text as string[];
}

describe.skipIf(!hasPdftoppm)('PDF redaction by area and text through the API', () => {
  let test: TestApp;
  let as: Record<'editor' | 'viewer', Headers>;
  let itemId = '';
  let fileId = '';
  let original: Buffer;
  const url = () => `/api/archive/items/${itemId}/files/${fileId}/redactions`;
  const post = (payload: unknown, headers: Headers = as.editor) => test.app.inject({ method: 'POST', url: url(), headers, payload: payload as Record<string, unknown> });

  beforeAll(async () => {
    test = await createTestApp();
    as = await loginAs(test, ['editor', 'viewer']);
    original = await statement();
    const body = multipart({ name: 'statement.pdf', content: original, type: 'application/pdf' }, { metadata: JSON.stringify({ title: 'Statement', confidentiality: 'public' }) });
    const up = await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...body.headers }, payload: body.payload });
    expect(up.statusCode, up.body).toBe(201);
    itemId = up.json().item.id;
    fileId = up.json().file.id;
  });
  afterAll(async () => test?.close());

  it('writes a derivative without the redacted text, linked to the untouched original, and audits it without the text', async () => {
    const res = await post({ type: 'pdf_areas', texts: ['velmora strand'], areas: [{ page: 1, x: 0.05, y: 0.13, w: 0.6, h: 0.04 }], confidentiality: 'public' });
    expect(res.statusCode, res.body).toBe(201);
    const derived = res.json().file;
    expect(derived.role).toBe('derivative');
    expect(derived.derivedFrom).toBe(fileId);
    expect(derived.filename).toBe('statement-redacted.pdf');
    const content = (await test.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/files/${derived.id}/content`, headers: as.editor })).rawPayload;
    const pages = await texts(content);
    expect(pages.join('\n')).not.toMatch(/velmora|strand|orchard/i);
    expect(pages[1]).toContain('Annex with the route of the convoy');
    const kept = (await test.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/files/${fileId}/content`, headers: as.editor })).rawPayload;
    expect(createHash('sha256').update(kept).digest('hex')).toBe(createHash('sha256').update(original).digest('hex'));

    const custody = (await test.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/custody`, headers: as.editor })).json();
    const redacted = custody.events.filter((e: { action: string }) => e.action === 'item.redacted');
    expect(redacted).toHaveLength(1);
    const details = JSON.stringify(redacted[0]);
    expect(details).toContain('pdf_areas');
    expect(details).not.toMatch(/velmora/i);
    expect(redacted[0].details.redaction).toMatchObject({ type: 'pdf_areas', pages: [1], textQueries: 1, textMatches: 1, boxes: 2 });
  });

  it('refuses hostile and wrong requests with a clear error and writes nothing', async () => {
    const count = async () => Number((await test.ctx.db.selectFrom('item_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const box = { page: 1, x: 0.1, y: 0.1, w: 0.1, h: 0.1 };
    const cases: Array<[unknown, number, string]> = [
      [{ type: 'pdf_areas', areas: [{ ...box, page: 3 }] }, 400, 'redaction_rejected'],
      [{ type: 'pdf_areas', areas: [{ ...box, x: 5 }] }, 400, 'redaction_rejected'],
      [{ type: 'pdf_areas', areas: [{ ...box, w: -0.1 }] }, 400, 'invalid_request'],
      [{ type: 'pdf_areas', areas: Array.from({ length: 10_001 }, () => box) }, 400, 'invalid_request'],
      [{ type: 'pdf_areas', areas: [] }, 400, 'redaction_rejected'],
      [{ type: 'pdf_areas', texts: ['Velmora\u0000'] }, 400, 'invalid_text'],
      [{ type: 'pdf_areas', texts: ['<script>alert(1)</script>'] }, 400, 'redaction_rejected'],
      [{ type: 'pdf_areas', texts: ['x'.repeat(501)] }, 400, 'invalid_request'],
      [{ type: 'pdf_areas', areas: [box], extra: true }, 400, 'invalid_request'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await post(payload);
      expect(res.statusCode, `${JSON.stringify(payload).slice(0, 100)}: ${res.body.slice(0, 300)}`).toBe(status);
      expect(res.json().error.code, res.body.slice(0, 300)).toBe(code);
    }
    expect((await post({ type: 'pdf_areas', areas: [box] }, as.viewer)).statusCode).toBe(403);
    expect((await post({ type: 'pdf_areas', areas: [box] }, {})).statusCode).toBe(401);
    expect(await count()).toBe(before);
  });

  it('refuses area redaction of a file that is not a PDF', async () => {
    const body = multipart({ name: 'note.txt', content: Buffer.from('Velmora Strand\n') }, { metadata: JSON.stringify({ title: 'Note', confidentiality: 'public' }) });
    const up = (await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...body.headers }, payload: body.payload })).json();
    const res = await test.app.inject({ method: 'POST', url: `/api/archive/items/${up.item.id}/files/${up.file.id}/redactions`, headers: as.editor, payload: { type: 'pdf_areas', areas: [{ page: 1, x: 0, y: 0, w: 1, h: 1 }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('not_a_pdf');
  });
});
