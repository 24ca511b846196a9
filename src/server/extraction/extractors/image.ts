import exifr from 'exifr';
import sharp, { type Metadata } from 'sharp';
import { RejectedInputError, type ExtractorOutput } from '../types.ts';

/**
 * Images larger than this are not decoded (a 50000×50000 PNG is a few KB on disk and 10 GB in memory). 100
 * megapixels is beyond any camera a documentation team uses.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;
export const THUMBNAIL_SIZE = 320;

/**
 * Dimensions from the header (nothing is decoded) and EXIF: capture time, device make, model and serial numbers,
 * GPS position.
 * GPS is evidence (where a photo was taken) and also a risk (where a witness lives): it is recorded here and the
 * archive decides who sees it; redacted copies drop it.
 */
export async function imageMetadata(path: string): Promise<ExtractorOutput> {
  let header: Metadata;
  try {
    header = await sharp(path, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new RejectedInputError(`not a readable image: ${(error as Error).message}`);
  }
  const metadata: Record<string, unknown> = { format: header.format, width: header.width, height: header.height };
  if (header.orientation) metadata.orientation = header.orientation;
  if (header.pages && header.pages > 1) metadata.pages = header.pages;
  let exif: Record<string, unknown> | undefined;
  try {
    // reviveValues off: exifr would turn the capture time into a Date in the server's time zone (see exifCaptureTime).
    exif = (await exifr.parse(path, { tiff: true, exif: true, gps: true, xmp: false, icc: false, iptc: false, reviveValues: false })) as
      | Record<string, unknown>
      | undefined;
  } catch {
    exif = undefined; // No EXIF, or EXIF too damaged to read: the image itself may still be fine.
  }
  if (exif) {
    const capturedAt =
      exifCaptureTime(exif.DateTimeOriginal, exif.OffsetTimeOriginal) ?? exifCaptureTime(exif.CreateDate, exif.OffsetTimeDigitized) ?? exifCaptureTime(exif.ModifyDate, exif.OffsetTime);
    if (capturedAt) metadata.capturedAt = capturedAt;
    if (typeof exif.Make === 'string') metadata.make = exif.Make.trim().slice(0, 200);
    if (typeof exif.Model === 'string') metadata.model = exif.Model.trim().slice(0, 200);
    if (typeof exif.Software === 'string') metadata.software = exif.Software.trim().slice(0, 200);
    // A camera's or lens's serial number ties a photo to one device, and so to its owner: shown to staff, and named
    // in the list of what becomes visible before an original is published (publication/service.ts).
    for (const [tag, key] of [['SerialNumber', 'serial'], ['BodySerialNumber', 'serial'], ['CameraSerialNumber', 'serial'], ['LensSerialNumber', 'lensSerial']] as const) {
      const value = exif[tag];
      if (metadata[key] === undefined && (typeof value === 'string' || typeof value === 'number') && String(value).trim()) metadata[key] = String(value).trim().slice(0, 100);
    }
    const lat = exif.latitude;
    const lon = exif.longitude;
    if (typeof lat === 'number' && typeof lon === 'number' && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      metadata.gps = { latitude: round(lat, 7), longitude: round(lon, 7) };
      if (typeof exif.GPSAltitude === 'number') (metadata.gps as Record<string, number>).altitude = round(exif.GPSAltitude, 2);
    }
  }
  return { metadata };
}

/** A 320 px WebP (longer side), oriented, with no metadata; images above MAX_IMAGE_PIXELS are refused undecoded. */
export async function thumbnail(path: string, outPath: string): Promise<ExtractorOutput> {
  try {
    const info = await sharp(path, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(outPath);
    return { metadata: { width: info.width, height: info.height }, derived: { path: outPath, mime: 'image/webp' } };
  } catch (error) {
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) throw new RejectedInputError(`the image has more than ${MAX_IMAGE_PIXELS} pixels (a decompression bomb?)`);
    throw new RejectedInputError(`not a readable image: ${message}`);
  }
}

/**
 * A capture time as the camera's clock showed it. EXIF writes "2020:10:08 14:15:30" with no zone: the clock's local
 * time, in a zone the file does not name unless an offset tag (EXIF 2.31, "+04:00") is beside it. So it is kept as a
 * wall-clock time, "2020-10-08T14:15:30", with the offset appended when the file gives one ("…T14:15:30+04:00"), and
 * never converted through the zone of the server that happens to read it. A value in another shape is kept as text
 * (the page shows it as it is); an unset clock ("0000:00:00 00:00:00", blanks) is no time at all.
 */
export function exifCaptureTime(value: unknown, offset: unknown): string | null {
  if (typeof value !== 'string') return null;
  // EXIF dates are ASCII: anything else (NUL padding, control characters, stray bytes) is dropped.
  const raw = value.replace(/[^\x20-\x7e]/g, '').trim();
  if (raw === '' || /^[0\s:.\-T]*$/.test(raw)) return null;
  const match = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(raw);
  if (!match) return raw.slice(0, 40);
  const [, year, month, day, hour, minute, second = '00'] = match;
  const valid = +month >= 1 && +month <= 12 && +day >= 1 && +day <= 31 && +hour <= 23 && +minute <= 59 && +second <= 59;
  if (!valid) return raw.slice(0, 40);
  const local = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  const zone = typeof offset === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim()) : null;
  return zone && +zone[2] <= 14 && +zone[3] <= 59 ? `${local}${zone[0]}` : local;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
