import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connect.ts';
import { openTestDatabase, testEngine } from '../db/testing.ts';
import { JobQueue } from '../jobs/queue.ts';
import { findJob } from '../jobs/repository.ts';
import { findExecutable } from '../system/features.ts';
import { stopIdleWorker } from './isolate.ts';
import { refreshSearchForBlob } from '../archive/search-index.ts';
import { exifCaptureTime, imageMetadata } from './extractors/image.ts';
import { extractBlob, registerExtraction, type ExtractionDeps } from './handler.ts';
import { extractedText, extractionsForBlobs, extractionSummary } from './repository.ts';
import { FolderBlobs } from './test-blobs.ts';

// With the Azerbaijani model loaded beside English, tesseract may read a capital I as the dotted İ of Azerbaijani
// and Turkish; search folds that away (names/romanise), so the test compares the folded text.
const foldDots = (text: string): string => text.normalize('NFKD').replace(/\u0307/g, '');

const fixture = (name: string) => new URL(`../../../test/fixtures/evidence/${name}`, import.meta.url).pathname;
const never = new AbortController().signal;

describe(`extraction jobs (${testEngine()})`, () => {
  let handle: DatabaseHandle;
  let blobs: FolderBlobs;
  let deps: ExtractionDeps;
  const states = async (sha: string) =>
    Object.fromEntries((await extractionsForBlobs(handle.db, [sha])).map((e) => [e.extractor, e.state === 'done' ? 'done' : `${e.state}: ${e.error}`]));

  beforeAll(async () => {
    handle = await openTestDatabase();
    blobs = new FolderBlobs();
    deps = { db: handle.db, blobs, timeLimitMs: 60_000, onTextChanged: refreshSearchForBlob };
  });
  afterAll(async () => {
    await stopIdleWorker();
    blobs.close();
    await handle.close();
  });

  it('extracts PDF text and metadata through an extract job, and records the outcome in the audit trail', async () => {
    const sha = await blobs.addFile(fixture('statement-pdf-named.jpg'));
    const queue = new JobQueue(handle.db, { concurrency: 1, timeLimitMs: 60_000, pollIntervalMs: 50 });
    registerExtraction(queue, deps);
    const id = await queue.enqueue(handle.db, 'extract', { sha256: sha }, { subjectType: 'blob', subjectId: sha });
    await queue.drain();
    const job = await findJob(handle.db, id);
    expect(job).toMatchObject({ state: 'done', result: { mime: 'application/pdf', results: { 'pdf-text': 'done' } } });
    expect(await extractedText(handle.db, sha)).toContain('Bravo page: witness Zeynalova');
    const [pdf] = (await extractionsForBlobs(handle.db, [sha])).filter((e) => e.extractor === 'pdf-text');
    expect(pdf.metadata).toMatchObject({ pages: 3, title: 'Witness statement 17', textLayer: true, javascript: false });
    const audit = await sql<{ action: string; details: { results: Record<string, string> } }>`
      select action, details from audit_events where subject_id = ${sha}`.execute(handle.db);
    expect(audit.rows).toEqual([{ action: 'extraction.completed', details: expect.objectContaining({ results: expect.objectContaining({ 'pdf-text': 'done' }) }) }]);
  });

  it('reads DOCX text in four languages, text in legacy charsets, and only the visible text of HTML', async () => {
    const docx = await blobs.addFile(fixture('statement.docx'));
    const cp1251 = await blobs.addFile(fixture('letter-cp1251.txt'));
    const html = await blobs.addFile(fixture('page.html'));
    for (const sha of [docx, cp1251, html]) await extractBlob(deps, sha, never);
    const docxText = await extractedText(handle.db, docx);
    for (const words of ['kənddə yanğın', 'видел колонну', 'տեսավ շարասյունը', 'about the bridge']) expect(docxText).toContain(words);
    expect(await extractedText(handle.db, cp1251)).toContain('Колонна прошла через мост');
    const htmlText = await extractedText(handle.db, html);
    expect(htmlText).toContain('Witnesses & survivors said it began at 05:40.');
    expect(htmlText).not.toMatch(/alert|color:red|hidden note|onclick/);
  });

  it('reads EXIF from a photo and stores a 320 px WebP thumbnail, encrypted when the original is', async () => {
    const sha = await blobs.addFile(fixture('photo-gps-named.pdf'), true);
    const summary = await extractBlob(deps, sha, never);
    expect(summary.kind).toBe('image');
    const rows = Object.fromEntries((await extractionsForBlobs(handle.db, [sha])).map((e) => [e.extractor, e]));
    expect(rows['image-metadata'].metadata).toMatchObject({
      width: 96,
      height: 64,
      make: 'FieldCam',
      model: 'FC-200',
      capturedAt: '2020-10-08T06:15:30',
      gps: { latitude: 39.825, longitude: 46.755 },
    });
    const thumb = rows.thumbnail.derivedSha256!;
    expect(blobs.puts).toContainEqual({ sha256: thumb, encrypt: true });
    const meta = await sharp(await blobs.read(thumb)).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(320);
    expect(meta.exif).toBeUndefined();
    expect(['done', 'unavailable']).toContain(rows.ocr.state);
  });

  it('reads the camera and lens serial numbers, which tie a photo to one device', async () => {
    const photo = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'FieldCam' }, IFD2: { BodySerialNumber: ' SN-0042 ', LensSerialNumber: 'L-77' } })
      .toBuffer();
    const dir = mkdtempSync(join(tmpdir(), 'reckon-serial-'));
    try {
      const path = join(dir, 'serial.jpg');
      writeFileSync(path, photo);
      const sha = await blobs.addFile(path);
      await extractBlob(deps, sha, never);
      const rows = Object.fromEntries((await extractionsForBlobs(handle.db, [sha])).map((e) => [e.extractor, e]));
      expect(rows['image-metadata'].metadata).toMatchObject({ make: 'FieldCam', serial: 'SN-0042', lensSerial: 'L-77' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps a photo's capture time as the camera's wall clock whatever the server's time zone, with the offset when EXIF gives one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reckon-clock-'));
    const write = async (name: string, exif: Record<string, string>) => {
      const path = join(dir, name);
      writeFileSync(path, await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).jpeg().withExif({ IFD0: { Make: 'FieldCam' }, IFD2: exif }).toBuffer());
      return path;
    };
    const zoneBefore = process.env.TZ;
    try {
      const plain = await write('plain.jpg', { DateTimeOriginal: '2020:10:08 14:15:30' });
      const offset = await write('offset.jpg', { DateTimeOriginal: '2020:10:08 14:15:30', OffsetTimeOriginal: '+04:00' });
      const unset = await write('unset.jpg', { DateTimeOriginal: '0000:00:00 00:00:00' });
      const hostile = await write('hostile.jpg', { DateTimeOriginal: '2020:13:40 25:00:00<script>', OffsetTimeOriginal: '+99:00' });
      const seen: string[] = [];
      for (const zone of ['Asia/Baku', 'America/New_York']) {
        process.env.TZ = zone;
        // The zone really changed for this process: the old conversion (a Date read in local time) would differ.
        seen.push(new Date(2020, 9, 8, 14, 15, 30).toISOString());
        expect((await imageMetadata(plain)).metadata).toMatchObject({ capturedAt: '2020-10-08T14:15:30' });
        expect((await imageMetadata(offset)).metadata).toMatchObject({ capturedAt: '2020-10-08T14:15:30+04:00' });
        expect((await imageMetadata(unset)).metadata?.capturedAt).toBeUndefined();
        // Impossible fields are not turned into a date: the text is kept as it is, for the page to show as text.
        expect((await imageMetadata(hostile)).metadata?.capturedAt).toBe('2020:13:40 25:00:00<script>');
      }
      expect(seen).toEqual(['2020-10-08T10:15:30.000Z', '2020-10-08T18:15:30.000Z']);
      expect(exifCaptureTime('2020:10:08 14:15', '-03:30')).toBe('2020-10-08T14:15:00-03:30');
      expect(exifCaptureTime(1602166530, null)).toBeNull();
      // NUL padding, lone surrogates and other bytes outside printable ASCII are dropped; a bad offset is ignored.
      expect(exifCaptureTime('2020:10:08\u0000 14:15:30\uD800', '+99:00')).toBe('2020-10-08T14:15:30');
      expect(exifCaptureTime('   ', '+04:00')).toBeNull();
    } finally {
      if (zoneBefore === undefined) delete process.env.TZ;
      else process.env.TZ = zoneBefore;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails each hostile file with a reason and goes on with the next', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['truncated.pdf', 'pdf-text', /not a readable PDF/],
      ['billion-laughs.docx', 'docx-text', /DTD or entities/],
      ['traversal.docx', 'docx-text', /relative path|unsafe entry/],
      ['huge-header.png', 'thumbnail', /more than 100000000 pixels/],
      ['truncated.jpg', 'image-metadata', /not a readable image/],
    ];
    for (const [file, extractor, reason] of cases) {
      const sha = await blobs.addFile(fixture(file));
      await extractBlob(deps, sha, never);
      const row = (await extractionsForBlobs(handle.db, [sha])).find((e) => e.extractor === extractor);
      expect(row?.state, file).toBe('failed');
      expect(row?.error, file).toMatch(reason);
    }
    // The 50000×50000 header is described without being decoded.
    const huge = await blobs.addFile(fixture('huge-header.png'));
    expect((await extractionsForBlobs(handle.db, [huge])).find((e) => e.extractor === 'image-metadata')?.metadata).toMatchObject({ width: 50000, height: 50000 });
    const jsPdf = await blobs.addFile(fixture('javascript-action.pdf'));
    await extractBlob(deps, jsPdf, never);
    const js = (await extractionsForBlobs(handle.db, [jsPdf])).find((e) => e.extractor === 'pdf-text');
    expect(js).toMatchObject({ state: 'done', metadata: expect.objectContaining({ javascript: true }) });
    // After all that, ordinary work still succeeds.
    const ok = await blobs.addFile(fixture('statement.pdf'));
    await extractBlob(deps, ok, never);
    expect(await states(ok)).toMatchObject({ 'pdf-text': 'done' });
  });

  it('refuses a zip bomb DOCX before mammoth reads it', async () => {
    const sha = await blobs.addFile(fixture('zip-bomb.docx'));
    await extractBlob(deps, sha, never);
    const row = (await extractionsForBlobs(handle.db, [sha])).find((e) => e.extractor === 'docx-text');
    expect(row).toMatchObject({ state: 'failed', error: expect.stringMatching(/zip bomb/) });
  });

  it('kills an extraction that runs past the time limit and records the timeout', async () => {
    const { makeDocx } = await import('../../../test/fixtures/evidence/generate.ts');
    // Thousands of paragraphs, so that even a warm extractor on a fast, idle machine needs far more than the limit
    // (a one-paragraph document was sometimes read within 5 ms).
    const paragraphs = Array.from({ length: 4000 }, (_, i) => `Paragraph ${i} of a statement extracted under a tiny time limit.`);
    const sha = await blobs.add(await makeDocx(paragraphs));
    const started = Date.now();
    await extractBlob({ ...deps, timeLimitMs: 5 }, sha, never);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await states(sha)).toMatchObject({ 'docx-text': 'failed: timed out after 5 ms' });
    // A later run with a sane limit does the work (nothing is left stuck).
    await extractBlob(deps, sha, never);
    expect(await states(sha)).toMatchObject({ 'docx-text': 'done' });
  });

  it('marks a missing tool as unavailable, naming it, rather than failed', async () => {
    const sha = await blobs.add(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00data\x00\x00\x00\x00', 'latin1'));
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), 'reckon-nopath-'));
    try {
      await extractBlob(deps, sha, never);
    } finally {
      process.env.PATH = path;
    }
    expect(await states(sha)).toMatchObject({ 'media-info': 'unavailable: ffprobe is not installed on this server' });
    expect((await extractionSummary(handle.db, [sha])).get(sha)).toBe('unavailable');
  });

  it.skipIf(!findExecutable('ffmpeg') || !findExecutable('ffprobe'))('reads duration and a poster frame from a video made with ffmpeg', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reckon-media-'));
    try {
      const video = join(dir, 'clip.mp4');
      execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=320x240:rate=10', '-f', 'lavfi', '-i', 'sine=duration=2', '-shortest', '-pix_fmt', 'yuv420p', '-y', video]);
      const sha = await blobs.addFile(video);
      await extractBlob(deps, sha, never);
      const rows = Object.fromEntries((await extractionsForBlobs(handle.db, [sha])).map((e) => [e.extractor, e]));
      expect(rows['media-info']).toMatchObject({ state: 'done', metadata: expect.objectContaining({ width: 320, height: 240 }) });
      expect(rows['media-info'].metadata?.durationSeconds).toBeCloseTo(2, 0);
      expect(rows.poster.state).toBe('done');
      expect((await sharp(await blobs.read(rows.poster.derivedSha256!)).metadata()).format).toBe('webp');
      expect(await readdir(dir)).toEqual(['clip.mp4']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!findExecutable('tesseract'))('reads the words in a scanned image with tesseract', async () => {
    const sha = await blobs.addFile(fixture('scan-eng.png'));
    await extractBlob(deps, sha, never);
    const ocr = (await extractionsForBlobs(handle.db, [sha])).find((e) => e.extractor === 'ocr');
    expect(ocr?.state).toBe('done');
    expect(foldDots((await extractedText(handle.db, sha)) ?? '')).toMatch(/EVIDENCE\s+ARCHIVE/);
    expect(ocr?.metadata?.languages).toContain('eng');
  });

  it('OCRs a scanned PDF (no text layer) with pdftoppm and tesseract, or says which tool is missing', async () => {
    const sha = await blobs.addFile(fixture('scanned.pdf'));
    await extractBlob(deps, sha, never);
    const rows = Object.fromEntries((await extractionsForBlobs(handle.db, [sha])).map((e) => [e.extractor, e]));
    expect(rows['pdf-text']).toMatchObject({ state: 'done', metadata: expect.objectContaining({ textLayer: false }) });
    if (!findExecutable('tesseract')) expect(rows['pdf-ocr']).toMatchObject({ state: 'unavailable', error: expect.stringMatching(/tesseract/) });
    else if (!findExecutable('pdftoppm')) expect(rows['pdf-ocr']).toMatchObject({ state: 'unavailable', error: expect.stringMatching(/pdftoppm/) });
    else {
      expect(rows['pdf-ocr'].state).toBe('done');
      expect(foldDots((await extractedText(handle.db, sha)) ?? '')).toMatch(/EVIDENCE\s+ARCHIVE/);
    }
  });

  it('fails the job for good when the payload or the blob is wrong', async () => {
    const queue = new JobQueue(handle.db, { concurrency: 1, timeLimitMs: 60_000, pollIntervalMs: 50 });
    registerExtraction(queue, deps);
    const bad = await queue.enqueue(handle.db, 'extract', { sha256: "'; drop table jobs; --" });
    const missing = await queue.enqueue(handle.db, 'extract', { sha256: 'a'.repeat(64) });
    await queue.drain();
    expect(await findJob(handle.db, bad)).toMatchObject({ state: 'failed', attempts: 1, error: 'the payload has no valid sha256' });
    expect(await findJob(handle.db, missing)).toMatchObject({ state: 'failed', attempts: 1, error: expect.stringMatching(/no blob/) });
  });
});
