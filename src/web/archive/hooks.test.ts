import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { errorField, formatBytes } from './hooks.ts';
import { previewKind } from './Preview.tsx';

describe('archive page helpers', () => {
  it('finds the field an API validation error names, from details.field or a zod issue path', () => {
    expect(errorField(new ApiError(400, 'invalid_country', 'place.country: "ZZ" is not…', { field: 'place.country' }))).toBe('place.country');
    expect(errorField(new ApiError(400, 'invalid_request', 'body place.latitude: …', { issues: [{ where: 'body', path: 'place.latitude', message: 'x' }] }))).toBe('place.latitude');
    // not a validation error, or no field: the form shows the message as a whole
    expect(errorField(new ApiError(409, 'term_exists', 'exists', { field: 'term' }))).toBeNull();
    expect(errorField(new ApiError(400, 'invalid', 'x', null))).toBeNull();
    expect(errorField(new Error('boom'))).toBeNull();
  });

  it('chooses previews by the sniffed type only, never SVG or HTML', () => {
    expect(previewKind('image/png')).toBe('image');
    expect(previewKind('image/svg+xml')).toBeNull();
    expect(previewKind('text/html')).toBeNull();
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('text/plain')).toBe('text');
    expect(previewKind('video/mp4')).toBe('video');
    expect(previewKind('audio/mpeg')).toBe('audio');
    expect(previewKind(null)).toBeNull();
  });

  it('writes sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GiB');
  });
});
