import { geoEqualEarth, geoPath } from 'd3';
import { useEffect, useMemo, useState } from 'react';
import { feature } from 'topojson-client';
import type { FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { numericCountryCode } from '../../core/registry/iso3166.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { needsDetailedBorders } from './map-detail.ts';
import { acknowledgmentGroups, recognitionTerms, verificationLevels, type Act } from './api.ts';

type Mode = 'group' | 'term' | 'verification';
type Countries = FeatureCollection<Geometry, { name: string }>;

const WIDTH = 960;
const HEIGHT = 480;

/** The class an act is drawn with: its first normalised term, or its verification level as recorded. */
export function actClass(act: Act, mode: Mode): string {
  if (mode === 'group') return `ack-${act.group}`;
  return mode === 'term' ? `term-${act.terms[0] ?? 'none'}` : `verif-${act.verification}`;
}

/**
 * A choropleth of recognition acts from world-atlas (loaded on demand), with sub-national bodies as circles at their
 * country's centre. Everything is React-rendered SVG with classes; the table next to it is the accessible equivalent.
 */
export function RecognitionMap({ acts }: { acts: Act[] }) {
  const t = useT();
  // Colour by kind when the acts are of more than one kind; by the term used when they are all recognition acts.
  const [mode, setMode] = useState<Mode>(() => (new Set(acts.map((a) => a.group)).size > 1 ? 'group' : 'term'));
  const [atlas, setAtlas] = useState<{ countries: Countries; detailed: boolean } | null>(null);
  const countries = atlas?.countries ?? null;

  const national = new Map<string, Act>();
  const subNational: Act[] = [];
  let international = 0;
  for (const act of acts) {
    if (!act.jurisdiction) international += 1;
    else if (act.jurisdiction.includes('-')) subNational.push(act);
    else if (!national.has(act.jurisdiction)) national.set(act.jurisdiction, act);
  }
  const byNumeric = new Map<string, Act>();
  for (const [code, act] of national) {
    const numeric = numericCountryCode(code);
    if (numeric) byNumeric.set(numeric, act);
  }
  // The world at 1:110m (38 KB gzip) draws the map; the 1:50m borders (225 KB) load only when an act belongs to a
  // country too small for the coarse one (Andorra, Malta, Singapore...), which took the recognition page's first load
  // past 300 KB for every visitor. A country is then drawn, never dropped.
  const wanted = [...byNumeric.keys(), ...subNational.map((act) => numericCountryCode(act.country ?? '')).filter((code): code is string => Boolean(code))];
  const needsDetail = atlas !== null && !atlas.detailed && needsDetailedBorders(wanted, atlas.countries.features.map((c) => c.id));
  useEffect(() => {
    let current = true;
    const load = needsDetail ? import('world-atlas/countries-50m.json') : atlas ? null : import('world-atlas/countries-110m.json');
    void load?.then((module) => {
      const topology = (module.default ?? module) as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
      if (current) setAtlas({ countries: feature(topology, topology.objects.countries) as Countries, detailed: needsDetail });
    });
    return () => {
      current = false;
    };
    // Loads once at first, and once more if the acts shown need the detailed borders.
  }, [needsDetail]);

  const path = useMemo(() => {
    if (!countries) return null;
    return geoPath(geoEqualEarth().fitSize([WIDTH, HEIGHT], countries));
  }, [countries]);

  const legend: readonly string[] = mode === 'group' ? acknowledgmentGroups : mode === 'term' ? [...recognitionTerms, 'none'] : verificationLevels;
  const legendClass = (key: string) => (mode === 'group' ? `ack-${key}` : mode === 'term' ? `term-${key}` : `verif-${key}`);
  const legendText = (key: string) => (mode === 'group' ? t(`registry.ack.group.${key}` as MessageKey) : mode === 'term' ? t(`registry.term.${key}` as MessageKey) : t(`registry.verification.badge.${key}` as MessageKey));
  const label = (act: Act) => `${act.body.name} (${act.date ?? '?'}) ${t(`registry.ack.kind.${act.kind}` as MessageKey)}${act.term ? `: ${act.term}` : ''} [${t(`registry.verification.badge.${act.verification}` as MessageKey)}]`;

  return (
    <section className="panel recognition-map" aria-labelledby="map-title">
      <h2 id="map-title">{t('registry.map.title')}</h2>
      <p>{t('registry.map.intro')}</p>
      <fieldset className="map-mode">
        <legend>{t('registry.map.colourBy')}</legend>
        <label>
          <input type="radio" name="map-mode" checked={mode === 'group'} onChange={() => setMode('group')} /> {t('registry.map.byKind')}
        </label>
        <label>
          <input type="radio" name="map-mode" checked={mode === 'term'} onChange={() => setMode('term')} /> {t('registry.map.byTerm')}
        </label>
        <label>
          <input type="radio" name="map-mode" checked={mode === 'verification'} onChange={() => setMode('verification')} />{' '}
          {t('registry.map.byVerification')}
        </label>
      </fieldset>
      {countries && path ? (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('registry.map.label', { count: acts.length })} className="map-svg">
          {countries.features.map((country, i) => {
            const act = country.id !== undefined ? byNumeric.get(String(country.id)) : undefined;
            return (
              <path key={`${String(country.id)}-${i}`} d={path(country) ?? ''} className={act ? `map-country has-act ${actClass(act, mode)}` : 'map-country'}>
                {act ? <title>{`${country.properties.name}: ${label(act)}`}</title> : null}
              </path>
            );
          })}
          {subNational.map((act) => {
            const parent = countries.features.find((c) => String(c.id) === numericCountryCode(act.country ?? ''));
            if (!parent) return null;
            // ISO 3166-2 subdivisions have no shapes in world-atlas; the marker sits at the country's centre.
            const [cx, cy] = path.centroid(parent);
            return (
              <circle key={act.id} cx={cx} cy={cy} r={7} className={`map-marker ${actClass(act, mode)}`}>
                <title>{`${act.jurisdiction}: ${label(act)}`}</title>
              </circle>
            );
          })}
        </svg>
      ) : (
        <p role="status">{t('registry.map.loading')}</p>
      )}
      <div className="map-legend" aria-label={t('registry.map.legend')} role="group">
        {legend.map((key) => (
          <span key={key} className="map-legend-item">
            <svg width="14" height="14" aria-hidden="true">
              <rect width="14" height="14" className={`map-swatch ${legendClass(key)}`} />
            </svg>
            {legendText(key)}
          </span>
        ))}
      </div>
      {mode === 'group' ? <p className="cell-sub">{t('registry.ack.note')}</p> : null}
      {international ? <p className="cell-sub">{t('registry.map.international', { count: international })}</p> : null}
    </section>
  );
}
