import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { numericCountryCode } from '../../core/registry/iso3166.ts';
import { needsDetailedBorders } from './map-detail.ts';

const require = createRequire(import.meta.url);
const ids = (file: string) =>
  (JSON.parse(readFileSync(require.resolve(`world-atlas/${file}`), 'utf8')) as { objects: { countries: { geometries: Array<{ id?: string }> } } }).objects.countries.geometries.map(
    (g) => g.id,
  );

describe('the recognition map loads detailed borders only for a country the coarse map lacks', () => {
  const coarse = ids('countries-110m.json');
  const detailed = ids('countries-50m.json');
  const code = (alpha2: string) => numericCountryCode(alpha2)!;

  it('draws Armenia, Azerbaijan, Türkiye and the United States from the coarse map', () => {
    expect(needsDetailedBorders(['AM', 'AZ', 'TR', 'US'].map(code), coarse)).toBe(false);
    expect(needsDetailedBorders([], coarse)).toBe(false);
  });

  it('loads the detailed borders for Andorra, Malta or Singapore, and they have them', () => {
    for (const small of ['AD', 'MT', 'SG']) {
      expect(needsDetailedBorders([code('AM'), code(small)], coarse), small).toBe(true);
      expect(needsDetailedBorders([code(small)], detailed), small).toBe(false);
    }
  });

  it('ignores shapes without an id and compares ids as text', () => {
    expect(needsDetailedBorders(['051'], [undefined, 51, '051'])).toBe(false);
    expect(needsDetailedBorders(['051'], [undefined, 51])).toBe(true);
  });
});
