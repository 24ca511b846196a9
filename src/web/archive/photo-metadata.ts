/**
 * What a photo's EXIF says, read from the `image-metadata` extraction (src/server/extraction/extractors/image.ts)
 * into fields a page can show. Values of the wrong type are dropped, never shown raw: the metadata came from a file.
 */
export interface PhotoFacts {
  capturedAt: string | null;
  /**
   * The capture time as the camera's clock showed it ("2020-10-08T14:15:30") and the offset the file gave for that
   * clock ("+04:00") or null when it gave none; null when capturedAt is not such a time (an older extraction stored
   * an instant ending in Z, and odd values are shown as text).
   */
  capturedClock: { local: string; offset: string | null } | null;
  /** The capture day as the item's event date takes it (YYYY-MM-DD), when the capture time has one. */
  capturedOn: string | null;
  camera: string | null;
  software: string | null;
  width: number | null;
  height: number | null;
  gps: { latitude: number; longitude: number; altitude: number | null } | null;
  serial: string | null;
  lensSerial: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export function photoFacts(metadata: Record<string, unknown> | null | undefined): PhotoFacts | null {
  if (!metadata) return null;
  const capturedAt = text(metadata.capturedAt);
  const gps = metadata.gps && typeof metadata.gps === 'object' ? (metadata.gps as Record<string, unknown>) : null;
  const latitude = number(gps?.latitude);
  const longitude = number(gps?.longitude);
  const make = text(metadata.make);
  const model = text(metadata.model);
  const clock = capturedAt ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-]\d{2}:\d{2})?$/.exec(capturedAt) : null;
  return {
    capturedAt,
    capturedClock: clock ? { local: clock[1], offset: clock[2] ?? null } : null,
    capturedOn: capturedAt && /^\d{4}-\d{2}-\d{2}/.test(capturedAt) ? capturedAt.slice(0, 10) : null,
    // Many cameras repeat the make in the model ("Canon" + "Canon EOS 80D").
    camera: make && model ? (model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`) : (make ?? model),
    software: text(metadata.software),
    width: number(metadata.width),
    height: number(metadata.height),
    gps:
      latitude !== null && longitude !== null && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180
        ? { latitude, longitude, altitude: number(gps?.altitude) }
        : null,
    serial: text(metadata.serial),
    lensSerial: text(metadata.lensSerial),
  };
}

/** A position as people read it: 39.82500° N, 46.75500° E. */
export function formatPosition(latitude: number, longitude: number): string {
  return `${Math.abs(latitude).toFixed(5)}° ${latitude < 0 ? 'S' : 'N'}, ${Math.abs(longitude).toFixed(5)}° ${longitude < 0 ? 'W' : 'E'}`;
}
