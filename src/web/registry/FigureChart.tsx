import { scaleLinear } from 'd3';
import { useI18n, useT } from '../i18n/I18nProvider.tsx';
import type { Claim } from './api.ts';
import { attributionText, figureInterval, figureText } from './format.ts';

const WIDTH = 760;
const ROW = 46;
const TOP = 8;
const AXIS = 36;
const LEFT = 12;
const RIGHT = 28;

/**
 * Competing casualty figures on one axis, one row per figure, each labelled with who gives it and where. Rendered
 * by React as SVG with classes (no style attributes), so it works under the strict content security policy.
 */
export function FigureChart({ claims }: { claims: Claim[] }) {
  const t = useT();
  const { locale } = useI18n();
  const rows = claims.flatMap((claim) => claim.figures.map((figure, i) => ({ key: `${claim.id}-${i}`, claim, figure, span: figureInterval(figure) })));
  if (rows.length === 0) return null;
  const highest = Math.max(...rows.map((r) => r.span.high ?? r.span.low * 1.3));
  const x = scaleLinear().domain([0, highest]).nice().range([LEFT, WIDTH - RIGHT]);
  const height = TOP + rows.length * ROW + AXIS;
  const axisY = TOP + rows.length * ROW + 4;
  return (
    <figure className="figure-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={t('registry.figures.chartLabel', { count: rows.length })}>
        {x.ticks(6).map((tick) => (
          <g key={tick} transform={`translate(${x(tick)},0)`}>
            <line className="chart-grid" y1={TOP} y2={axisY} />
            <text className="chart-tick" y={axisY + 16} textAnchor="middle">
              {tick.toLocaleString(locale)}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          const y = TOP + i * ROW;
          const barY = y + 28;
          const low = x(row.span.low);
          const high = row.span.high === null ? WIDTH - RIGHT + 14 : x(row.span.high);
          return (
            <g key={row.key} className={`chart-row verif-${row.claim.verification}`}>
              <text className="chart-label" x={LEFT} y={y + 14}>
                {`${figureText(t, { ...row.figure, breakdown: undefined }, locale)} · ${attributionText(t, row.claim.actor.name, row.claim.attributionNote, row.claim.sources, true)}`}
              </text>
              {row.span.point ? (
                <circle className="chart-point" cx={low} cy={barY} r={6} />
              ) : (
                <>
                  <line className="chart-range" x1={low} x2={high} y1={barY} y2={barY} />
                  <line className="chart-cap" x1={low} x2={low} y1={barY - 6} y2={barY + 6} />
                  {row.span.high === null ? (
                    <path className="chart-arrow" d={`M${high - 8},${barY - 6} L${high},${barY} L${high - 8},${barY + 6}`} />
                  ) : (
                    <line className="chart-cap" x1={high} x2={high} y1={barY - 6} y2={barY + 6} />
                  )}
                </>
              )}
            </g>
          );
        })}
        <text className="chart-axis-label" x={WIDTH - RIGHT} y={height - 2} textAnchor="end">
          {t('registry.figures.axis')}
        </text>
      </svg>
    </figure>
  );
}
