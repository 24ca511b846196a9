/**
 * Turning the bytes of a casualty list into text, one way for the server's importer, `reckon link` and the web
 * preview (which used three decoders that disagreed: the preview read every non-UTF-8 file as Windows-1251, so a
 * Latin-1 or Windows-1254 header came out garbled and the mapping named columns the server did not see).
 *
 * - UTF-16 with a byte-order mark, and UTF-16 without one when every other byte is zero;
 * - UTF-8 (with or without BOM) when every byte sequence is valid;
 * - a file some of whose lines are UTF-8 and others not is refused (no single decoding reads it), naming lines;
 * - a UTF-8 file that ends inside a character was cut short (an interrupted copy or upload): refused;
 * - a lone UTF-16 surrogate, in UTF-16 or encoded in UTF-8 bytes, is refused with its line (it is no character);
 * - compressed archives, spreadsheet workbooks, PDFs and images are refused as not text, saying what they look like;
 * - any other file is read in the single-byte encoding of the region under which its words look most like words:
 *   Windows-1251 or KOI8-R (Cyrillic), Windows-1254 (Turkish and Azerbaijani Latin), Windows-1252 (Western Latin).
 *
 * Pure: TextDecoder exists in Node and in browsers, so the web bundle imports this module directly.
 */

export interface DecodedText {
  text: string;
  /** The encoding as named to the user: UTF-8, UTF-16LE, UTF-16BE, windows-1251, KOI8-R, windows-1254, windows-1252. */
  encoding: string;
}

export interface DecodeProblem {
  /** The line of the file concerned (1 is the header), or null for the file as a whole. */
  line: number | null;
  code: 'not_text' | 'mixed_encodings' | 'cut_short' | 'bad_characters';
  message: string;
}

/** What a file that is not text looks like, from its first bytes. */
const SIGNATURES: Array<{ bytes: number[]; what: string }> = [
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file; unpack it first' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive or a spreadsheet workbook (XLSX, ODS); save the sheet as CSV' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (XLS); save the sheet as CSV' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF; export the table as CSV' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2-compressed file; unpack it first' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive; unpack it first' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive; unpack it first' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a], what: 'an xz-compressed file; unpack it first' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function lineAt(bytes: Uint8Array, offset: number, step = 1, little = true): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i += step) if (bytes[i + (step === 2 && !little ? 1 : 0)] === 0x0a) line++;
  return line;
}

/** The first unpaired surrogate of UTF-16 bytes (decoders silently turn it into U+FFFD), with its line. */
function loneSurrogate(bytes: Uint8Array, little: boolean): { line: number; unit: number } | null {
  let line = 1;
  const unitAt = (i: number) => (little ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const unit = unitAt(i);
    if (unit === 0x0a) line++;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 3 < bytes.length ? unitAt(i + 2) : -1;
      if (next >= 0xdc00 && next <= 0xdfff) i += 2;
      else return { line, unit };
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return { line, unit };
  }
  return null;
}

function decodeUtf16(body: Uint8Array, little: boolean, partial: boolean): DecodedText | DecodeProblem {
  const encoding = little ? 'UTF-16LE' : 'UTF-16BE';
  const whole = partial ? body.subarray(0, body.length - (body.length % 2)) : body;
  if (whole.length % 2 === 1)
    return {
      line: lineAt(whole, whole.length - 1, 2, little),
      code: 'cut_short',
      message: `the ${encoding} file ends in the middle of a character: it was cut short (an interrupted copy or upload)`,
    };
  const lone = loneSurrogate(whole, little);
  // at the end of a preview window a surrogate pair may be cut in two
  if (lone && !(partial && lone.line === lineAt(whole, whole.length, 2, little)))
    return {
      line: lone.line,
      code: 'bad_characters',
      message: `line ${lone.line} holds a lone UTF-16 surrogate (U+${lone.unit.toString(16).toUpperCase()}), which no text can contain; the file is damaged`,
    };
  return { text: new TextDecoder(little ? 'utf-16le' : 'utf-16be').decode(whole), encoding };
}

/**
 * How the bytes from `start` to `end` read as UTF-8: 'ascii' (no byte above 0x7F), 'utf8', 'surrogate' (valid but
 * for an encoded UTF-16 surrogate, as CESU-8 or a careless converter writes one), 'cut' (valid up to an incomplete
 * character at `end`), or 'invalid'.
 */
function utf8Kind(bytes: Uint8Array, start: number, end: number): 'ascii' | 'utf8' | 'surrogate' | 'cut' | 'invalid' {
  let high = false;
  let surrogate = false;
  for (let i = start; i < end;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    high = true;
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return 'invalid';
    for (let k = 1; k < length; k++) {
      if (i + k >= end) return 'cut';
      const c = bytes[i + k];
      if (c < 0x80 || c > 0xbf) return 'invalid';
      if (k === 1) {
        if (b === 0xe0 && c < 0xa0) return 'invalid';
        if (b === 0xed && c >= 0xa0) surrogate = true;
        if (b === 0xf0 && c < 0x90) return 'invalid';
        if (b === 0xf4 && c > 0x8f) return 'invalid';
      }
    }
    i += length;
  }
  return surrogate ? 'surrogate' : high ? 'utf8' : 'ascii';
}

/** Single-byte encodings tried, in the order preferred when two read a file equally well. */
const CANDIDATES = ['windows-1251', 'windows-1252', 'windows-1254', 'KOI8-R'] as const;
// letters a Western Latin decoding gives for the bytes that are ı, ş, ğ, İ, Ş, Ğ in Windows-1254: rare in real text
const UNLIKELY_LATIN = /[ýþðÝÞÐ]/g;

/** How much a decoding looks like words: letters of one script each, cased as words are, without stray symbols. */
function plausibility(text: string): number {
  let score = 0;
  for (const word of text.match(/[\p{L}\p{M}]+/gu) ?? []) {
    if (!/[^\p{ASCII}]/u.test(word)) continue;
    const cyrillic = /^\p{Script=Cyrillic}+$/u.test(word);
    const latin = /^[\p{Script=Latin}\p{M}]+$/u.test(word);
    if (!cyrillic && !latin) {
      score -= 3;
      continue;
    }
    // upper case after lower case inside a word ("аЛИЕВ", "rAShid") is a decoding with the cases swapped
    if (/\p{Ll}\p{Lu}/u.test(word)) score -= 1;
    else if (latin && word.length > 2 && (word.match(/[^\p{ASCII}]/gu)?.length ?? 0) * 2 > word.length) score -= 1;
    else score += 1;
  }
  score -= (text.match(/[\p{Cc}\ufffd\p{Co}]|[^\p{ASCII}\p{L}\p{M}\p{N}\p{Zs}\p{P}]/gu)?.length ?? 0) * 0.5;
  score -= (text.match(UNLIKELY_LATIN)?.length ?? 0) * 0.5;
  return score;
}

/** The lines that hold bytes above 0x7F, up to about 256 KB of them: enough to tell encodings apart. */
function nonAsciiSample(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  let start = 0;
  for (let i = 0; i <= bytes.length && size < 256 * 1024; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const line = bytes.subarray(start, i + 1);
    if (line.some((b) => b >= 0x80)) {
      parts.push(line);
      size += line.length;
    }
    start = i + 1;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function guessSingleByte(bytes: Uint8Array): string {
  const sample = nonAsciiSample(bytes);
  let best: string = CANDIDATES[0];
  let bestScore = -Infinity;
  for (const encoding of CANDIDATES) {
    const score = plausibility(new TextDecoder(encoding).decode(sample));
    if (score > bestScore) {
      best = encoding;
      bestScore = score;
    }
  }
  return best;
}

function listed(lines: number[]): string {
  return `${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ` and ${lines.length - 10} more` : ''}`;
}

/**
 * Decodes a list. `partial`: the bytes are the start of a longer file (the web preview's window), so a character
 * cut at their end is expected and not a fault.
 */
export function decodeList(bytes: Uint8Array, options: { partial?: boolean } = {}): DecodedText | DecodeProblem {
  const partial = options.partial ?? false;
  for (const s of SIGNATURES)
    if (startsWith(bytes, s.bytes)) return { line: null, code: 'not_text', message: `this is not a CSV text file: it looks like ${s.what}` };
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes.subarray(2), true, partial);
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes.subarray(2), false, partial);
  // UTF-16 without a byte-order mark: ASCII letters leave every other byte zero
  const probe = bytes.subarray(0, 4096 - (Math.min(bytes.length, 4096) % 2));
  if (probe.length >= 4) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i + 1 < probe.length; i += 2) {
      if (probe[i] === 0) evenZero++;
      if (probe[i + 1] === 0) oddZero++;
    }
    const half = probe.length / 2;
    if (oddZero > half * 0.6 && evenZero < half * 0.05) return decodeUtf16(bytes, true, partial);
    if (evenZero > half * 0.6 && oddZero < half * 0.05) return decodeUtf16(bytes, false, partial);
  }
  // a NUL byte elsewhere is left to the reader of the cells, which names its line and column

  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  const utf8Lines: number[] = [];
  const otherLines: number[] = [];
  let surrogateLine = 0;
  let cutLine = 0;
  let line = 1;
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i < body.length && body[i] !== 0x0a) continue;
    const kind = utf8Kind(body, start, i);
    if (kind === 'utf8') utf8Lines.push(line);
    else if (kind === 'surrogate' && !surrogateLine) surrogateLine = line;
    else if (kind === 'cut' && i === body.length) cutLine = line;
    else if (kind === 'cut' || kind === 'invalid') otherLines.push(line);
    line++;
    start = i + 1;
  }
  if (otherLines.length > 0 && utf8Lines.length > 0) {
    const bad = cutLine && !partial ? [...otherLines, cutLine] : otherLines;
    return {
      line: bad[0],
      code: 'mixed_encodings',
      message: `${utf8Lines.length} line(s) are UTF-8 but line(s) ${listed(bad)} are not; re-save the file in one encoding`,
    };
  }
  if (otherLines.length === 0 && surrogateLine)
    return {
      line: surrogateLine,
      code: 'bad_characters',
      message: `line ${surrogateLine} holds a lone UTF-16 surrogate written as UTF-8 bytes, which no text can contain; the file is damaged`,
    };
  if (otherLines.length === 0 && cutLine && !partial && utf8Lines.length > 0)
    return {
      line: cutLine,
      code: 'cut_short',
      message: `the file ends in the middle of a character on line ${cutLine}: it was cut short (an interrupted copy or upload)`,
    };
  // valid UTF-8 throughout (a character cut at the end of a preview window is left for the next window)
  if (otherLines.length === 0 && (!cutLine || partial))
    return { text: new TextDecoder('utf-8').decode(body.subarray(0, body.length - (cutLine ? trailingIncomplete(body) : 0))), encoding: 'UTF-8' };
  const encoding = guessSingleByte(bytes);
  return { text: new TextDecoder(encoding).decode(bytes), encoding };
}

/** Bytes of an incomplete UTF-8 character at the end. */
function trailingIncomplete(bytes: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= bytes.length; k++) {
    const b = bytes[bytes.length - k];
    if (b >= 0xc0) return k;
    if (b < 0x80) return 0;
  }
  return 0;
}

export function isDecodeProblem(value: DecodedText | DecodeProblem): value is DecodeProblem {
  return 'code' in value;
}
