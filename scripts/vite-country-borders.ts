import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoBounds } from 'd3';
import { feature } from 'topojson-client';
import type { Plugin } from 'vite';
import type { GeometryCollection, Polygon, MultiPolygon, Topology } from 'topojson-specification';

/**
 * Natural Earth's 1:50m country borders (world-atlas) one country to a chunk, so that a map of one region loads the
 * few countries it shows instead of the whole world's 225 KB (gzip): the places map of a region in the South Caucasus
 * draws about ten of them. `virtual:country-borders` is the index, each country's bounding box in degrees beside a
 * loader of `virtual:country-borders/border-<n>`, a TopoJSON topology of that country alone (its arcs, renumbered; the
 * world's quantisation kept, so a border drawn from it is the one the whole file draws). src/web/missing/country-borders.ts
 * reads it.
 */
export const INDEX_ID = 'virtual:country-borders';
const COUNTRY_PREFIX = `${INDEX_ID}/border-`;

type Countries = Topology<{ countries: GeometryCollection<{ name: string }> }>;
type Shape = Polygon<{ name: string }> | MultiPolygon<{ name: string }>;

/** The index's entry for a country: its world-atlas id (ISO 3166-1 numeric, absent for a few) and its box. */
export type CountryBox = [id: string | null, west: number, south: number, east: number, north: number];

/** A topology of one country of `world`: only the arcs its rings use, numbered from 0 in the order first used. */
export function countryTopology(world: Countries, index: number): Countries {
  const geometry = world.objects.countries.geometries[index] as Shape & { id?: string; properties: { name: string } };
  const renumbered = new Map<number, number>();
  const arcs: Countries['arcs'] = [];
  // A negative arc index ~i is arc i reversed (TopoJSON); the reversal is kept on the new number.
  const take = (arc: number) => {
    const own = arc < 0 ? ~arc : arc;
    let next = renumbered.get(own);
    if (next === undefined) {
      renumbered.set(own, (next = arcs.length));
      arcs.push(world.arcs[own]);
    }
    return arc < 0 ? ~next : next;
  };
  const rings = (polygon: number[][]) => polygon.map((ring) => ring.map(take));
  const shape: Shape =
    geometry.type === 'Polygon'
      ? { type: 'Polygon', arcs: rings(geometry.arcs), id: geometry.id, properties: geometry.properties }
      : { type: 'MultiPolygon', arcs: geometry.arcs.map(rings), id: geometry.id, properties: geometry.properties };
  return { type: 'Topology', transform: world.transform, arcs, objects: { countries: { type: 'GeometryCollection', geometries: [shape] } } };
}

/** Each country's bounding box, rounded outwards to a hundredth of a degree; west > east when it crosses 180°. */
export function countryBoxes(world: Countries): CountryBox[] {
  return world.objects.countries.geometries.map((geometry, index) => {
    const own = countryTopology(world, index);
    const [[west, south], [east, north]] = geoBounds(feature(own, own.objects.countries));
    const down = (x: number) => Math.floor(x * 100) / 100;
    const up = (x: number) => Math.ceil(x * 100) / 100;
    return [(geometry as { id?: string }).id ?? null, down(west), down(south), up(east), up(north)];
  });
}

export function countryBorders(): Plugin {
  let world: Countries | undefined;
  const load = () => (world ??= JSON.parse(readFileSync(createRequire(import.meta.url).resolve('world-atlas/countries-50m.json'), 'utf8')) as Countries);
  return {
    name: 'reckon-country-borders',
    resolveId(id) {
      return id === INDEX_ID || id.startsWith(COUNTRY_PREFIX) ? `\0${id}` : null;
    },
    load(id) {
      if (id === `\0${INDEX_ID}`) {
        const boxes = countryBoxes(load());
        const loaders = boxes.map((_, n) => `() => import(${JSON.stringify(COUNTRY_PREFIX + n)})`);
        return `export const boxes = ${JSON.stringify(boxes)};\nexport const loaders = [${loaders.join(',')}];\n`;
      }
      if (id.startsWith(`\0${COUNTRY_PREFIX}`)) {
        const n = Number(id.slice(COUNTRY_PREFIX.length + 1));
        const geometries = load().objects.countries.geometries;
        if (!Number.isInteger(n) || n < 0 || n >= geometries.length) this.error(`no country ${id.slice(1)} in the 1:50m borders`);
        return `export default ${JSON.stringify(countryTopology(load(), n))};\n`;
      }
      return null;
    },
  };
}
