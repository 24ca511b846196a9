import { scaleLinear } from 'd3-scale';
import { useMemo } from 'react';

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 10, right: 16, bottom: 30, left: 16 };
const BINS = 40;

/** A histogram of posterior draws, rendered by React as SVG (no style attributes, so the strict CSP holds). */
export function PosteriorChart({ draws, observed, label }: { draws: number[]; observed: number; label: string }) {
  const shape = useMemo(() => {
    const lo = Math.min(observed, ...draws);
    const hi = Math.max(...draws);
    const width = Math.max(1, (hi - lo) / BINS);
    const counts = new Array<number>(BINS).fill(0);
    for (const d of draws) counts[Math.min(BINS - 1, Math.floor((d - lo) / width))]++;
    const x = scaleLinear().domain([lo, lo + width * BINS]).range([MARGIN.left, WIDTH - MARGIN.right]);
    const y = scaleLinear().domain([0, Math.max(...counts)]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    return { lo, width, counts, x, y, ticks: x.ticks(5) };
  }, [draws, observed]);
  const { lo, width, counts, x, y, ticks } = shape;
  return (
    <svg className="posterior-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      {counts.map((c, i) => (
        <rect key={i} className="bar" x={x(lo + i * width)} width={Math.max(0, x(lo + (i + 1) * width) - x(lo + i * width) - 1)} y={y(c)} height={y(0) - y(c)} />
      ))}
      <line className="observed" x1={x(observed)} x2={x(observed)} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} />
      <line className="axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={HEIGHT - MARGIN.bottom} y2={HEIGHT - MARGIN.bottom} />
      {ticks.map((tick) => (
        <text key={tick} className="tick" x={x(tick)} y={HEIGHT - 8} textAnchor="middle">
          {tick.toLocaleString()}
        </text>
      ))}
    </svg>
  );
}
