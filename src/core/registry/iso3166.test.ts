import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { countryCodes, isCountryCode, jurisdictionCountry, numericCountryCode, parseSubdivisionCode } from './iso3166.ts';

describe('ISO 3166', () => {
  it('knows the officially assigned alpha-2 codes and refuses others', () => {
    expect(countryCodes).toHaveLength(250);
    for (const code of ['AZ', 'AM', 'GB', 'MX', 'DJ', 'PS', 'XK']) expect(isCountryCode(code)).toBe(true);
    for (const code of ['UK', 'EU', 'az', 'ZZ', 'AZE', '', '__proto__', 'constructor']) expect(isCountryCode(code)).toBe(false);
  });

  it('checks subdivision codes for shape and country', () => {
    expect(parseSubdivisionCode('GB-SCT')).toEqual({ country: 'GB', suffix: 'SCT' });
    expect(parseSubdivisionCode('ZZ-SCT')).toBeNull();
    expect(parseSubdivisionCode('GB-SCOT')).toBeNull();
    expect(parseSubdivisionCode('gb-sct')).toBeNull();
    expect(jurisdictionCountry('GB-SCT')).toBe('GB');
    expect(jurisdictionCountry('MX')).toBe('MX');
    expect(jurisdictionCountry('Mexico')).toBeNull();
  });

  it('maps to the numeric ids world-atlas uses, and names agree with its country names', () => {
    const require = createRequire(import.meta.url);
    const atlas = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as {
      objects: { countries: { geometries: { id?: string; properties: { name: string } }[] } };
    };
    const names = new Map(atlas.objects.countries.geometries.map((g) => [g.id, g.properties.name]));
    expect(names.get(numericCountryCode('AZ')!)).toBe('Azerbaijan');
    expect(names.get(numericCountryCode('GB')!)).toBe('United Kingdom');
    expect(names.get(numericCountryCode('DJ')!)).toBe('Djibouti');
    expect(names.get(numericCountryCode('BA')!)).toBe('Bosnia and Herz.');
    // every atlas feature with an id is reachable from some alpha-2 code
    const reachable = new Set(countryCodes.map(numericCountryCode));
    const unreachable = [...names.keys()].filter((id) => id !== undefined && !reachable.has(id));
    expect(unreachable).toEqual([]);
  });
});
