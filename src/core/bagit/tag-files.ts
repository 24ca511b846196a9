/** Parsers and writers for the BagIt tag files (RFC 8493 §2.1.1, §2.1.3, §2.2.2). */
import { decodeManifestPath, encodeManifestPath } from './paths.ts';

export const DIGEST_HEX_LENGTH: Record<string, number> = { md5: 32, sha1: 40, sha224: 56, sha256: 64, sha384: 96, sha512: 128 };

export interface TagLineProblem {
  line: number;
  message: string;
}

/** Tag files may end lines with LF, CR LF or CR (RFC 8493 §2.1.3 defers to "line" as in its §1.3 terminology). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface ManifestLine {
  line: number;
  digest: string;
  path: string;
}

export function parseManifest(text: string, algorithm: string): { lines: ManifestLine[]; problems: TagLineProblem[] } {
  const hexLength = DIGEST_HEX_LENGTH[algorithm];
  const lines: ManifestLine[] = [];
  const problems: TagLineProblem[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    const match = /^([0-9A-Fa-f]+)[ \t]+(.+)$/.exec(raw);
    if (!match) {
      problems.push({ line, message: 'is not "<checksum> <filepath>"' });
      return;
    }
    if (hexLength !== undefined && match[1].length !== hexLength) {
      problems.push({ line, message: `checksum has ${match[1].length} hex digits, ${algorithm} has ${hexLength}` });
      return;
    }
    lines.push({ line, digest: match[1].toLowerCase(), path: decodeManifestPath(match[2]) });
  });
  return { lines, problems };
}

export function formatManifest(entries: readonly { path: string; digest: string }[]): string {
  return entries.map((e) => `${e.digest} ${encodeManifestPath(e.path)}\n`).join('');
}

export interface TagField {
  label: string;
  value: string;
  line: number;
}

/** Parses "Label: value" lines with indented continuation lines (bagit.txt and bag-info.txt). */
export function parseTagFields(text: string): { fields: TagField[]; problems: TagLineProblem[] } {
  const fields: TagField[] = [];
  const problems: TagLineProblem[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    if (/^[ \t]/.test(raw) && fields.length > 0) {
      fields[fields.length - 1].value += ` ${raw.trim()}`;
      return;
    }
    const colon = raw.indexOf(':');
    if (colon <= 0) {
      problems.push({ line, message: 'is not "Label: value"' });
      return;
    }
    fields.push({ label: raw.slice(0, colon).trim(), value: raw.slice(colon + 1).trim(), line });
  });
  return { fields, problems };
}

export function formatTagFields(fields: readonly { label: string; value: string }[]): string {
  return fields.map((f) => `${f.label}: ${f.value.replace(/[\r\n]+/g, ' ')}\n`).join('');
}

export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';

/** Payload-Oxum is "<octet count>.<stream count>" (RFC 8493 §2.2.2). */
export function parseOxum(value: string): { bytes: number; files: number } | undefined {
  const match = /^(\d{1,16})\.(\d{1,12})$/.exec(value);
  if (!match) return undefined;
  return { bytes: Number(match[1]), files: Number(match[2]) };
}

/** A human-readable size for Bag-Size, in decimal units as bagit-python writes it. */
export function humanSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
