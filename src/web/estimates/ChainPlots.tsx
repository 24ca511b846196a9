import { scaleLinear } from 'd3-scale';
import { useMemo } from 'react';

const WIDTH = 640;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 16, bottom: 30, left: 56 };
const BINS = 40;
/** Chains are told apart by class (colour in the stylesheet) and by dash pattern, so the plots read in grey too. */
const DASHES = ['', '6 3', '2 3', '10 3 2 3', '1 2', '8 2', '4 4', '12 4'];

function range(chains: number[][]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of chains) for (const x of c) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

function Legend({ chains, chainLabel }: { chains: number; chainLabel: (n: number) => string }) {
  return (
    <ul className="chain-legend">
      {Array.from({ length: chains }, (_, c) => (
        <li key={c}>
          <svg viewBox="0 0 30 10" width="30" height="10" aria-hidden="true">
            <line className={`chain chain-${c % DASHES.length}`} x1={0} x2={30} y1={5} y2={5} strokeDasharray={DASHES[c % DASHES.length]} />
          </svg>{' '}
          {chainLabel(c + 1)}
        </li>
      ))}
    </ul>
  );
}

/** Each chain's kept draws of N in order: converged chains overlap and wander around one level. SVG by React. */
export function TracePlot({ chains, label, chainLabel }: { chains: number[][]; label: string; chainLabel: (n: number) => string }) {
  const shape = useMemo(() => {
    const [lo, hi] = range(chains);
    const length = Math.max(...chains.map((c) => c.length));
    const x = scaleLinear().domain([0, Math.max(1, length - 1)]).range([MARGIN.left, WIDTH - MARGIN.right]);
    const y = scaleLinear().domain([lo, hi]).range([HEIGHT - MARGIN.bottom, MARGIN.top]).nice();
    // At most ~600 points per line: enough to show mixing, light enough for a page.
    const step = Math.max(1, Math.floor(length / 600));
    const paths = chains.map((c) => {
      let d = '';
      for (let i = 0; i < c.length; i += step) d += `${d ? 'L' : 'M'}${x(i).toFixed(1)},${y(c[i]).toFixed(1)}`;
      return d;
    });
    return { paths, y, x, length };
  }, [chains]);
  return (
    <figure className="chain-plot">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        {shape.paths.map((d, c) => (
          <path key={c} className={`chain chain-${c % DASHES.length}`} d={d} strokeDasharray={DASHES[c % DASHES.length]} />
        ))}
        <line className="axis" x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} />
        {shape.y.ticks(4).map((tick) => (
          <text key={tick} className="tick" x={MARGIN.left - 4} y={shape.y(tick) + 4} textAnchor="end">
            {tick.toLocaleString()}
          </text>
        ))}
        {shape.x.ticks(5).map((tick) => (
          <text key={tick} className="tick" x={shape.x(tick)} y={HEIGHT - 8} textAnchor="middle">
            {(tick + 1).toLocaleString()}
          </text>
        ))}
      </svg>
      <Legend chains={chains.length} chainLabel={chainLabel} />
    </figure>
  );
}

/** Each chain's distribution of N as a frequency polygon on shared bins: converged chains lie on top of each other. */
export function DensityPlot({ chains, observed, label, chainLabel }: { chains: number[][]; observed: number; label: string; chainLabel: (n: number) => string }) {
  const shape = useMemo(() => {
    const [lo0, hi] = range(chains);
    const lo = Math.min(lo0, observed);
    const width = Math.max(1e-9, (hi - lo) / BINS);
    const shares = chains.map((c) => {
      const counts = new Array<number>(BINS).fill(0);
      for (const v of c) counts[Math.min(BINS - 1, Math.floor((v - lo) / width))]++;
      return counts.map((n) => n / Math.max(1, c.length));
    });
    const x = scaleLinear().domain([lo, lo + width * BINS]).range([MARGIN.left, WIDTH - MARGIN.right]);
    const y = scaleLinear().domain([0, Math.max(1e-9, ...shares.flat())]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    const paths = shares.map((row) => row.map((p, i) => `${i ? 'L' : 'M'}${x(lo + (i + 0.5) * width).toFixed(1)},${y(p).toFixed(1)}`).join(''));
    return { paths, x, y };
  }, [chains, observed]);
  return (
    <figure className="chain-plot">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        {shape.paths.map((d, c) => (
          <path key={c} className={`chain chain-${c % DASHES.length}`} d={d} strokeDasharray={DASHES[c % DASHES.length]} />
        ))}
        <line className="observed" x1={shape.x(observed)} x2={shape.x(observed)} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} />
        <line className="axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={HEIGHT - MARGIN.bottom} y2={HEIGHT - MARGIN.bottom} />
        {shape.x.ticks(5).map((tick) => (
          <text key={tick} className="tick" x={shape.x(tick)} y={HEIGHT - 8} textAnchor="middle">
            {tick.toLocaleString()}
          </text>
        ))}
      </svg>
      <Legend chains={chains.length} chainLabel={chainLabel} />
    </figure>
  );
}
