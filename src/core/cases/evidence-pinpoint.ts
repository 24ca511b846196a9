/**
 * Pinpoints: where in an archive item a piece of evidence lies. Pure (no I/O): the server looks up the extent of the
 * file (pages, duration, pixel size, text length) and this module decides whether the pinpoint lies inside it.
 *
 * - `page`: a page of a document (1-based), optionally a region of it as fractions of the page (0..1 from the top
 *   left), since a page's size in points is not recorded;
 * - `time`: a time range in seconds of an audio or video file;
 * - `region`: a rectangle in pixels of an image;
 * - `span`: a span of characters (Unicode code points, end exclusive) of a testimony's transcript or translation;
 * - `item`: the item as a whole, for evidence that has no finer place (a photograph of a scene, a short letter).
 */

export const PINPOINT_TYPES = ['page', 'time', 'region', 'span', 'item'] as const;
export type PinpointType = (typeof PINPOINT_TYPES)[number];

export interface PageRegion {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Pinpoint =
  | { type: 'page'; fileId: string; page: number; region?: PageRegion }
  | { type: 'time'; fileId: string; start: number; end: number }
  | { type: 'region'; fileId: string; x: number; y: number; w: number; h: number }
  | { type: 'span'; language: string; start: number; end: number }
  | { type: 'item' };

/** What is known of the file (or testimony text) a pinpoint names; `undefined` where extraction has not told. */
export interface PinpointExtent {
  pages?: number;
  durationSeconds?: number;
  width?: number;
  height?: number;
  /** Length in code points of the named testimony text. */
  textLength?: number;
}

export type PinpointErrorCode = 'pinpoint_outside' | 'pinpoint_invalid' | 'pinpoint_extent_unknown';

export class PinpointError extends Error {
  constructor(
    readonly code: PinpointErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'PinpointError';
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const MAX_PAGE = 1_000_000;
const MAX_SECONDS = 10 * 24 * 3600;

function needExtent(value: number | undefined, field: string, what: string): number {
  if (value === undefined || !finite(value) || value <= 0) {
    throw new PinpointError('pinpoint_extent_unknown', field, `${field}: the ${what} of this file is not known yet (its extraction has not finished or found none), so the pinpoint cannot be checked`);
  }
  return value;
}

/**
 * Throws a PinpointError naming the field when the pinpoint is malformed or lies outside the extent; returns the
 * pinpoint in its canonical form (numbers rounded to what is meaningful, keys in a fixed order) otherwise.
 */
export function checkPinpoint(p: Pinpoint, extent: PinpointExtent): Pinpoint {
  switch (p.type) {
    case 'item':
      return { type: 'item' };
    case 'page': {
      if (!Number.isInteger(p.page) || p.page < 1 || p.page > MAX_PAGE) throw new PinpointError('pinpoint_outside', 'pinpoint.page', `pinpoint.page: pages are numbered from 1 (got ${String(p.page)})`);
      const pages = needExtent(extent.pages, 'pinpoint.page', 'page count');
      if (p.page > pages) throw new PinpointError('pinpoint_outside', 'pinpoint.page', `pinpoint.page: the document has ${pages} page${pages === 1 ? '' : 's'}; page ${p.page} is past its end`);
      if (p.region === undefined) return { type: 'page', fileId: p.fileId, page: p.page };
      const r = p.region;
      for (const k of ['x', 'y', 'w', 'h'] as const) {
        if (!finite(r[k]) || r[k] < 0 || r[k] > 1) throw new PinpointError('pinpoint_outside', `pinpoint.region.${k}`, `pinpoint.region.${k}: a page region is given as fractions of the page, from 0 to 1`);
      }
      if (r.w <= 0 || r.h <= 0) throw new PinpointError('pinpoint_invalid', 'pinpoint.region', 'pinpoint.region: the region is empty');
      if (r.x + r.w > 1 + 1e-9 || r.y + r.h > 1 + 1e-9) throw new PinpointError('pinpoint_outside', 'pinpoint.region', 'pinpoint.region: the region runs past the edge of the page');
      const round = (v: number) => Math.round(v * 10_000) / 10_000;
      return { type: 'page', fileId: p.fileId, page: p.page, region: { x: round(r.x), y: round(r.y), w: round(r.w), h: round(r.h) } };
    }
    case 'time': {
      if (!finite(p.start) || !finite(p.end) || p.start < 0 || p.end > MAX_SECONDS) throw new PinpointError('pinpoint_invalid', 'pinpoint.start', 'pinpoint.start/end: give seconds from the start of the recording');
      if (p.end <= p.start) throw new PinpointError('pinpoint_invalid', 'pinpoint.end', 'pinpoint.end: the range ends before (or where) it starts');
      const duration = needExtent(extent.durationSeconds, 'pinpoint.end', 'duration');
      // Durations are recorded to the millisecond; allow that much.
      if (p.end > duration + 0.001) throw new PinpointError('pinpoint_outside', 'pinpoint.end', `pinpoint.end: the recording lasts ${duration} s; ${p.end} s is past its end`);
      const ms = (v: number) => Math.round(v * 1000) / 1000;
      return { type: 'time', fileId: p.fileId, start: ms(p.start), end: ms(Math.min(p.end, duration)) };
    }
    case 'region': {
      for (const k of ['x', 'y', 'w', 'h'] as const) {
        if (!Number.isInteger(p[k]) || p[k] < 0) throw new PinpointError('pinpoint_invalid', `pinpoint.${k}`, `pinpoint.${k}: give whole pixels, 0 or more`);
      }
      if (p.w === 0 || p.h === 0) throw new PinpointError('pinpoint_invalid', 'pinpoint.w', 'pinpoint: the region is empty');
      const width = needExtent(extent.width, 'pinpoint.w', 'width');
      const height = needExtent(extent.height, 'pinpoint.h', 'height');
      if (p.x + p.w > width || p.y + p.h > height) throw new PinpointError('pinpoint_outside', 'pinpoint', `pinpoint: the region runs outside the image (${width}×${height} pixels)`);
      return { type: 'region', fileId: p.fileId, x: p.x, y: p.y, w: p.w, h: p.h };
    }
    case 'span': {
      if (!Number.isInteger(p.start) || !Number.isInteger(p.end) || p.start < 0) throw new PinpointError('pinpoint_invalid', 'pinpoint.start', 'pinpoint.start/end: give character positions, 0 or more');
      if (p.end <= p.start) throw new PinpointError('pinpoint_invalid', 'pinpoint.end', 'pinpoint.end: the span ends before (or where) it starts');
      const length = extent.textLength;
      if (length === undefined) throw new PinpointError('pinpoint_extent_unknown', 'pinpoint.language', `pinpoint.language: the testimony has no text in ${p.language}`);
      if (p.end > length) throw new PinpointError('pinpoint_outside', 'pinpoint.end', `pinpoint.end: the text has ${length} characters; ${p.end} is past its end`);
      return { type: 'span', language: p.language, start: p.start, end: p.end };
    }
  }
}

/** A short human label: "p. 3", "p. 3 (region)", "00:01:05–00:01:30", "240×120 px at 10,20", "chars 10–55 (hy)". */
export function pinpointLabel(p: Pinpoint): string {
  const clock = (s: number) => {
    const t = Math.floor(s);
    const hh = String(Math.floor(t / 3600)).padStart(2, '0');
    const mm = String(Math.floor((t % 3600) / 60)).padStart(2, '0');
    const ss = String(t % 60).padStart(2, '0');
    return `${hh}:${mm}:${ss}`;
  };
  switch (p.type) {
    case 'item':
      return 'whole item';
    case 'page':
      return p.region ? `p. ${p.page} (region ${p.region.x},${p.region.y} ${p.region.w}×${p.region.h})` : `p. ${p.page}`;
    case 'time':
      return `${clock(p.start)}–${clock(p.end)}`;
    case 'region':
      return `${p.w}×${p.h} px at ${p.x},${p.y}`;
    case 'span':
      return `chars ${p.start}–${p.end} (${p.language})`;
  }
}

/** Code points of a text (what span positions count). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}
