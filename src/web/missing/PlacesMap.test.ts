import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoMercator } from 'd3';
import { feature } from 'topojson-client';
import { describe, expect, it } from 'vitest';
import { countryBoxes, countryTopology } from '../../../scripts/vite-country-borders.ts';
import { countriesInView, frameBox, mapExtent, needsRegionalBorders, type CountryBox } from './PlacesMap.tsx';

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

describe('the countries a map of a region loads', () => {
  const world = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('world-atlas/countries-50m.json'), 'utf8'));
  const boxes = countryBoxes(world);
  const names = (found: number[]) => found.map((i) => world.objects.countries.geometries[i].properties.name as string);
  const caucasus = [
    { latitude: 40.41, longitude: 49.87 },
    { latitude: 39.82, longitude: 46.75 },
    { latitude: 40.18, longitude: 44.51 },
  ];

  it('draws a country from its own chunk exactly as from the whole world', () => {
    const armenia = world.objects.countries.geometries.findIndex((g: { id?: string }) => g.id === '051');
    const alone = countryTopology(world, armenia);
    expect(alone.arcs.length).toBeLessThan(world.arcs.length / 50);
    expect(feature(alone, alone.objects.countries)).toEqual({
      type: 'FeatureCollection',
      features: [feature(world, world.objects.countries.geometries[armenia])],
    });
  });

  it('loads the South Caucasus’s neighbours and not the world: Russia, whose box crosses 180°, is in the frame', () => {
    const view = frameBox(
      geoMercator().fitExtent(
        [
          [16, 16],
          [624, 384],
        ],
        mapExtent(caucasus),
      ),
    );
    const found = names(countriesInView(boxes, view));
    for (const country of ['Azerbaijan', 'Armenia', 'Georgia', 'Iran', 'Turkey', 'Russia']) expect(found).toContain(country);
    // A country's box spans all its parts: France's reaches from French Guiana to Réunion and is loaded here too.
    for (const country of ['Japan', 'Brazil', 'Canada']) expect(found).not.toContain(country);
    expect(found.length).toBeLessThan(20);
  });

  it('meets boxes across 180° on either side', () => {
    const chukotka: CountryBox = ['643', 19.6, 41.1, -169, 81.9];
    expect(countriesInView([chukotka], [170, 60, 179, 70])).toEqual([0]);
    expect(countriesInView([chukotka], [-175, 60, -171, 70])).toEqual([0]);
    expect(countriesInView([chukotka], [-160, 60, -150, 70])).toEqual([]);
    expect(countriesInView([chukotka], [44, 38, 50, 41])).toEqual([]);
    expect(countriesInView([['242', 177, -21, -178, -12]], [175, -20, -175, -10])).toEqual([0]);
  });
});
