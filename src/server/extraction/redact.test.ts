import { readFileSync } from 'node:fs';
import exifr from 'exifr';
import { PDFDocument, PDFName } from 'pdf-lib';
import sharp from 'sharp';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { photoExif } from '../../../test/fixtures/evidence/generate.ts';
import { redactImage, redactText, removePdfPages, TEXT_REDACTION_MARKER } from './redact.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/evidence/${name}`, import.meta.url));

/** A 200×120 image of fine black and white stripes (detail a blur alone would leave readable), with EXIF GPS. */
async function stripedPhoto(format: 'jpeg' | 'png'): Promise<Buffer> {
  const width = 200;
  const height = 120;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.fill((x >> 1) % 2 ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3);
  const image = sharp(pixels, { raw: { width, height, channels: 3 } }).withExif(photoExif);
  return format === 'jpeg' ? image.jpeg({ quality: 95 }).toBuffer() : image.png().toBuffer();
}

async function grey(buffer: Buffer, box: { left: number; top: number; width: number; height: number }): Promise<Uint8Array> {
  return new Uint8Array(await sharp(buffer).extract(box).greyscale().raw().toBuffer());
}

const meanAbsDiff = (a: Uint8Array, b: Uint8Array) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;
const stdDev = (a: Uint8Array) => {
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  return Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
};

async function pdfPagesText(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: false });
  await pdf.destroy();
  return text;
}

describe('redactImage', () => {
  it('destroys the detail inside each region, leaves the rest, and writes no metadata (no EXIF GPS)', async () => {
    for (const format of ['png', 'jpeg'] as const) {
      const original = await stripedPhoto(format);
      expect((await exifr.parse(original, { gps: true }))?.latitude).toBeCloseTo(39.825, 3);
      const region = { left: 40, top: 30, width: 80, height: 50 };
      const redacted = await redactImage(original, [{ x: region.left, y: region.top, w: region.width, h: region.height }]);
      const meta = await sharp(redacted).metadata();
      expect(meta.format).toBe(format);
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      const parsed = (await exifr.parse(redacted, { gps: true, exif: true, tiff: true })) as Record<string, unknown> | undefined;
      expect(Object.keys(parsed ?? {}).filter((k) => /GPS|latitude|longitude|Make|Model|DateTimeOriginal/.test(k))).toEqual([]);
      const before = await grey(original, region);
      const after = await grey(redacted, region);
      // The stripes (standard deviation ~127) are gone: what is left is nearly flat, and far from the original.
      expect(stdDev(before)).toBeGreaterThan(100);
      expect(stdDev(after)).toBeLessThan(25);
      expect(meanAbsDiff(before, after)).toBeGreaterThan(80);
      const outside = { left: 150, top: 90, width: 40, height: 25 };
      expect(meanAbsDiff(await grey(original, outside), await grey(redacted, outside))).toBeLessThan(format === 'png' ? 1 : 12);
    }
  });

  it('clips regions to the image and refuses empty, outside, non-numeric regions and non-images', async () => {
    const original = await stripedPhoto('png');
    const clipped = await redactImage(original, [{ x: 180, y: 100, w: 500, h: 500 }]);
    expect((await sharp(clipped).metadata()).width).toBe(200);
    await expect(redactImage(original, [])).rejects.toThrow(/no regions/);
    await expect(redactImage(original, [{ x: 500, y: 500, w: 10, h: 10 }])).rejects.toThrow(/outside the image/);
    await expect(redactImage(original, [{ x: 0, y: 0, w: 0, h: 10 }])).rejects.toThrow(/empty/);
    await expect(redactImage(original, [{ x: Number.NaN, y: 0, w: 5, h: 5 }])).rejects.toThrow(/not a number/);
    await expect(redactImage(Buffer.from('<script>alert(1)</script>'), [{ x: 0, y: 0, w: 5, h: 5 }])).rejects.toThrow(/not a readable image/);
    await expect(redactImage(fixture('huge-header.png'), [{ x: 0, y: 0, w: 5, h: 5 }])).rejects.toThrow(/not a readable image/);
  });
});

describe('removePdfPages', () => {
  it('removes the pages so their words can no longer be extracted, and strips the document metadata', async () => {
    const original = fixture('statement.pdf');
    expect((await pdfPagesText(original)).join(' ')).toContain('Zeynalova');
    const redacted = await removePdfPages(original, [2]);
    const pages = await pdfPagesText(redacted);
    expect(pages).toHaveLength(2);
    expect(pages.join(' ')).toContain('Alpha page');
    expect(pages.join(' ')).toContain('Charlie page');
    expect(pages.join(' ')).not.toMatch(/Bravo|Zeynalova|commander/);
    const doc = await PDFDocument.load(redacted, { updateMetadata: false });
    expect(doc.getTitle() ?? '').toBe('');
    expect(doc.getAuthor() ?? '').toBe('');
  });

  it('drops a document-level JavaScript action with the catalog', async () => {
    // Removing every page is refused, so the one-page fixture gets a second page first.
    const doc = await PDFDocument.load(fixture('javascript-action.pdf'));
    expect(doc.catalog.get(PDFName.of('OpenAction'))).toBeDefined();
    doc.addPage([100, 100]);
    const redacted = await removePdfPages(Buffer.from(await doc.save()), [2]);
    const after = await PDFDocument.load(redacted);
    expect(after.catalog.get(PDFName.of('OpenAction'))).toBeUndefined();
    expect(after.catalog.get(PDFName.of('Names'))).toBeUndefined();
    expect((await pdfPagesText(redacted)).join(' ')).toContain('Delta page');
  });

  it('refuses pages that do not exist, removing every page, and input that is not a PDF', async () => {
    const original = fixture('statement.pdf');
    await expect(removePdfPages(original, [4])).rejects.toThrow(/page 4 does not exist \(the PDF has 3 pages\)/);
    await expect(removePdfPages(original, [0])).rejects.toThrow(/does not exist/);
    await expect(removePdfPages(original, [1.5])).rejects.toThrow(/does not exist/);
    await expect(removePdfPages(original, [1, 2, 3])).rejects.toThrow(/empty document/);
    await expect(removePdfPages(original, [])).rejects.toThrow(/no pages/);
    await expect(removePdfPages(fixture('not-a-pdf.pdf'), [1])).rejects.toThrow(/not a readable PDF/);
    await expect(removePdfPages(fixture('truncated.pdf'), [1])).rejects.toThrow();
  });
});

describe('redactText', () => {
  it('replaces each passage with the same fixed marker, whatever its length', () => {
    const text = 'Witness Leyla Məmmədova, of Xocalı, saw the convoy.';
    const name = { start: 8, end: 23 };
    const place = { start: 28, end: 34 };
    expect(text.slice(name.start, name.end)).toBe('Leyla Məmmədova');
    const out = redactText(text, [place, name]);
    expect(out).toBe(`Witness ${TEXT_REDACTION_MARKER}, of ${TEXT_REDACTION_MARKER}, saw the convoy.`);
    expect(out).not.toMatch(/Leyla|Xocalı/);
  });

  it('merges overlapping ranges, keeps surrogate pairs whole, and refuses bad ranges', () => {
    expect(redactText('abcdefgh', [{ start: 1, end: 4 }, { start: 3, end: 6 }])).toBe(`a${TEXT_REDACTION_MARKER}gh`);
    expect(redactText('x😀y', [{ start: 2, end: 3 }])).toBe(`x${TEXT_REDACTION_MARKER}y`);
    expect(redactText('unchanged', [])).toBe('unchanged');
    expect(() => redactText('abc', [{ start: 2, end: 9 }])).toThrow(/outside the text/);
    expect(() => redactText('abc', [{ start: 2, end: 2 }])).toThrow(/empty/);
    expect(() => redactText('abc', [{ start: 0.5, end: 2 }])).toThrow(/whole numbers/);
  });
});
