import { invalid } from '../errors.ts';
import { isCountryCode } from '../../core/registry/iso3166.ts';

/**
 * Checks on archive metadata beyond its shape. Every error names the field, so an API client, the CSV importer and
 * the web form can point at it.
 */

export interface EventDate {
  /** As given, normalised: 1992, 1992-02, 1992-02-26, or two of those joined by "/". */
  text: string;
  start: string;
  end: string;
}

const PART = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function partBounds(part: string, field: string): { start: string; end: string } {
  const match = PART.exec(part);
  if (!match) throw invalid('invalid_date', `${field}: "${part}" is not a date like 1992, 1992-02 or 1992-02-26`, { field });
  const year = Number(match[1]);
  if (year < 1 || year > 9999) throw invalid('invalid_date', `${field}: year ${match[1]} is out of range`, { field });
  if (match[2] === undefined) return { start: `${match[1]}-01-01`, end: `${match[1]}-12-31` };
  const month = Number(match[2]);
  if (month < 1 || month > 12) throw invalid('invalid_date', `${field}: month ${match[2]} does not exist`, { field });
  const last = daysInMonth(year, month);
  if (match[3] === undefined) return { start: `${match[1]}-${match[2]}-01`, end: `${match[1]}-${match[2]}-${pad(last)}` };
  const day = Number(match[3]);
  if (day < 1 || day > last) throw invalid('invalid_date', `${field}: ${part} is not a day of the calendar`, { field });
  return { start: part, end: part };
}

/** Parses an exact, partial (year or month) or ranged (ISO 8601 interval "a/b") event date. */
export function parseEventDate(value: string, field = 'eventDate'): EventDate {
  const text = value.trim();
  const pieces = text.split('/');
  if (pieces.length > 2 || text.length > 30) throw invalid('invalid_date', `${field}: "${text.slice(0, 40)}" is not a date or a range a/b`, { field });
  if (pieces.length === 1) return { text, ...partBounds(text, field) };
  const from = partBounds(pieces[0].trim(), field);
  const to = partBounds(pieces[1].trim(), field);
  if (from.start > to.end) throw invalid('invalid_date', `${field}: the range ${text} ends before it starts`, { field });
  return { text: `${pieces[0].trim()}/${pieces[1].trim()}`, start: from.start, end: to.end };
}

/** A calendar date YYYY-MM-DD (consent, interview). */
export function parseDay(value: string, field: string): string {
  const bounds = partBounds(value.trim(), field);
  if (bounds.start !== bounds.end) throw invalid('invalid_date', `${field}: give a full date YYYY-MM-DD`, { field });
  return bounds.start;
}

export function checkCountry(value: string, field = 'country'): string {
  const code = value.trim().toUpperCase();
  if (!isCountryCode(code)) throw invalid('invalid_country', `${field}: "${value.slice(0, 10)}" is not an ISO 3166-1 alpha-2 country code`, { field });
  return code;
}

export function checkCoordinates(latitude: number | null | undefined, longitude: number | null | undefined): { latitude: number | null; longitude: number | null } {
  const lat = latitude ?? null;
  const lon = longitude ?? null;
  if ((lat === null) !== (lon === null)) throw invalid('invalid_coordinates', 'latitude and longitude: give both or neither', { field: lat === null ? 'latitude' : 'longitude' });
  if (lat !== null && (!Number.isFinite(lat) || lat < -90 || lat > 90)) throw invalid('invalid_coordinates', 'latitude must be between -90 and 90', { field: 'latitude' });
  if (lon !== null && (!Number.isFinite(lon) || lon < -180 || lon > 180)) throw invalid('invalid_coordinates', 'longitude must be between -180 and 180', { field: 'longitude' });
  return { latitude: lat, longitude: lon };
}

/** ISO 639-1 (two letters) or 639-2/3 (three letters) codes, lower-case, without duplicates. */
export function checkLanguages(values: readonly string[], field = 'languages'): string[] {
  const out: string[] = [];
  for (const value of values) {
    const code = value.trim().toLowerCase();
    if (!/^[a-z]{2,3}$/.test(code)) throw invalid('invalid_language', `${field}: "${value.slice(0, 20)}" is not an ISO 639 language code like az, hy, ru or en`, { field });
    if (!out.includes(code)) out.push(code);
  }
  if (out.length > 20) throw invalid('invalid_language', `${field}: at most 20 languages`, { field });
  return out;
}

// C0 and C1 controls, DEL, bidirectional overrides and zero-width characters: they hide what a name really says.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A file name safe to show and to send in Content-Disposition: the last path component only (both separators),
 * no control or direction-changing characters, no leading dots, at most 200 characters (extension kept). The name
 * as the client sent it is kept separately as metadata; neither is ever used as a path on disk.
 */
export function sanitiseFilename(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  let name = last.replace(UNSAFE_CHARS, '').normalize('NFC').trim().replace(/^\.+/, '').replace(/[<>:"|?*]/g, '_');
  if (RESERVED.test(name)) name = `_${name}`;
  if (name.length > 200) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = name.slice(0, 200 - ext.length) + ext;
  }
  return name || 'file';
}

/** The Content-Disposition value for a download: ASCII fallback plus the RFC 5987/6266 UTF-8 form. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Trims free text and refuses control characters other than tab and newlines. */
export function cleanText(value: string, field: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  if (cleaned.length > max) throw invalid('too_long', `${field}: at most ${max} characters`, { field });
  return cleaned;
}
