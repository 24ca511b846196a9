import { csvParseRows } from 'd3-dsv';

/**
 * Reads the start of a CSV file in the browser for the import preview only: the header and the first rows, so a
 * person can map columns to fields before sending the file. The server decodes and checks the whole file again
 * (encoding detection, quoting, column counts); nothing here decides what is imported.
 */
export interface CsvPreview {
  /** The encoding used for the preview: a guess, named so the page can say so. */
  encoding: 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'windows-1251';
  header: string[];
  rows: string[][];
  /** More rows (up to `sampleRows`) for detecting what the columns hold; not shown. */
  sample: string[][];
  /** True when the preview stops before the end of the file. */
  truncated: boolean;
}

const PREVIEW_BYTES = 256 * 1024;

export function decodePreview(bytes: Uint8Array): { text: string; encoding: CsvPreview['encoding'] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    // `stream: true` lets a multi-byte character cut at the end of the preview window pass
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true }), encoding: 'UTF-8' };
  } catch {
    // the commonest single-byte encoding of Russian and Azerbaijani Cyrillic lists; the server guesses properly
    return { text: new TextDecoder('windows-1251').decode(body), encoding: 'windows-1251' };
  }
}

export function previewCsv(bytes: Uint8Array, maxRows = 8, sampleRows = maxRows): CsvPreview {
  const window = bytes.subarray(0, PREVIEW_BYTES);
  const { text, encoding } = decodePreview(window);
  const cut = window.length < bytes.length ? text.slice(0, Math.max(0, text.lastIndexOf('\n'))) : text;
  const all = csvParseRows(cut).filter((row) => row.some((cell) => cell.trim() !== ''));
  const [header = [], ...rest] = all;
  return {
    encoding,
    header: header.map((h) => h.trim()),
    rows: rest.slice(0, maxRows),
    sample: rest.slice(0, Math.max(maxRows, sampleRows)),
    truncated: window.length < bytes.length || rest.length > maxRows,
  };
}

/** Base64 of a file's bytes for the import request, in chunks so large files do not overflow the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
