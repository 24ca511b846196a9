import { describe, expect, it } from 'vitest';
import { needsRegionalBorders } from './PlacesMap.tsx';

describe('the borders a places map draws', () => {
  it('draws a region (places in the South Caucasus) with the 1:50m borders', () => {
    expect(needsRegionalBorders([{ latitude: 39.82, longitude: 46.75 }])).toBe(true);
    expect(
      needsRegionalBorders([
        { latitude: 40.41, longitude: 49.87 },
        { latitude: 40.18, longitude: 44.51 },
        { latitude: 41.72, longitude: 44.79 },
      ]),
    ).toBe(true);
  });

  it('draws the world (places from Guatemala to Rwanda) with the 1:110m borders, and half of it (Bosnia to Cambodia, 14 km a pixel) with the 1:50m', () => {
    expect(
      needsRegionalBorders([
        { latitude: 43.86, longitude: 18.41 },
        { latitude: 11.56, longitude: 104.92 },
      ]),
    ).toBe(true);
    expect(
      needsRegionalBorders([
        { latitude: -1.94, longitude: 30.06 },
        { latitude: 14.6, longitude: -90.5 },
      ]),
    ).toBe(false);
  });

  it('holds at the extent’s edges: near a pole the extent is clamped, across the map the coarse borders suffice', () => {
    expect(needsRegionalBorders([{ latitude: 89, longitude: 0 }])).toBe(true);
    expect(
      needsRegionalBorders([
        { latitude: -60, longitude: -179 },
        { latitude: 70, longitude: 179 },
      ]),
    ).toBe(false);
  });
});
