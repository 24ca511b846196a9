import { describe, expect, it } from 'vitest';
import { missingAz } from './i18n/az.ts';
import { missingEn } from './i18n/en.ts';
import { missingHy } from './i18n/hy.ts';
import { missingRu } from './i18n/ru.ts';
import { checkReport, LIMITS } from './ReportForms.tsx';

const base = { date: '', source: 'Commission list', note: '', place: '', placeId: '' };

/** The status and sighting forms' checks before sending: each fault on its field, as a key every language has. */
describe('checkReport', () => {
  it('takes a status with a source and a partial date, or no date at all', () => {
    expect(checkReport('status', { ...base, date: '1992' })).toEqual({});
    expect(checkReport('status', { ...base, date: '1992-02' })).toEqual({});
    expect(checkReport('status', { ...base, date: ' 1992-02-26 ' })).toEqual({});
    expect(checkReport('status', base)).toEqual({});
  });

  it('refuses a missing source, a date that does not exist or is not year first, and overlong text', () => {
    expect(checkReport('status', { ...base, source: '   ' })).toEqual({ source: 'missing.report.error.sourceRequired' });
    for (const date of ['1992-02-30', '26.02.1992', '02/1992', 'February 1992', '1992-13', '92']) {
      expect(checkReport('status', { ...base, date }), date).toEqual({ date: 'missing.report.error.date' });
    }
    expect(checkReport('status', { ...base, source: 'x'.repeat(LIMITS.source + 1) })).toEqual({ source: 'missing.report.error.tooLong' });
    expect(checkReport('sighting', { ...base, date: '1992', place: 'y'.repeat(LIMITS.place + 1) })).toEqual({ place: 'missing.report.error.tooLong' });
    expect(checkReport('status', { ...base, note: 'z'.repeat(LIMITS.note + 1) })).toEqual({ note: 'missing.report.error.tooLong' });
  });

  it('refuses text the database cannot store (NUL, a lone surrogate) on the field that holds it', () => {
    expect(checkReport('status', { ...base, source: 'Family\u0000' })).toEqual({ source: 'missing.report.error.text' });
    expect(checkReport('status', { ...base, note: 'half \uD800 a pair' })).toEqual({ note: 'missing.report.error.text' });
    expect(checkReport('sighting', { ...base, place: '\uDC00road' })).toEqual({ place: 'missing.report.error.text' });
    // a whole pair (an emoji) is fine, and so is markup, which React prints as text
    expect(checkReport('status', { ...base, note: '😀 <script>alert(1)</script>' })).toEqual({});
  });

  it('needs a date, a place or a place of interest for a sighting', () => {
    expect(checkReport('sighting', base)).toEqual({ form: 'missing.report.error.sightingEmpty' });
    expect(checkReport('sighting', { ...base, place: '  ' })).toEqual({ form: 'missing.report.error.sightingEmpty' });
    expect(checkReport('sighting', { ...base, place: 'the road to Ağdam' })).toEqual({});
    expect(checkReport('sighting', { ...base, placeId: '6f1c1f9e-2a8e-4a44-9d7a-3b0f0b7f3c11' })).toEqual({});
    expect(checkReport('sighting', { ...base, date: '1992-02-26' })).toEqual({});
  });

  it('has every message of the forms in the four languages, each translated', () => {
    const keys = Object.keys(missingEn).filter((k) => k.startsWith('missing.report.'));
    expect(keys.length).toBeGreaterThan(20);
    for (const catalogue of [missingAz, missingHy, missingRu]) {
      for (const key of keys) {
        const text = (catalogue as Record<string, string>)[key];
        expect(text, key).toBeTruthy();
        expect(text, key).not.toBe((missingEn as Record<string, string>)[key]);
      }
    }
  });
});
