import { scaleLinear } from 'd3-scale';
import { useT } from '../i18n/I18nProvider.tsx';
import type { Explanation } from './api.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

const ROW = 28;
const WIDTH = 420;
const LABEL = 130;
const VALUE = 56;

export interface Contribution {
  label: string;
  detail: string;
  weight: number;
}

/** The prior and each comparison's log2 Bayes factor, in the order the model adds them up. */
export function contributions(explanation: Explanation, priorLabel: string): Contribution[] {
  return [
    { label: priorLabel, detail: `λ = ${explanation.prior.lambda.toPrecision(3)}`, weight: explanation.prior.log2Odds },
    ...explanation.terms.map((term) => ({ label: term.comparison, detail: term.level, weight: term.log2BayesFactor })),
  ];
}

const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toFixed(2)}`;

/**
 * Which comparisons added match weight and which took it away: a diverging bar per comparison around zero, drawn
 * by React as SVG with classes only (the CSP forbids inline styles). A table below says the same in text.
 */
export function ExplanationChart({ explanation }: { explanation: Explanation }) {
  const t = useT();
  const rows = contributions(explanation, t('casualties.review.prior'));
  const extent = Math.max(1, ...rows.map((r) => Math.abs(r.weight)));
  const x = scaleLinear().domain([-extent, extent]).range([LABEL, WIDTH - VALUE]);
  const height = rows.length * ROW + 8;
  return (
    <figure className="cas-explanation">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby="cas-expl-caption" className="cas-chart">
        <line className="axis" x1={x(0)} x2={x(0)} y1={0} y2={height} />
        {rows.map((r, i) => {
          const y = i * ROW + 4;
          const x0 = x(Math.min(0, r.weight));
          const w = Math.max(1, Math.abs(x(r.weight) - x(0)));
          return (
            <g key={i}>
              <text className="label" x={LABEL - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle">
                {r.label}
              </text>
              <rect className={r.weight >= 0 ? 'bar-for' : 'bar-against'} x={x0} y={y + 4} width={w} height={ROW - 8} />
              <text className="value" x={WIDTH - VALUE + 6} y={y + ROW / 2} dominantBaseline="middle">
                {signed(r.weight)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id="cas-expl-caption">
        {t('casualties.review.explanationCaption', { weight: signed(explanation.matchWeight), probability: (explanation.matchProbability * 100).toFixed(1) })}
      </figcaption>
      <details>
        <summary>{t('casualties.review.explanationTable')}</summary>
        <ScrollRegion label={t('casualties.review.explanationTable')}>
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">{t('casualties.review.comparison')}</th>
                <th scope="col">{t('casualties.review.level')}</th>
                <th scope="col">{t('casualties.review.weight')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <th scope="row">{r.label}</th>
                  <td>{r.detail}</td>
                  <td className="num">{signed(r.weight)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </figure>
  );
}
