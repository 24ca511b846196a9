import { PDFDocument } from 'pdf-lib';
import sharp, { type OutputInfo, type OverlayOptions, type Region as PixelBox } from 'sharp';
import { RejectedInputError } from './types.ts';

/**
 * Redaction transforms: each takes the bytes of an original and returns a new derived copy. The original is never
 * touched; the caller stores the result as a new blob linked to it.
 */

export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TextRange {
  start: number;
  end: number;
}

/** Images larger than this many pixels are refused (a decompression bomb fills memory, not disk). */
export const MAX_REDACT_PIXELS = 100_000_000;

/** What replaces every redacted passage of text, whatever its length (see docs/extraction.md for why). */
export const TEXT_REDACTION_MARKER = '█████';

/**
 * Blurs and pixelates each region so that nothing in it can be recovered, and writes an image without any
 * metadata (EXIF with GPS, XMP, IPTC, ICC comments). Regions are in pixels of the image as displayed, i.e. after
 * its EXIF orientation is applied; parts outside the image are clipped.
 *
 * The region is first reduced to a few coarse cells (each at least 16 px, at most 8 across the longer side), which
 * throws the detail away; the blur then hides the cell edges. Reduction, not blur alone, is what makes it
 * unrecoverable: a plain Gaussian blur can be partly inverted by deconvolution.
 */
export async function redactImage(input: Buffer, regions: Region[]): Promise<Buffer> {
  if (regions.length === 0) throw new RejectedInputError('no regions to redact');
  let oriented: { data: Buffer; info: OutputInfo };
  let format: string | undefined;
  try {
    const image = sharp(input, { limitInputPixels: MAX_REDACT_PIXELS, failOn: 'error' });
    format = (await image.metadata()).format;
    oriented = await image.rotate().raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new RejectedInputError(`not a readable image: ${(error as Error).message}`);
  }
  const width = oriented.info.width;
  const height = oriented.info.height;
  const composites: OverlayOptions[] = [];
  for (const [index, region] of regions.entries()) {
    const box = clipRegion(region, index, width, height);
    const cell = Math.max(16, Math.ceil(Math.max(box.width, box.height) / 8));
    const cellsX = Math.max(1, Math.round(box.width / cell));
    const cellsY = Math.max(1, Math.round(box.height / cell));
    const raw = { raw: { width, height, channels: oriented.info.channels } };
    const coarse = await sharp(oriented.data, raw).extract(box).resize(cellsX, cellsY, { kernel: 'cubic', fit: 'fill' }).png().toBuffer();
    const pixelated = await sharp(coarse).resize(box.width, box.height, { kernel: 'nearest', fit: 'fill' }).png().toBuffer();
    const blurred = await sharp(pixelated).blur(Math.max(0.3, cell / 3)).png().toBuffer();
    composites.push({ input: blurred, left: box.left, top: box.top });
  }
  // sharp writes no metadata unless asked to (withMetadata/keepExif), so the output carries none of the original's.
  const out = sharp(oriented.data, { raw: { width, height, channels: oriented.info.channels } }).composite(composites);
  if (format === 'jpeg') return out.jpeg({ quality: 90 }).toBuffer();
  if (format === 'webp') return out.webp({ quality: 90 }).toBuffer();
  return out.png().toBuffer();
}

function clipRegion(region: Region, index: number, width: number, height: number): PixelBox {
  for (const key of ['x', 'y', 'w', 'h'] as const) {
    if (typeof region[key] !== 'number' || !Number.isFinite(region[key])) throw new RejectedInputError(`region ${index + 1}: ${key} is not a number`);
  }
  const left = Math.max(0, Math.floor(region.x));
  const top = Math.max(0, Math.floor(region.y));
  const right = Math.min(width, Math.ceil(region.x + region.w));
  const bottom = Math.min(height, Math.ceil(region.y + region.h));
  if (right <= left || bottom <= top) throw new RejectedInputError(`region ${index + 1} is empty or outside the image (${width}×${height})`);
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * A new PDF holding every page except the removed ones (1-based page numbers). The pages kept are copied into a
 * fresh document, so what belonged to the document as a whole is left behind: its metadata (title, author,
 * producer, dates, XMP), outline, document-level JavaScript, attachments and form. Encrypted PDFs are refused.
 */
export async function removePdfPages(input: Buffer, pagesToRemove: number[]): Promise<Buffer> {
  let source: PDFDocument;
  try {
    source = await PDFDocument.load(input, { updateMetadata: false });
  } catch (error) {
    throw new RejectedInputError(`not a readable PDF: ${(error as Error).message}`);
  }
  const count = source.getPageCount();
  const remove = new Set<number>();
  for (const page of pagesToRemove) {
    if (!Number.isInteger(page) || page < 1 || page > count) {
      throw new RejectedInputError(`page ${String(page)} does not exist (the PDF has ${count} page${count === 1 ? '' : 's'})`);
    }
    remove.add(page);
  }
  if (remove.size === 0) throw new RejectedInputError('no pages to remove');
  if (remove.size >= count) throw new RejectedInputError('removing every page would leave an empty document');
  const keep: number[] = [];
  for (let i = 0; i < count; i++) if (!remove.has(i + 1)) keep.push(i);
  const target = await PDFDocument.create({ updateMetadata: false });
  const copied = await target.copyPages(source, keep);
  for (const page of copied) target.addPage(page);
  // pdf-lib fills in these on save unless told otherwise; empty values leave no trace of the original or the tool.
  target.setTitle('');
  target.setAuthor('');
  target.setSubject('');
  target.setKeywords([]);
  target.setProducer('');
  target.setCreator('');
  return Buffer.from(await target.save({ useObjectStreams: true }));
}

/**
 * Replaces each range of the text (UTF-16 offsets, end exclusive, as JavaScript strings count) with a fixed
 * marker. A fixed marker rather than one █ per character because the length of a redacted name or place is itself
 * a clue in a small community. Overlapping and adjacent ranges become one marker; a range that would cut a
 * surrogate pair is widened to cover the whole character.
 */
export function redactText(text: string, ranges: TextRange[]): string {
  if (ranges.length === 0) return text;
  const cleaned = ranges.map((range, index) => {
    const { start, end } = range;
    if (!Number.isInteger(start) || !Number.isInteger(end)) throw new RejectedInputError(`range ${index + 1}: start and end must be whole numbers`);
    if (start < 0 || end > text.length || start >= end) {
      throw new RejectedInputError(`range ${index + 1} (${start}–${end}) is empty or outside the text (length ${text.length})`);
    }
    let s = start;
    let e = end;
    if (s > 0 && isLowSurrogate(text.charCodeAt(s)) && isHighSurrogate(text.charCodeAt(s - 1))) s--;
    if (e < text.length && isLowSurrogate(text.charCodeAt(e)) && isHighSurrogate(text.charCodeAt(e - 1))) e++;
    return { start: s, end: e };
  });
  cleaned.sort((a, b) => a.start - b.start);
  const merged: TextRange[] = [];
  for (const range of cleaned) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  let out = '';
  let at = 0;
  for (const range of merged) {
    out += text.slice(at, range.start) + TEXT_REDACTION_MARKER;
    at = range.end;
  }
  return out + text.slice(at);
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
