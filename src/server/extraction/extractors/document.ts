import { readFile, stat } from 'node:fs/promises';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { htmlToText } from '../html-text.ts';
import { RejectedInputError, type ExtractorOutput } from '../types.ts';
import { docxLimits, inspectZip } from '../zip-guard.ts';

/** Text stored per extraction is capped: the search index needs words, not a 2 GB log file in one row. */
export const MAX_TEXT_CHARS = 5_000_000;
export const MAX_PDF_BYTES = 512 * 1024 * 1024;
export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024;

export function capText(text: string): { text: string; truncated: boolean } {
  // NUL cannot be stored in a PostgreSQL text column; it carries no meaning in extracted text.
  const clean = text.replaceAll('\u0000', '');
  if (clean.length <= MAX_TEXT_CHARS) return { text: clean, truncated: false };
  return { text: clean.slice(0, MAX_TEXT_CHARS), truncated: true };
}

/**
 * Text of every page with pdf.js (through unpdf), plus the document information dictionary. pdf.js never runs a
 * PDF's JavaScript (eval is off and there is no scripting in Node); whether the PDF carries any is recorded, since
 * that is itself worth knowing about a piece of evidence.
 */
export async function pdfText(path: string): Promise<ExtractorOutput> {
  const size = (await stat(path)).size;
  if (size > MAX_PDF_BYTES) throw new RejectedInputError(`the PDF is larger than ${MAX_PDF_BYTES} bytes`);
  const data = new Uint8Array(await readFile(path));
  let pdf;
  try {
    pdf = await getDocumentProxy(data, { isEvalSupported: false, stopAtErrors: false });
  } catch (error) {
    throw new RejectedInputError(`not a readable PDF: ${(error as Error).message}`);
  }
  try {
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    const meta = await getMeta(pdf).catch(() => ({ info: {} as Record<string, unknown> }));
    const javascript = await pdf.getJSActions().then((a) => a !== null && Object.keys(a).length > 0).catch(() => false);
    const info: Record<string, string> = {};
    for (const key of ['Title', 'Author', 'Subject', 'Creator', 'Producer', 'CreationDate', 'ModDate']) {
      const value: unknown = meta.info[key];
      if (typeof value === 'string' && value.trim()) info[key.charAt(0).toLowerCase() + key.slice(1)] = value.slice(0, 1000);
    }
    const joined = text.map((page) => page.trim()).join('\n\n');
    const capped = capText(joined);
    const charsPerPage = totalPages ? joined.replace(/\s+/g, '').length / totalPages : 0;
    return {
      text: capped.text,
      metadata: {
        pages: totalPages,
        ...info,
        javascript,
        // Few characters per page means a scan: OCR is worth running.
        textLayer: charsPerPage >= 20,
        ...(capped.truncated ? { truncated: true } : {}),
      },
    };
  } finally {
    await pdf.destroy();
  }
}

/** Text of a DOCX with mammoth, after the zip has been inflated once under limits (mammoth reads it all). */
export async function docxText(path: string, signal: AbortSignal): Promise<ExtractorOutput> {
  const zip = await inspectZip(path, docxLimits, signal);
  if (!zip.entries.includes('word/document.xml')) throw new RejectedInputError('the zip has no word/document.xml, so it is not a DOCX');
  let result;
  try {
    result = await mammoth.extractRawText({ path });
  } catch (error) {
    throw new RejectedInputError(`not a readable DOCX: ${(error as Error).message}`);
  }
  const capped = capText(result.value.trim());
  return {
    text: capped.text,
    metadata: {
      entries: zip.entries.length,
      uncompressedBytes: zip.totalBytes,
      warnings: result.messages.length,
      ...(capped.truncated ? { truncated: true } : {}),
    },
  };
}

/**
 * Plain text and HTML: the charset from a byte-order mark, else UTF-8 if the bytes are valid UTF-8, else what
 * chardet guesses (Windows-1251, KOI8-R, ISO-8859-x, …), decoded with iconv-lite. HTML is reduced to its visible text.
 */
export async function plainText(path: string, html: boolean): Promise<ExtractorOutput> {
  const size = (await stat(path)).size;
  if (size > MAX_TEXT_FILE_BYTES) throw new RejectedInputError(`the text file is larger than ${MAX_TEXT_FILE_BYTES} bytes`);
  const bytes = await readFile(path);
  const { text, charset } = decodeText(bytes);
  const body = html ? htmlToText(text) : text;
  const capped = capText(body);
  return { text: capped.text, metadata: { charset, ...(capped.truncated ? { truncated: true } : {}) } };
}

export function decodeText(bytes: Buffer): { text: string; charset: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), charset: 'UTF-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf16le'), charset: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf16be'), charset: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'UTF-8' };
  } catch {
    // not UTF-8: guess below
  }
  const guess = chardet.detect(bytes.subarray(0, 256 * 1024));
  const charset = guess && iconv.encodingExists(guess) ? guess : 'windows-1252';
  return { text: iconv.decode(bytes, charset), charset };
}
