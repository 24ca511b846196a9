import { geoMercator, geoPath, type GeoProjection } from 'd3';
import { useEffect, useMemo, useState } from 'react';
import { feature } from 'topojson-client';
import type { FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { Notice } from '../components/Notice.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import type { PlaceKind } from './api.ts';

export interface MapPoint {
  id: string;
  name: string;
  kind: PlaceKind;
  latitude: number;
  longitude: number;
}

export type Countries = FeatureCollection<Geometry, { name: string }>;
/** A country's id and box in degrees (west, south, east, north; west > east when it crosses 180°). */
export type CountryBox = readonly [id: string | null, west: number, south: number, east: number, north: number];
type Box = readonly [west: number, south: number, east: number, north: number];
const WIDTH = 640;
const HEIGHT = 400;
/** Degrees added around the points so a single place, or places close together, still show their surroundings. */
const MARGIN = 0.6;

/** The area the map shows: the points' bounding box widened by a margin, as a GeoJSON polygon to fit. */
export function mapExtent(points: ReadonlyArray<{ latitude: number; longitude: number }>) {
  const lats = points.map((p) => p.latitude);
  const lons = points.map((p) => p.longitude);
  const south = Math.max(-80, Math.min(...lats) - MARGIN);
  const north = Math.min(80, Math.max(...lats) + MARGIN);
  const west = Math.max(-180, Math.min(...lons) - MARGIN);
  const east = Math.min(180, Math.max(...lons) + MARGIN);
  return {
    type: 'Feature' as const,
    properties: {},
    geometry: {
      type: 'MultiPoint' as const,
      coordinates: [
        [west, south],
        [east, north],
        [west, north],
        [east, south],
      ],
    },
  };
}

/** Kilometres a degree of latitude spans (and of longitude at the equator), on the sphere of 6,371 km. */
const KM_PER_DEGREE = 111.2;
/**
 * Natural Earth's 1:110m borders are drawn for maps where a millimetre is 110 km (about 29 km a CSS pixel at 96 dpi)
 * and its 1:50m for 50 km (13 km a pixel); an extent drawn finer than their geometric mean, 20 km a pixel, wants 1:50m.
 */
const COARSE_KM_PER_PIXEL = 20;

/** Whether the points' extent, drawn into the map's frame, is a region (1:50m borders) rather than continents (1:110m). */
export function needsRegionalBorders(points: ReadonlyArray<{ latitude: number; longitude: number }>): boolean {
  const [[west, south], [east, north]] = mapExtent(points).geometry.coordinates;
  const midLatitude = ((south + north) / 2) * (Math.PI / 180);
  const widthKm = (east - west) * KM_PER_DEGREE * Math.cos(midLatitude);
  const heightKm = (north - south) * KM_PER_DEGREE;
  return Math.max(widthKm / (WIDTH - 32), heightKm / (HEIGHT - 32)) < COARSE_KM_PER_PIXEL;
}

/** A box's longitudes as plain intervals: one, or two when it crosses 180°. */
const spans = (west: number, east: number): Array<[number, number]> =>
  west <= east
    ? [[west, east]]
    : [
        [west, 180],
        [-180, east],
      ];

/** The countries (their places in `boxes`) whose boxes meet the view: those a map of it has to draw. */
export function countriesInView(boxes: readonly CountryBox[], [west, south, east, north]: Box): number[] {
  const viewSpans = spans(west, east);
  const found: number[] = [];
  boxes.forEach(([, w, s, e, n], i) => {
    if (n < south || s > north) return;
    if (spans(w, e).some(([a, b]) => viewSpans.some(([c, d]) => a <= d && c <= b))) found.push(i);
  });
  return found;
}

/** What a map drawn with `projection` shows: its frame's corners in degrees, longitudes wrapped into ±180°. */
export function frameBox(projection: GeoProjection): Box {
  const [west, north] = projection.invert!([0, 0])!;
  const [east, south] = projection.invert!([WIDTH, HEIGHT])!;
  if (east - west >= 360) return [-180, south, 180, north];
  const wrap = (lon: number) => ((((lon + 180) % 360) + 360) % 360) - 180;
  return [wrap(west), south, wrap(east), north];
}

/**
 * Places with a position drawn over country borders from world-atlas, which ships with the app: no tile server and no
 * request leaves the instance, so the map works offline. When the borders cannot be loaded the map says so and the
 * table of coordinates below it (always shown, the accessible equivalent) is what remains.
 */
export function PlacesMap({ points }: { points: MapPoint[] }) {
  const t = useT();
  const [countries, setCountries] = useState<Countries | null>(null);
  const [failed, setFailed] = useState(false);
  const projection = useMemo(
    () =>
      points.length
        ? geoMercator().fitExtent(
            [
              [16, 16],
              [WIDTH - 16, HEIGHT - 16],
            ],
            mapExtent(points),
          )
        : null,
    [points],
  );
  // The borders at the scale the extent is drawn at: 1:110m (38 KB gzip) for a view of continents; for a region, where
  // the coarse outline of Armenia is a handful of straight lines, 1:50m, of the countries in view alone (about 20 KB
  // for the South Caucasus where the world's were 225 KB; docs/BENCHMARKS.md).
  const detailed = points.length > 0 && needsRegionalBorders(points);
  const view =
    projection && detailed
      ? frameBox(projection)
          .map((x) => x.toFixed(2))
          .join(',')
      : '';
  useEffect(() => {
    if (!points.length) return;
    let current = true;
    setCountries(null);
    const box = view.split(',').map(Number) as unknown as Box;
    const loading: Promise<Countries> = view
      ? import('./country-borders.ts').then(({ detailedBorders }) => detailedBorders((boxes) => countriesInView(boxes, box)))
      : import('world-atlas/countries-110m.json').then((module) => {
          const topology = (module.default ?? module) as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
          return feature(topology, topology.objects.countries) as Countries;
        });
    loading.then(
      (loaded) => {
        if (current) setCountries(loaded);
      },
      () => {
        if (current) setFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, [points.length, view]);

  if (!points.length) return <p className="muted">{t('missing.mapNone')}</p>;
  if (failed) return <Notice kind="info">{t('missing.mapUnavailable')}</Notice>;
  if (!countries || !projection) return <p role="status">{t('missing.mapLoading')}</p>;
  const path = geoPath(projection);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('missing.mapLabel', { count: points.length })} className="missing-map">
      <rect width={WIDTH} height={HEIGHT} className="missing-map-sea" />
      {countries.features.map((country, i) => (
        <path key={`${String(country.id)}-${i}`} d={path(country) ?? ''} className="missing-map-country" />
      ))}
      {points.map((p) => {
        const xy = projection([p.longitude, p.latitude]);
        if (!xy) return null;
        return (
          <g key={p.id} className={`missing-map-point kind-${p.kind}`} transform={`translate(${xy[0].toFixed(1)} ${xy[1].toFixed(1)})`}>
            {p.kind === 'burial_site' ? <rect x={-6} y={-6} width={12} height={12} /> : <circle r={6} />}
            <title>{`${p.name} (${t(`missing.kind.${p.kind}`)}): ${p.latitude}, ${p.longitude}`}</title>
          </g>
        );
      })}
    </svg>
  );
}
