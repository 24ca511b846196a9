import { dsvFormat } from 'd3-dsv';
import { detectDelimiter } from '../../core/casualties/delimiter.ts';
import { decodeList, isDecodeProblem, type DecodeProblem } from '../../core/casualties/decode.ts';

/**
 * Reads the start of a CSV file in the browser for the import preview only: the header and the first rows, so a
 * person can map columns to fields before sending the file. The bytes are decoded by the decoder the server uses
 * (src/core/casualties/decode.ts), so the header the mapping names is the header the server reads; a file it cannot
 * read (mixed encodings, cut short, not text) is reported here with its line. The server checks the whole file
 * again (quoting, column counts); nothing here decides what is imported.
 */
export interface CsvPreview {
  /** The encoding used for the preview, named so the page can say so ('' when the file cannot be read). */
  encoding: string;
  header: string[];
  rows: string[][];
  /** More rows (up to `sampleRows`) for detecting what the columns hold; not shown. */
  sample: string[][];
  /** True when the preview stops before the end of the file. */
  truncated: boolean;
  /** Why the file cannot be read at all (nothing else is filled then). */
  problem?: DecodeProblem;
}

const PREVIEW_BYTES = 256 * 1024;

export function decodePreview(bytes: Uint8Array, partial = false): { text: string; encoding: string } | DecodeProblem {
  return decodeList(bytes, { partial });
}

export function previewCsv(bytes: Uint8Array, maxRows = 8, sampleRows = maxRows): CsvPreview {
  const window = bytes.subarray(0, PREVIEW_BYTES);
  const decoded = decodePreview(window, window.length < bytes.length);
  if (isDecodeProblem(decoded)) return { encoding: '', header: [], rows: [], sample: [], truncated: false, problem: decoded };
  const { text, encoding } = decoded;
  const cut = window.length < bytes.length ? text.slice(0, Math.max(0, text.lastIndexOf('\n'))) : text;
  const all = dsvFormat(detectDelimiter(cut)).parseRows(cut).filter((row) => row.some((cell) => cell.trim() !== ''));
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
