import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { installedOcrLanguages, runTool } from '../tools.ts';
import { RejectedInputError, ToolUnavailableError, type ExtractorOutput } from '../types.ts';
import { capText } from './document.ts';
import { MAX_IMAGE_PIXELS } from './image.ts';

/** Scanned PDFs longer than this are OCRed only up to here (at roughly 5-20 s a page). */
export const MAX_OCR_PAGES = 50;

async function languages(signal: AbortSignal): Promise<string[]> {
  const langs = await installedOcrLanguages(signal);
  if (langs.length === 0) throw new ToolUnavailableError('tesseract', 'tesseract has none of the languages aze, hye, rus, eng installed');
  return langs;
}

/**
 * OCR of an image with tesseract in every installed language of aze, hye, rus and eng at once. The image is first
 * re-encoded as a PNG by sharp (under the pixel limit), so tesseract only ever reads a well-formed file.
 */
export async function ocrImage(path: string, signal: AbortSignal): Promise<ExtractorOutput> {
  const langs = await languages(signal);
  const dir = await mkdtemp(join(tmpdir(), 'reckon-ocr-'));
  try {
    const png = join(dir, 'page.png');
    try {
      await sharp(path, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate().greyscale().png().toFile(png);
    } catch (error) {
      throw new RejectedInputError(`not a readable image: ${(error as Error).message}`);
    }
    const text = await tesseract(png, langs, signal);
    const capped = capText(text.trim());
    return { text: capped.text, metadata: { languages: langs, ...(capped.truncated ? { truncated: true } : {}) } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** OCR of a scanned PDF: pages rendered at 300 dpi by pdftoppm (poppler-utils), then tesseract page by page. */
export async function ocrPdf(path: string, signal: AbortSignal): Promise<ExtractorOutput> {
  const langs = await languages(signal);
  const dir = await mkdtemp(join(tmpdir(), 'reckon-ocr-'));
  try {
    await runTool('pdftoppm', ['-r', '300', '-gray', '-png', '-l', String(MAX_OCR_PAGES), '--', path, join(dir, 'page')], { signal }).catch(
      (error: Error) => {
        if (error instanceof ToolUnavailableError) throw new ToolUnavailableError('pdftoppm', 'pdftoppm (poppler-utils) is not installed, so scanned PDFs cannot be OCRed');
        throw new RejectedInputError(error.message);
      },
    );
    const pages = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
    const texts: string[] = [];
    for (const page of pages) texts.push((await tesseract(join(dir, page), langs, signal)).trim());
    const capped = capText(texts.join('\n\n'));
    return { text: capped.text, metadata: { languages: langs, pages: pages.length, ...(capped.truncated ? { truncated: true } : {}) } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function tesseract(png: string, langs: string[], signal: AbortSignal): Promise<string> {
  const { stdout } = await runTool('tesseract', [png, 'stdout', '-l', langs.join('+'), '--psm', '3'], { signal, maxOutputBytes: 16 * 1024 * 1024 });
  return stdout.toString('utf8');
}
