import { open } from 'node:fs/promises';
import type { FileKind, SniffResult } from './types.ts';

/** How much of the start of a file the heuristics look at: enough for magic numbers and a few lines of text. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The type of a file from its bytes alone: never from its name or a client's MIME type, which lie. Binary formats
 * come from the `file-type` magic-number tables (which also look inside a zip for DOCX); what they do not know is
 * tested as text (UTF-8, UTF-16 with a byte-order mark, or a legacy 8-bit charset), then refined to HTML, JSON or CSV.
 */
export async function sniffFile(path: string): Promise<SniffResult> {
  const head = await readHead(path, SNIFF_BYTES);
  if (head.bytes.length === 0) return { mime: 'application/x-empty', ext: '', kind: 'empty' };
  return sniffBytes(head.bytes, head.complete);
}

/** The same decision for bytes already in memory; `complete` says whether they are the whole file. */
export async function sniffBytes(bytes: Uint8Array, complete = true): Promise<SniffResult> {
  if (bytes.length === 0) return { mime: 'application/x-empty', ext: '', kind: 'empty' };
  // A UTF-16 byte-order mark (FF FE) also reads as an MPEG audio frame sync; text with a BOM is decided first.
  if (hasTextBom(bytes)) {
    const text = decodeIfText(bytes, complete);
    if (text !== null) return classifyText(text, complete);
  }
  // loaded on first use: importing file-type costs CPU at every server start (issue 15)
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(bytes);
  if (found) return { mime: found.mime, ext: found.ext, kind: kindOfMime(found.mime) };
  const text = decodeIfText(bytes, complete);
  if (text === null) return { mime: 'application/octet-stream', ext: '', kind: 'other' };
  return classifyText(text, complete);
}

function hasTextBom(bytes: Uint8Array): boolean {
  return (
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff) ||
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
  );
}

async function readHead(path: string, limit: number): Promise<{ bytes: Uint8Array; complete: boolean }> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const buffer = Buffer.alloc(Math.min(limit, size));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: buffer.subarray(0, filled), complete: size <= limit };
  } finally {
    await handle.close();
  }
}

const executableMimes = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/vnd.microsoft.portable-executable',
  'application/x-executable',
  'application/x-sharedlib',
  'application/wasm',
  'application/x-msi',
  'application/x-apple-diskimage',
]);

const archiveMimes = new Set([
  'application/zip',
  'application/x-tar',
  'application/gzip',
  'application/x-bzip2',
  'application/x-xz',
  'application/x-7z-compressed',
  'application/x-rar-compressed',
  'application/vnd.rar',
  'application/zstd',
]);

export function kindOfMime(mime: string): FileKind {
  if (mime === 'application/pdf') return 'pdf';
  if (mime === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') return 'docx';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime === 'application/ogg') return 'audio';
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
  if (mime.startsWith('text/') || mime === 'application/json') return 'text';
  if (executableMimes.has(mime)) return 'executable';
  if (archiveMimes.has(mime)) return 'archive';
  return 'other';
}

/**
 * Decodes the bytes if they look like text, else null. NUL bytes (outside UTF-16) and many control characters mean
 * binary. Invalid UTF-8 with no control characters is taken as a legacy 8-bit charset (Windows-1251, KOI8-R, …),
 * which the text extractor decodes properly; here latin1 is enough to look at its shape.
 */
export function decodeIfText(bytes: Uint8Array, complete: boolean): string | null {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const little = bytes[0] === 0xff;
    const even = bytes.subarray(2, 2 + ((bytes.length - 2) & ~1));
    const swapped = little ? Buffer.from(even) : Buffer.from(even).swap16();
    const text = swapped.toString('utf16le');
    return controlRatio(text) <= 0.01 ? text : null;
  }
  if (bytes.includes(0)) return null;
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  // A cut in the middle of a multi-byte character at the end of a partial read is not invalid UTF-8.
  const trimmed = complete ? body : trimPartialUtf8(body);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(trimmed);
  } catch {
    text = Buffer.from(trimmed).toString('latin1');
    // C1 control characters are common in latin1-decoded Cyrillic, so only C0 controls count here.
  }
  return controlRatio(text) <= 0.01 ? text : null;
}

function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back];
    if ((b & 0xc0) === 0x80) continue;
    if ((b & 0xc0) === 0xc0) {
      const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (back < needed) end -= back;
    }
    break;
  }
  return bytes.subarray(0, end);
}

function controlRatio(text: string): number {
  if (text.length === 0) return 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) controls++;
  }
  return controls / text.length;
}

function classifyText(text: string, complete: boolean): SniffResult {
  const start = text.trimStart().slice(0, 1024).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /<(html|head|body)[\s>]/.test(start)) {
    return { mime: 'text/html', ext: 'html', kind: 'html' };
  }
  if ((start.startsWith('{') || start.startsWith('[')) && looksLikeJson(text, complete)) {
    return { mime: 'application/json', ext: 'json', kind: 'text' };
  }
  if (looksLikeCsv(text)) return { mime: 'text/csv', ext: 'csv', kind: 'text' };
  return { mime: 'text/plain', ext: 'txt', kind: 'text' };
}

function looksLikeJson(text: string, complete: boolean): boolean {
  if (complete) {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }
  // A partial read cannot be parsed; the shape of its start has to do.
  return /^\s*[[{]\s*("|\{|\[|\]|\}|-?\d|true|false|null)/.test(text);
}

/** At least two lines that split into the same number (≥ 2) of fields on one of the usual delimiters. */
function looksLikeCsv(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0).slice(0, 20);
  if (lines.length < 2) return false;
  for (const delimiter of [',', ';', '\t', '|']) {
    const counts = lines.map((l) => countOutsideQuotes(l, delimiter));
    if (counts[0] >= 1 && counts.every((c) => c === counts[0])) return true;
  }
  return false;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let inQuotes = false;
  let count = 0;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === delimiter && !inQuotes) count++;
  }
  return count;
}
