import { scaleBand, scaleLinear } from 'd3-scale';
import { useId } from 'react';
import { useT } from '../i18n/I18nProvider.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

/**
 * Small charts drawn by React as SVG with classes and SVG attributes only (the CSP forbids style attributes). Each
 * is a figure whose caption names it, and each has its data as a table in a <details> beneath, for screen readers
 * and for anyone who wants the numbers.
 */
export interface Bar {
  key: string;
  label: string;
  /** 0 for a hidden count (drawn as no bar), with `hidden` set. */
  value: number;
  hidden?: boolean;
}

const fmt = (n: number) => n.toLocaleString();

/** How a count hidden by small-cell suppression is written: the same for every hidden count, whatever the reason. */
export const hiddenMark = (min: number) => `< ${min}*`;

/** A hidden count in a table, named for screen readers and on hover. */
export function HiddenCount({ min }: { min: number }) {
  const t = useT();
  return (
    <abbr className="cas-hidden" title={t('casualties.stats.hiddenTitle', { min })}>
      {hiddenMark(min)}
    </abbr>
  );
}

/** Bars from counts that may be hidden. */
export function barsOf(rows: ReadonlyArray<{ key: string; persons: number | null }>, label: (key: string) => string): Bar[] {
  return rows.map((r) => ({ key: r.key, label: label(r.key), value: r.persons ?? 0, hidden: r.persons === null }));
}

function Value({ bar, format, min }: { bar: Bar; format: (n: number) => string; min: number }) {
  return bar.hidden ? <HiddenCount min={min} /> : <>{format(bar.value)}</>;
}

function DataTable({ bars, labelHeader, valueHeader, min, labelledBy }: { bars: Bar[]; labelHeader: string; valueHeader: string; min: number; labelledBy: string }) {
  const t = useT();
  return (
    <details className="cas-chart-data">
      <summary>{t('casualties.chart.data')}</summary>
      <ScrollRegion labelledBy={labelledBy}>
        <table className="dense">
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              <th scope="col" className="num">
                {valueHeader}
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.key}>
                <th scope="row">{b.label}</th>
                <td className="num">
                  <Value bar={b} format={fmt} min={min} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </details>
  );
}

/** Horizontal bars, one per category, labelled on the left and valued on the right. */
export function HBarChart({
  title,
  bars,
  labelHeader,
  valueHeader,
  format = fmt,
  min = 0,
}: {
  title: string;
  bars: Bar[];
  labelHeader: string;
  valueHeader: string;
  format?: (n: number) => string;
  /** Minimum cell size the counts were published with (for the mark of hidden ones). */
  min?: number;
}) {
  const id = useId();
  const t = useT();
  const ROW = 24;
  const WIDTH = 480;
  const LABEL = 150;
  const VALUE = 70;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const x = scaleLinear().domain([0, max]).range([0, WIDTH - LABEL - VALUE]);
  const height = Math.max(ROW, bars.length * ROW) + 4;
  return (
    <figure className="cas-figure">
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="muted">{t('casualties.chart.noData')}</p>
      ) : (
        <svg className="cas-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-cap`}>
          {bars.map((b, i) => (
            <g key={b.key}>
              <text className="label" x={LABEL - 6} y={i * ROW + ROW / 2 + 2} textAnchor="end" dominantBaseline="middle">
                {b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}
              </text>
              {b.hidden ? null : <rect className="bar" x={LABEL} y={i * ROW + 5} width={Math.max(1, x(b.value))} height={ROW - 8} />}
              <text className="value" x={LABEL + x(b.value) + 4} y={i * ROW + ROW / 2 + 2} dominantBaseline="middle">
                {b.hidden ? hiddenMark(min) : format(b.value)}
              </text>
            </g>
          ))}
        </svg>
      )}
      <DataTable bars={bars} labelHeader={labelHeader} valueHeader={valueHeader} min={min} labelledBy={`${id}-cap`} />
    </figure>
  );
}

/** Vertical bars in time order (a timeline of deaths by day or month), with a handful of labelled ticks. */
export function TimelineChart({ title, bars, labelHeader, valueHeader, min = 0 }: { title: string; bars: Bar[]; labelHeader: string; valueHeader: string; min?: number }) {
  const id = useId();
  const t = useT();
  const WIDTH = 640;
  const HEIGHT = 200;
  const M = { top: 10, right: 10, bottom: 28, left: 44 };
  const x = scaleBand<string>().domain(bars.map((b) => b.key)).range([M.left, WIDTH - M.right]).paddingInner(0.15);
  const y = scaleLinear().domain([0, Math.max(1, ...bars.map((b) => b.value))]).nice().range([HEIGHT - M.bottom, M.top]);
  const every = Math.max(1, Math.ceil(bars.length / 6));
  return (
    <figure className="cas-figure cas-figure-wide">
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="muted">{t('casualties.chart.noData')}</p>
      ) : (
        <svg className="cas-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-cap`}>
          {y.ticks(4).map((tick) => (
            <g key={tick}>
              <line className="grid" x1={M.left} x2={WIDTH - M.right} y1={y(tick)} y2={y(tick)} />
              <text className="tick" x={M.left - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle">
                {fmt(tick)}
              </text>
            </g>
          ))}
          {bars.map((b) => (
            <rect key={b.key} className="bar" x={x(b.key)} width={x.bandwidth()} y={y(b.value)} height={y(0) - y(b.value)} />
          ))}
          <line className="axis" x1={M.left} x2={WIDTH - M.right} y1={y(0)} y2={y(0)} />
          {bars.map((b, i) =>
            i % every === 0 ? (
              <text key={b.key} className="tick" x={(x(b.key) ?? 0) + x.bandwidth() / 2} y={HEIGHT - 8} textAnchor="middle">
                {b.label}
              </text>
            ) : null,
          )}
        </svg>
      )}
      <DataTable bars={bars} labelHeader={labelHeader} valueHeader={valueHeader} min={min} labelledBy={`${id}-cap`} />
    </figure>
  );
}
