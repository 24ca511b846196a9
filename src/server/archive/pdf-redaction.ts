import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, degrees } from 'pdf-lib';
import sharp from 'sharp';
import { getDocumentProxy } from 'unpdf';
import { findTextBoxes, foldQuery, MAX_QUERY_CHARS, type PageBox, type PdfTextItem } from '../../core/redaction/pdf-text-boxes.ts';
import { runTool, requireTool } from '../extraction/tools.ts';
import { RejectedInputError } from '../extraction/types.ts';

/**
 * Redaction of a PDF by area and by text. A page that carries a box is rasterised (pdftoppm, poppler-utils), the
 * boxes are burned in black into the pixels, and the page is rebuilt as an image-only page: its text layer, fonts,
 * annotations and any content hidden under the boxes are gone from the file, not covered (a black rectangle drawn
 * over text leaves the text in the content stream, where any extractor finds it). Pages without a box are copied
 * as they are. Like removePdfPages, the pages are copied into a fresh document, which leaves behind the original's
 * metadata, outline, JavaScript, attachments and form.
 */

/** Resolution of a rebuilt page: text stays legible in print and on screen (a fax is 200 × 200 dpi fine mode). */
export const REDACT_DPI = 200;
/** Largest raster of one page; a larger page is rendered at a lower resolution instead. */
const MAX_PAGE_PIXELS = 60_000_000;
const MIN_DPI = 36;
/** Most boxes in one redaction, drawn or found by text. */
export const MAX_BOXES = 10_000;
export const MAX_TEXT_QUERIES = 100;
/** Most pages rebuilt in one redaction: each is rendered (about a second at 200 dpi), and a request must end. */
export const MAX_REBUILT_PAGES = 200;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Time allowed to render one page. */
const RENDER_MS = 120_000;

export interface PdfAreaRequest {
  /** Boxes as fractions of the page as displayed (rotation applied), origin top left; parts outside are clipped. */
  areas: PageBox[];
  /** Text to remove wherever it occurs (case-insensitive, whitespace-insensitive). */
  texts: string[];
}

export interface PdfAreaResult {
  pdf: Buffer;
  /** Every box burned in, drawn and found, clipped to its page, in page order. */
  boxes: PageBox[];
  /** Pages rebuilt as images (1-based). */
  pages: number[];
  /** Boxes found for the text queries. */
  textMatches: number;
  dpi: number[];
}

/** Whether this server can redact by area (pdftoppm installed). */
export function pdfAreaRedactionAvailable(): boolean {
  try {
    requireTool('pdftoppm');
    return true;
  } catch {
    return false;
  }
}

async function loadPdf(input: Buffer): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(input, { updateMetadata: false });
  } catch (error) {
    throw new RejectedInputError(`not a readable PDF: ${(error as Error).message}`);
  }
}

/** Checks and clips the drawn boxes; a box with nothing left on its page is refused, naming it. */
export function clipBoxes(areas: readonly PageBox[], pageCount: number): PageBox[] {
  return areas.map((area, index) => {
    const label = `box ${index + 1}`;
    for (const key of ['page', 'x', 'y', 'w', 'h'] as const) {
      if (typeof area[key] !== 'number' || !Number.isFinite(area[key])) throw new RejectedInputError(`${label}: ${key} is not a number`);
    }
    if (!Number.isInteger(area.page) || area.page < 1 || area.page > pageCount) {
      throw new RejectedInputError(`${label}: page ${area.page} does not exist (the PDF has ${pageCount} page${pageCount === 1 ? '' : 's'})`);
    }
    if (area.w <= 0 || area.h <= 0) throw new RejectedInputError(`${label}: width and height must be positive`);
    const x0 = Math.max(0, area.x);
    const y0 = Math.max(0, area.y);
    const x1 = Math.min(1, area.x + area.w);
    const y1 = Math.min(1, area.y + area.h);
    if (x1 <= x0 || y1 <= y0) throw new RejectedInputError(`${label} lies outside page ${area.page}`);
    return { page: area.page, x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  });
}

/** Boxes around every occurrence of each text, from pdf.js's text layer; a text found nowhere is refused. */
export async function findPdfText(input: Buffer, texts: readonly string[]): Promise<PageBox[]> {
  if (texts.length > MAX_TEXT_QUERIES) throw new RejectedInputError(`at most ${MAX_TEXT_QUERIES} texts at once`);
  texts.forEach((text, index) => {
    if (text.includes('\u0000') || LONE_SURROGATE.test(text)) throw new RejectedInputError(`text ${index + 1} contains a NUL or an unpaired surrogate`);
    if (!foldQuery(text)) throw new RejectedInputError(`text ${index + 1} is empty`);
    if (foldQuery(text).length > MAX_QUERY_CHARS) throw new RejectedInputError(`text ${index + 1} is longer than ${MAX_QUERY_CHARS} characters`);
  });
  if (texts.length === 0) return [];
  let pdf;
  try {
    pdf = await getDocumentProxy(new Uint8Array(input), { isEvalSupported: false, stopAtErrors: false });
  } catch (error) {
    throw new RejectedInputError(`not a readable PDF: ${(error as Error).message}`);
  }
  try {
    const found: PageBox[][] = texts.map(() => []);
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items = content.items.filter((i): i is PdfTextItem & typeof i => 'str' in i);
      texts.forEach((text, k) => found[k].push(...findTextBoxes(n, items, viewport, text)));
      page.cleanup();
      if (found.reduce((sum, boxes) => sum + boxes.length, 0) > MAX_BOXES) throw new RejectedInputError(`the texts occur more than ${MAX_BOXES} times`);
    }
    const missing = found.map((boxes, k) => (boxes.length ? -1 : k)).filter((k) => k >= 0);
    if (missing.length) {
      throw new RejectedInputError(
        `${missing.map((k) => `text ${k + 1}`).join(', ')} not found in the PDF's text layer (a scanned page has none: draw a box instead)`,
      );
    }
    return found.flat();
  } finally {
    await pdf.destroy();
  }
}

/** The page as displayed, in points: its crop box with the rotation applied. */
function displayedSize(page: ReturnType<PDFDocument['getPage']>): { width: number; height: number } {
  const box = page.getCropBox();
  const quarter = ((((page.getRotation().angle % 360) + 360) % 360) / 90) % 2 === 1;
  return quarter ? { width: box.height, height: box.width } : { width: box.width, height: box.height };
}

/** Black rectangles into raw pixels, in place. */
function burn(data: Buffer, width: number, height: number, channels: number, boxes: readonly PageBox[]): void {
  for (const box of boxes) {
    const left = Math.max(0, Math.floor(box.x * width));
    const top = Math.max(0, Math.floor(box.y * height));
    const right = Math.min(width, Math.ceil((box.x + box.w) * width));
    const bottom = Math.min(height, Math.ceil((box.y + box.h) * height));
    for (let row = top; row < bottom; row++) data.fill(0, (row * width + left) * channels, (row * width + right) * channels);
  }
}

export async function redactPdfAreas(input: Buffer, request: PdfAreaRequest, signal?: AbortSignal): Promise<PdfAreaResult> {
  const source = await loadPdf(input);
  const count = source.getPageCount();
  if (request.areas.length + request.texts.length === 0) throw new RejectedInputError('no boxes or texts to redact');
  if (request.areas.length > MAX_BOXES) throw new RejectedInputError(`at most ${MAX_BOXES} boxes at once`);
  const drawn = clipBoxes(request.areas, count);
  const found = await findPdfText(input, request.texts);
  const boxes = [...drawn, ...found].sort((a, b) => a.page - b.page);
  if (boxes.length > MAX_BOXES) throw new RejectedInputError(`at most ${MAX_BOXES} boxes at once (${boxes.length} drawn and found)`);
  const byPage = new Map<number, PageBox[]>();
  for (const box of boxes) byPage.set(box.page, [...(byPage.get(box.page) ?? []), box]);
  if (byPage.size > MAX_REBUILT_PAGES) {
    throw new RejectedInputError(`boxes on ${byPage.size} pages; at most ${MAX_REBUILT_PAGES} pages can be redacted by area at once (redact the rest in a second pass on the copy)`);
  }
  requireTool('pdftoppm');

  const work = await mkdtemp(join(tmpdir(), 'reckon-redact-'));
  try {
    const original = join(work, 'original.pdf');
    await writeFile(original, input);
    const images = new Map<number, { png: Buffer; dpi: number }>();
    for (const [pageNumber, pageBoxes] of byPage) {
      const size = displayedSize(source.getPage(pageNumber - 1));
      const fit = Math.floor(72 * Math.sqrt(MAX_PAGE_PIXELS / Math.max(1, size.width * size.height)));
      const dpi = Math.max(MIN_DPI, Math.min(REDACT_DPI, fit));
      const prefix = join(work, `page-${pageNumber}`);
      const timeout = AbortSignal.timeout(RENDER_MS);
      const stop = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        await runTool('pdftoppm', ['-f', String(pageNumber), '-l', String(pageNumber), '-r', String(dpi), '-cropbox', '-png', '-singlefile', original, prefix], { signal: stop, maxOutputBytes: 1024 * 1024 });
      } catch (error) {
        throw new RejectedInputError(`page ${pageNumber} could not be rendered: ${(error as Error).message}`);
      }
      const rendered = await sharp(await readFile(`${prefix}.png`), { limitInputPixels: MAX_PAGE_PIXELS * 2 })
        .flatten({ background: '#ffffff' })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const { width, height, channels } = rendered.info;
      burn(rendered.data, width, height, channels, pageBoxes);
      const png = await sharp(rendered.data, { raw: { width, height, channels } }).png({ compressionLevel: 9, palette: false }).toBuffer();
      images.set(pageNumber, { png, dpi });
    }

    const target = await PDFDocument.create({ updateMetadata: false });
    const keptIndices = Array.from({ length: count }, (_, i) => i).filter((i) => !images.has(i + 1));
    const kept = new Map((await target.copyPages(source, keptIndices)).map((page, k) => [keptIndices[k], page]));
    for (let i = 0; i < count; i++) {
      const image = images.get(i + 1);
      if (!image) {
        target.addPage(kept.get(i)!);
        continue;
      }
      const size = displayedSize(source.getPage(i));
      const embedded = await target.embedPng(image.png);
      const page = target.addPage([size.width, size.height]);
      page.setRotation(degrees(0));
      page.drawImage(embedded, { x: 0, y: 0, width: size.width, height: size.height });
    }
    target.setTitle('');
    target.setAuthor('');
    target.setSubject('');
    target.setKeywords([]);
    target.setProducer('');
    target.setCreator('');
    const pdf = Buffer.from(await target.save({ useObjectStreams: true }));
    return { pdf, boxes, pages: [...images.keys()].sort((a, b) => a - b), textMatches: found.length, dpi: [...images.values()].map((i) => i.dpi) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
