import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts, degrees } from 'pdf-lib';
import sharp from 'sharp';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../system/features.ts';
import { RejectedInputError, ToolUnavailableError } from '../extraction/types.ts';
import { runTool } from '../extraction/tools.ts';
import { findPdfText, MAX_BOXES, MAX_REBUILT_PAGES, redactPdfAreas } from './pdf-redaction.ts';

const hasPdftoppm = findExecutable('pdftoppm') !== null;
if (!hasPdftoppm) console.warn('pdftoppm (poppler-utils) is not installed: PDF area redaction tests that render pages are skipped');

/** A synthetic three-page PDF with known words; page 3 is rotated a quarter turn. */
async function samplePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const lines: string[][] = [
    ['Statement of witness Zorbatian Quellmark', 'recorded near the river crossing'],
    ['Second page keeps its words', 'Quellmark appears here as well'],
    ['Third page turned sideways', 'nothing to hide'],
  ];
  lines.forEach((text, index) => {
    const page = doc.addPage([595, 842]);
    if (index === 2) page.setRotation(degrees(90));
    text.forEach((line, k) => page.drawText(line, { x: 60, y: 760 - k * 40, size: 18, font }));
  });
  doc.setTitle('Secret title Zorbatian');
  return Buffer.from(await doc.save());
}

async function pageTexts(pdf: Buffer): Promise<string[]> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: false });
  return text as string[];
}

/** The derived page rendered again, and the darkest value in the middle of a box given as fractions. */
async function inkAt(pdf: Buffer, page: number, box: { x: number; y: number; w: number; h: number }, work: string): Promise<number> {
  const file = join(work, `check-${page}.pdf`);
  await writeFile(file, pdf);
  await runTool('pdftoppm', ['-f', String(page), '-l', String(page), '-r', '72', '-png', '-singlefile', file, join(work, `check-${page}`)], { signal: AbortSignal.timeout(60_000) });
  const image = sharp(await readFile(join(work, `check-${page}.png`)));
  const { width, height } = await image.metadata();
  const left = Math.floor((box.x + box.w * 0.25) * width!);
  const top = Math.floor((box.y + box.h * 0.25) * height!);
  const region = await image
    .extract({ left, top, width: Math.max(1, Math.floor(box.w * width! * 0.5)), height: Math.max(1, Math.floor(box.h * height! * 0.5)) })
    .removeAlpha()
    .raw()
    .toBuffer();
  return region.reduce((max, value) => Math.max(max, value), 0);
}

describe.skipIf(!hasPdftoppm)('PDF redaction by area and by text', () => {
  let input: Buffer;
  let work: string;
  beforeAll(async () => {
    input = await samplePdf();
    work = await mkdtemp(join(tmpdir(), 'reckon-redact-test-'));
  });
  afterAll(async () => rm(work, { recursive: true, force: true }));

  it('removes a redacted word from the extracted text and leaves the pages without boxes as they were', async () => {
    const before = createHash('sha256').update(input).digest('hex');
    const result = await redactPdfAreas(input, { areas: [], texts: ['zorbatian'] });
    expect(createHash('sha256').update(input).digest('hex')).toBe(before);
    expect(result.pages).toEqual([1]);
    expect(result.textMatches).toBe(1);
    const texts = await pageTexts(result.pdf);
    expect(texts).toHaveLength(3);
    expect(texts.join('\n')).not.toMatch(/zorbatian/i);
    // The whole redacted page loses its text layer; the other pages keep theirs.
    expect(texts[0].trim()).toBe('');
    expect(texts[1]).toContain('Second page keeps its words');
    expect(texts[2]).toContain('Third page turned sideways');
    // Nothing of the original document's metadata is carried over.
    expect(result.pdf.toString('latin1')).not.toContain('Secret title');
  });

  it('finds the words of a text on every page, whatever their case and spacing', async () => {
    const boxes = await findPdfText(input, ['  QUELLMARK ']);
    expect(boxes.map((b) => b.page)).toEqual([1, 2]);
    for (const box of boxes) {
      expect(box.x).toBeGreaterThan(0);
      expect(box.x + box.w).toBeLessThan(1);
      expect(box.y).toBeGreaterThan(0);
      expect(box.h).toBeLessThan(0.1);
    }
    expect(await findPdfText(input, ['river   crossing'])).toHaveLength(1);
  });

  it('burns black pixels where the boxes were, on a drawn box and on a found word', async () => {
    const drawn = { page: 2, x: 0.1, y: 0.08, w: 0.5, h: 0.05 };
    const result = await redactPdfAreas(input, { areas: [drawn], texts: ['Quellmark'] });
    expect(result.pages).toEqual([1, 2]);
    expect(await inkAt(result.pdf, 2, drawn, work)).toBe(0);
    // Not a page painted black: outside the boxes it is white paper.
    expect(await inkAt(result.pdf, 2, { x: 0.1, y: 0.6, w: 0.5, h: 0.2 }, work)).toBe(255);
    const word = result.boxes.find((b) => b.page === 1)!;
    expect(await inkAt(result.pdf, 1, word, work)).toBe(0);
    const texts = await pageTexts(result.pdf);
    expect(texts.join('\n')).not.toMatch(/quellmark/i);
    expect(texts[2]).toContain('Third page turned sideways');
  });

  it('keeps the displayed size and orientation of a rotated page it rebuilds', async () => {
    const result = await redactPdfAreas(input, { areas: [{ page: 3, x: 0.5, y: 0.5, w: 0.1, h: 0.1 }], texts: [] });
    const out = await PDFDocument.load(result.pdf);
    expect(out.getPageCount()).toBe(3);
    const { width, height } = out.getPage(2).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([842, 595]);
    expect((await pageTexts(result.pdf))[2].trim()).toBe('');
  });

  it('clips boxes that reach past the page and refuses boxes outside it, of no size, or on a page that does not exist', async () => {
    const clipped = await redactPdfAreas(input, { areas: [{ page: 1, x: -0.5, y: 0.9, w: 2, h: 5 }], texts: [] });
    expect(clipped.boxes[0]).toMatchObject({ x: 0, y: 0.9, w: 1 });
    expect(clipped.boxes[0].h).toBeCloseTo(0.1);
    const refused = async (areas: Array<Record<string, number>>, pattern: RegExp) =>
      expect(redactPdfAreas(input, { areas: areas as never, texts: [] })).rejects.toThrow(pattern);
    await refused([{ page: 1, x: 1.5, y: 0, w: 0.2, h: 0.2 }], /box 1 lies outside page 1/);
    await refused([{ page: 1, x: 0.1, y: 0.1, w: -0.2, h: 0.2 }], /box 1: width and height must be positive/);
    await refused([{ page: 1, x: 0.1, y: 0.1, w: 0, h: 0.2 }], /width and height must be positive/);
    await refused([{ page: 4, x: 0.1, y: 0.1, w: 0.2, h: 0.2 }], /page 4 does not exist \(the PDF has 3 pages\)/);
    await refused([{ page: 0, x: 0.1, y: 0.1, w: 0.2, h: 0.2 }], /page 0 does not exist/);
    await refused([{ page: 1.5, x: 0.1, y: 0.1, w: 0.2, h: 0.2 }], /page 1.5 does not exist/);
    await refused([{ page: 1, x: Number.NaN, y: 0.1, w: 0.2, h: 0.2 }], /x is not a number/);
    await expect(redactPdfAreas(input, { areas: [], texts: [] })).rejects.toThrow(/no boxes or texts/);
  });

  it('takes 10,000 boxes on a page and refuses more', async () => {
    const many = Array.from({ length: MAX_BOXES }, (_, n) => ({ page: 1, x: (n % 100) / 100, y: Math.floor(n / 100) / 100, w: 0.005, h: 0.005 }));
    const result = await redactPdfAreas(input, { areas: many, texts: [] });
    expect(result.boxes).toHaveLength(MAX_BOXES);
    expect((await pageTexts(result.pdf))[0].trim()).toBe('');
    await expect(redactPdfAreas(input, { areas: [...many, many[0]], texts: [] })).rejects.toThrow(/at most 10000 boxes/);
  });

  it('refuses boxes on more pages than one request may rebuild, before rendering any', async () => {
    const doc = await PDFDocument.create();
    for (let n = 0; n <= MAX_REBUILT_PAGES; n++) doc.addPage([200, 200]);
    const long = Buffer.from(await doc.save());
    const areas = Array.from({ length: MAX_REBUILT_PAGES + 1 }, (_, n) => ({ page: n + 1, x: 0.1, y: 0.1, w: 0.1, h: 0.1 }));
    await expect(redactPdfAreas(long, { areas, texts: [] })).rejects.toThrow(/boxes on 201 pages; at most 200/);
  });

  it('refuses a file that is not a PDF, and texts that are empty, hostile or not in the PDF', async () => {
    await expect(redactPdfAreas(Buffer.from('<html><script>alert(1)</script></html>'), { areas: [{ page: 1, x: 0, y: 0, w: 1, h: 1 }], texts: [] })).rejects.toThrow(RejectedInputError);
    await expect(redactPdfAreas(Buffer.alloc(0), { areas: [], texts: ['x'] })).rejects.toThrow(/not a readable PDF/);
    await expect(findPdfText(input, ['Zorb\u0000atian'])).rejects.toThrow(/text 1 contains a NUL/);
    await expect(findPdfText(input, ['Zorb\ud800atian'])).rejects.toThrow(/unpaired surrogate/);
    await expect(findPdfText(input, ['   '])).rejects.toThrow(/text 1 is empty/);
    await expect(findPdfText(input, ['x'.repeat(600)])).rejects.toThrow(/longer than 500/);
    await expect(findPdfText(input, ['Quellmark', 'Nowhere-to-be-found'])).rejects.toThrow(/text 2 not found/);
    await expect(findPdfText(input, Array.from({ length: 101 }, () => 'Quellmark'))).rejects.toThrow(/at most 100 texts/);
  });

  it('says so when pdftoppm is missing, before doing any work', async () => {
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      await expect(redactPdfAreas(input, { areas: [{ page: 1, x: 0, y: 0, w: 0.1, h: 0.1 }], texts: [] })).rejects.toThrow(ToolUnavailableError);
    } finally {
      process.env.PATH = path;
    }
  });
});
