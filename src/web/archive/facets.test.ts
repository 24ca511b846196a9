import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../i18n/en.ts';
import { displayName, facetLabel } from './facets.ts';

const t = (key: MessageKey) => `«${key}»`;

describe('archive facet labels', () => {
  it('names languages and countries in the reader’s language instead of codes', () => {
    expect(facetLabel(t, 'en', 'language', 'az')).toBe('Azerbaijani');
    expect(facetLabel(t, 'ru', 'language', 'hy')).toBe('Армянский');
    expect(facetLabel(t, 'hy', 'country', 'am')).toBe('Հայաստան');
    expect(facetLabel(t, 'az-Latn', 'country', 'AZ')).toBe('Azərbaycan');
  });

  it('uses the message catalogue for kinds, confidentiality and extraction states, and leaves years alone', () => {
    expect(facetLabel(t, 'en', 'kind', 'image')).toBe('«archive.kind.image»');
    expect(facetLabel(t, 'en', 'confidentiality', 'public')).toBe('«archive.conf.public»');
    expect(facetLabel(t, 'en', 'extractionState', 'failed')).toBe('«archive.extraction.failed»');
    expect(facetLabel(t, 'en', 'year', '1992')).toBe('1992');
  });

  it('shows an unknown, malformed or hostile code as it is, never throwing', () => {
    expect(displayName('en', 'language', 'qqq')).toBe('qqq');
    expect(displayName('en', 'language', '<script>')).toBe('<script>');
    expect(displayName('en', 'region', '\u0000x')).toBe('\u0000x');
    expect(displayName('en', 'language', '\ud800')).toBe('\ud800');
    expect(displayName('en', 'region', '../..')).toBe('../..');
  });
});
