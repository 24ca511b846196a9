import { describe, expect, it } from 'vitest';
import { checkPinpoint, codePointLength, PinpointError, pinpointLabel, type Pinpoint, type PinpointExtent } from './evidence-pinpoint.ts';

const FILE = '22222222-2222-4222-8222-222222222222';

function refusal(p: Pinpoint, extent: PinpointExtent): { code: string; field: string } {
  try {
    checkPinpoint(p, extent);
  } catch (error) {
    if (error instanceof PinpointError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('accepted');
}

describe('checkPinpoint', () => {
  it('accepts a page inside the document and rounds a page region', () => {
    expect(checkPinpoint({ type: 'page', fileId: FILE, page: 3 }, { pages: 3 })).toEqual({ type: 'page', fileId: FILE, page: 3 });
    expect(checkPinpoint({ type: 'page', fileId: FILE, page: 1, region: { x: 0.123456, y: 0, w: 0.5, h: 1 } }, { pages: 1 })).toEqual({ type: 'page', fileId: FILE, page: 1, region: { x: 0.1235, y: 0, w: 0.5, h: 1 } });
  });

  it('refuses page 0, a page past the end, a fractional page and a region off the page', () => {
    expect(refusal({ type: 'page', fileId: FILE, page: 0 }, { pages: 3 })).toEqual({ code: 'pinpoint_outside', field: 'pinpoint.page' });
    expect(refusal({ type: 'page', fileId: FILE, page: 4 }, { pages: 3 })).toEqual({ code: 'pinpoint_outside', field: 'pinpoint.page' });
    expect(refusal({ type: 'page', fileId: FILE, page: 1.5 }, { pages: 3 }).code).toBe('pinpoint_outside');
    expect(refusal({ type: 'page', fileId: FILE, page: 1, region: { x: 0.6, y: 0, w: 0.5, h: 0.1 } }, { pages: 3 })).toEqual({ code: 'pinpoint_outside', field: 'pinpoint.region' });
    expect(refusal({ type: 'page', fileId: FILE, page: 1, region: { x: -0.1, y: 0, w: 0.5, h: 0.1 } }, { pages: 3 }).field).toBe('pinpoint.region.x');
    expect(refusal({ type: 'page', fileId: FILE, page: 1, region: { x: 0, y: 0, w: 0, h: 0.1 } }, { pages: 3 }).code).toBe('pinpoint_invalid');
    expect(refusal({ type: 'page', fileId: FILE, page: 1, region: { x: Number.NaN, y: 0, w: 0.2, h: 0.1 } }, { pages: 3 }).code).toBe('pinpoint_outside');
  });

  it('refuses a page when the page count is not known yet', () => {
    expect(refusal({ type: 'page', fileId: FILE, page: 1 }, {}).code).toBe('pinpoint_extent_unknown');
  });

  it('checks a time range against the duration', () => {
    expect(checkPinpoint({ type: 'time', fileId: FILE, start: 1.23456, end: 10 }, { durationSeconds: 10 })).toEqual({ type: 'time', fileId: FILE, start: 1.235, end: 10 });
    expect(refusal({ type: 'time', fileId: FILE, start: 5, end: 10.5 }, { durationSeconds: 10 })).toEqual({ code: 'pinpoint_outside', field: 'pinpoint.end' });
    expect(refusal({ type: 'time', fileId: FILE, start: 5, end: 5 }, { durationSeconds: 10 }).code).toBe('pinpoint_invalid');
    expect(refusal({ type: 'time', fileId: FILE, start: -1, end: 5 }, { durationSeconds: 10 }).code).toBe('pinpoint_invalid');
    expect(refusal({ type: 'time', fileId: FILE, start: 0, end: Number.POSITIVE_INFINITY }, { durationSeconds: 10 }).code).toBe('pinpoint_invalid');
  });

  it('checks an image region against the pixel size', () => {
    expect(checkPinpoint({ type: 'region', fileId: FILE, x: 0, y: 0, w: 640, h: 480 }, { width: 640, height: 480 })).toMatchObject({ w: 640, h: 480 });
    expect(refusal({ type: 'region', fileId: FILE, x: 1, y: 0, w: 640, h: 480 }, { width: 640, height: 480 }).code).toBe('pinpoint_outside');
    expect(refusal({ type: 'region', fileId: FILE, x: 0, y: 0, w: 0, h: 4 }, { width: 640, height: 480 }).code).toBe('pinpoint_invalid');
    expect(refusal({ type: 'region', fileId: FILE, x: 0.5, y: 0, w: 4, h: 4 }, { width: 640, height: 480 }).code).toBe('pinpoint_invalid');
    expect(refusal({ type: 'region', fileId: FILE, x: 0, y: 0, w: 4, h: 4 }, { width: 640 }).code).toBe('pinpoint_extent_unknown');
  });

  it('checks a transcript span against the text, counting code points', () => {
    const text = 'Ա😀b';
    expect(codePointLength(text)).toBe(3);
    expect(checkPinpoint({ type: 'span', language: 'hy', start: 0, end: 3 }, { textLength: codePointLength(text) })).toEqual({ type: 'span', language: 'hy', start: 0, end: 3 });
    expect(refusal({ type: 'span', language: 'hy', start: 0, end: 4 }, { textLength: 3 }).code).toBe('pinpoint_outside');
    expect(refusal({ type: 'span', language: 'hy', start: 2, end: 1 }, { textLength: 3 }).code).toBe('pinpoint_invalid');
    expect(refusal({ type: 'span', language: 'ru', start: 0, end: 1 }, {}).code).toBe('pinpoint_extent_unknown');
  });

  it('labels each kind for people', () => {
    expect(pinpointLabel({ type: 'time', fileId: FILE, start: 65, end: 3725 })).toBe('00:01:05–01:02:05');
    expect(pinpointLabel({ type: 'page', fileId: FILE, page: 7 })).toBe('p. 7');
    expect(pinpointLabel({ type: 'span', language: 'az', start: 1, end: 9 })).toBe('chars 1–9 (az)');
    expect(pinpointLabel({ type: 'item' })).toBe('whole item');
  });
});
