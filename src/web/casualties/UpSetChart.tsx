import { scaleLinear } from 'd3-scale';
import { Link } from 'react-router-dom';
import { useT } from '../i18n/I18nProvider.tsx';
import type { RunSource } from './api.ts';
import { HiddenCount, hiddenMark } from './charts.tsx';
import { upsetData } from './upset.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

const COL = 28;
const ROW = 24;
const LABEL = 170;
const SET_BAR = 90;
const TOP = 130;

/**
 * An UpSet chart of the overlap between lists: one column per capture-history pattern (persons on exactly those
 * lists), its size as a bar on top, the lists it contains as filled dots joined by a line beneath, and each list's
 * size as a bar on the left. The table under it links each pattern to its persons.
 */
export function UpSetChart({
  runId,
  sources,
  overlaps,
  listPersons,
  min = 0,
}: {
  runId: string;
  sources: RunSource[];
  overlaps: { pattern: string; persons: number | null }[];
  /** Persons per list from the coverage table (null where hidden). */
  listPersons?: Array<number | null>;
  /** Minimum cell size the counts were published with. */
  min?: number;
}) {
  const t = useT();
  const data = upsetData(overlaps, sources.length, 24, listPersons);
  const n = sources.length;
  const width = SET_BAR + LABEL + Math.max(1, data.columns.length) * COL + 10;
  const height = TOP + n * ROW + 10;
  const maxCol = Math.max(1, ...data.columns.map((c) => c.persons ?? 0));
  const maxSet = Math.max(1, ...data.setSizes.map((s) => s ?? 0));
  const yTop = scaleLinear().domain([0, maxCol]).range([0, TOP - 24]);
  const xSet = scaleLinear().domain([0, maxSet]).range([0, SET_BAR - 8]);
  const cx = (i: number) => SET_BAR + LABEL + i * COL + COL / 2;
  const cy = (j: number) => TOP + j * ROW + ROW / 2;
  const listNames = (members: boolean[]) => sources.filter((_, i) => members[i]).map((s) => s.name).join(' + ');
  return (
    <figure className="cas-figure cas-figure-wide">
      <figcaption id="cas-upset-cap">{t('casualties.stats.upsetCaption')}</figcaption>
      {data.columns.length === 0 ? (
        <p className="muted">{t('casualties.chart.noData')}</p>
      ) : (
        <>
          <svg className="cas-chart cas-upset" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="cas-upset-cap">
            {data.columns.map((c, i) => (
              <g key={c.pattern}>
                {c.persons === null ? null : <rect className="bar" x={cx(i) - COL / 2 + 4} width={COL - 8} y={TOP - 6 - yTop(c.persons)} height={yTop(c.persons)} />}
                <text className="value" x={cx(i)} y={TOP - 10 - yTop(c.persons ?? 0)} textAnchor="middle">
                  {c.persons === null ? hiddenMark(min) : c.persons.toLocaleString()}
                </text>
              </g>
            ))}
            {sources.map((s, j) => (
              <g key={s.id}>
                {j % 2 === 0 ? <rect className="stripe" x={SET_BAR} y={TOP + j * ROW} width={width - SET_BAR} height={ROW} /> : null}
                <rect className="bar set-bar" x={SET_BAR - 4 - xSet(data.setSizes[j] ?? 0)} y={cy(j) - 7} width={xSet(data.setSizes[j] ?? 0)} height={14} />
                <text className="label" x={SET_BAR + LABEL - 8} y={cy(j)} textAnchor="end" dominantBaseline="middle">
                  {s.name.length > 24 ? `${s.name.slice(0, 23)}…` : s.name}
                </text>
              </g>
            ))}
            {data.columns.map((c, i) => {
              const on = c.members.map((m, j) => (m ? j : -1)).filter((j) => j >= 0);
              return (
                <g key={c.pattern}>
                  {on.length > 1 ? <line className="link" x1={cx(i)} x2={cx(i)} y1={cy(on[0])} y2={cy(on[on.length - 1])} /> : null}
                  {c.members.map((m, j) => (
                    <circle key={j} className={m ? 'dot-on' : 'dot-off'} cx={cx(i)} cy={cy(j)} r={6} />
                  ))}
                </g>
              );
            })}
          </svg>
        </>
      )}
      {data.hiddenPatterns > 0 ? (
        <p className="muted">
          {data.hiddenPersons === null
            ? t('casualties.stats.upsetHiddenSome', { patterns: data.hiddenPatterns })
            : t('casualties.stats.upsetHidden', { patterns: data.hiddenPatterns, persons: data.hiddenPersons.toLocaleString() })}
        </p>
      ) : null}
      <details className="cas-chart-data">
        <summary>{t('casualties.chart.data')}</summary>
        <ScrollRegion labelledBy="cas-upset-cap">
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">{t('casualties.stats.pattern')}</th>
                <th scope="col">{t('casualties.stats.onLists')}</th>
                <th scope="col" className="num">
                  {t('casualties.stats.persons')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.columns.map((c) => (
                <tr key={c.pattern}>
                  <th scope="row">
                    <Link to={`/casualties/runs/${encodeURIComponent(runId)}/persons?pattern=${c.pattern}`}>
                      <code>{c.pattern}</code>
                    </Link>
                  </th>
                  <td>{listNames(c.members)}</td>
                  <td className="num">{c.persons === null ? <HiddenCount min={min} /> : c.persons.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </figure>
  );
}
