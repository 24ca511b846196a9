import { describe, expect, it } from 'vitest';
import { formatPosition, photoFacts } from './photo-metadata.ts';

describe('photo metadata in words', () => {
  it('reads what the extractor stored, joining make and model without repeating the make', () => {
    const facts = photoFacts({ format: 'jpeg', width: 96, height: 64, make: 'Canon', model: 'Canon EOS 80D', capturedAt: '2020-10-08T06:15:30.000Z', gps: { latitude: 39.825, longitude: 46.755, altitude: 612.5 }, serial: 'SN-0042' });
    expect(facts).toEqual({
      capturedAt: '2020-10-08T06:15:30.000Z',
      capturedClock: null,
      capturedOn: '2020-10-08',
      camera: 'Canon EOS 80D',
      software: null,
      width: 96,
      height: 64,
      gps: { latitude: 39.825, longitude: 46.755, altitude: 612.5 },
      serial: 'SN-0042',
      lensSerial: null,
    });
    expect(photoFacts({ make: 'FieldCam', model: 'FC-200' })?.camera).toBe('FieldCam FC-200');
  });

  it("reads the camera's wall clock, with the offset when the file gave one, and takes the day from that clock", () => {
    expect(photoFacts({ capturedAt: '2020-10-08T23:15:30' })).toMatchObject({ capturedClock: { local: '2020-10-08T23:15:30', offset: null }, capturedOn: '2020-10-08' });
    expect(photoFacts({ capturedAt: '2020-10-08T23:15:30-05:00' })).toMatchObject({ capturedClock: { local: '2020-10-08T23:15:30', offset: '-05:00' }, capturedOn: '2020-10-08' });
    expect(photoFacts({ capturedAt: '2020-10-08T23:15:30+04:00<img>' })?.capturedClock).toBeNull();
  });

  it('drops values of the wrong type or out of range instead of showing them', () => {
    const facts = photoFacts({ capturedAt: '2020:10:08 06:15', make: 42, model: '  ', width: 'wide', gps: { latitude: 91, longitude: 10 }, serial: { x: 1 } });
    expect(facts).toMatchObject({ capturedAt: '2020:10:08 06:15', capturedClock: null, capturedOn: null, camera: null, width: null, gps: null, serial: null });
    expect(photoFacts(null)).toBeNull();
    expect(photoFacts({ gps: 'here' })?.gps).toBeNull();
  });

  it('writes a position with hemispheres', () => {
    expect(formatPosition(39.825, 46.755)).toBe('39.82500° N, 46.75500° E');
    expect(formatPosition(-33.9, -18.4)).toBe('33.90000° S, 18.40000° W');
  });
});
