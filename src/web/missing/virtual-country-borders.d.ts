/** The index of the 1:50m borders, one country a chunk: written at build time by scripts/vite-country-borders.ts. */
declare module 'virtual:country-borders' {
  import type { GeometryCollection, Topology } from 'topojson-specification';
  /** Per country, in world-atlas's order: its id (ISO 3166-1 numeric, null for a few) and its box in degrees. */
  export const boxes: ReadonlyArray<[id: string | null, west: number, south: number, east: number, north: number]>;
  /** Per country, the same order: its topology alone. */
  export const loaders: ReadonlyArray<() => Promise<{ default: Topology<{ countries: GeometryCollection<{ name: string }> }> }>>;
}
