import { feature } from 'topojson-client';
import { boxes, loaders } from 'virtual:country-borders';
import type { Countries, CountryBox } from './PlacesMap.tsx';

/**
 * The 1:50m borders of the countries `pick` chooses from their boxes, each country its own chunk (built by
 * scripts/vite-country-borders.ts): a map of one region loads the dozen countries it shows, not the world's 225 KB.
 * Loaded only by the places map, after it has decided a region is shown.
 */
export async function detailedBorders(pick: (boxes: readonly CountryBox[]) => number[]): Promise<Countries> {
  const topologies = await Promise.all(pick(boxes).map((n) => loaders[n]()));
  return {
    type: 'FeatureCollection',
    features: topologies.flatMap(({ default: topology }) => (feature(topology, topology.objects.countries) as Countries).features),
  };
}
