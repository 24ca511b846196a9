import { useI18n } from '../i18n/I18nProvider.tsx';
import { usePluralT } from './plural.ts';
import type { DialogueReport } from './api.ts';
import { groupLabel } from './groups.ts';

const WIDTH = 480;
const HEIGHT = 360;
const PAD = 16;

/** A marker shape per group, so groups differ by more than colour; `k` scales it (several people at one spot). */
function Marker({ group, x, y, n }: { group: number | null; x: number; y: number; n?: number }) {
  const shape = group === null ? -1 : group % 5;
  const cls = group === null ? 'map-point map-unclustered' : `map-point map-group-${group % 8}`;
  const h = 4.5 * Math.min(4, Math.sqrt(n ?? 1));
  // data-people: how many participants the mark stands for (tests and anyone reading the SVG)
  const people = n === undefined ? {} : { 'data-people': n };
  if (shape === 1) return <rect {...people} className={cls} x={x - 0.8 * h} y={y - 0.8 * h} width={1.6 * h} height={1.6 * h} />;
  if (shape === 2) return <path {...people} className={cls} d={`M${x},${y - h}L${x + h},${y + 0.8 * h}L${x - h},${y + 0.8 * h}Z`} />;
  if (shape === 3) return <path {...people} className={cls} d={`M${x},${y - h}L${x + h},${y}L${x},${y + h}L${x - h},${y}Z`} />;
  if (shape === 4) return <path {...people} className={cls} d={`M${x - h},${y - 0.35 * h}h${2 * h}v${0.7 * h}h${-2 * h}ZM${x - 0.35 * h},${y - h}h${0.7 * h}v${2 * h}h${-0.7 * h}Z`} />;
  return <circle {...people} className={cls} cx={x} cy={y} r={group === null ? 0.6 * h : 0.9 * h} />;
}

/**
 * People who voted exactly alike land on the same spot; drawn one over another they would look like one person.
 * Points within a pixel are drawn once, with an area that grows with how many people are there.
 */
function gather(points: [number, number][]): { x: number; y: number; n: number }[] {
  const spots = new Map<string, { x: number; y: number; n: number }>();
  for (const [x, y] of points) {
    const key = `${Math.round(x)},${Math.round(y)}`;
    const spot = spots.get(key);
    if (spot) spot.n += 1;
    else spots.set(key, { x, y, n: 1 });
  }
  return [...spots.values()].sort((a, b) => b.n - a.n);
}

/**
 * The opinion map: every participant the analysis placed, as a point on the first two principal components,
 * marked by opinion group. Points carry no identity; the axes have no meaning of their own (only distance does), so
 * they are not labelled with numbers.
 */
export function OpinionMap({ report }: { report: DialogueReport }) {
  const { t } = useI18n();
  const tp = usePluralT();
  const all = report.map.flatMap((series) => series.points);
  if (all.length === 0) return <p>{t('dialogue.report.mapEmpty')}</p>;
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of all) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  // one scale for both axes, so distances on the map mean the same in every direction
  const span = Math.max(maxX - minX, maxY - minY, 1e-9);
  const scale = Math.min(WIDTH - 2 * PAD, HEIGHT - 2 * PAD) / span;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const sx = (x: number) => WIDTH / 2 + (x - cx) * scale;
  const sy = (y: number) => HEIGHT / 2 - (y - cy) * scale;

  const described = report.groups.map((g) => t('dialogue.report.mapGroup', { group: groupLabel(g.id), count: g.size })).join('; ');
  const unplaced = report.map.filter((s) => s.group === null).reduce((sum, s) => sum + s.points.length, 0);
  return (
    <figure className="dialogue-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="dialogue-map-title dialogue-map-desc" preserveAspectRatio="xMidYMid meet">
        <title id="dialogue-map-title">{t('dialogue.report.mapTitle')}</title>
        <desc id="dialogue-map-desc">{tp('dialogue.report.mapDesc', { count: all.length, groups: described, other: unplaced })}</desc>
        <rect className="map-frame" x={0.5} y={0.5} width={WIDTH - 1} height={HEIGHT - 1} />
        <line className="map-axis" x1={PAD} x2={WIDTH - PAD} y1={sy(0)} y2={sy(0)} />
        <line className="map-axis" y1={PAD} y2={HEIGHT - PAD} x1={sx(0)} x2={sx(0)} />
        {/* people outside a reported group first, so the groups' marks are drawn over them */}
        {[...report.map].sort((a, b) => (a.group === null ? -1 : 0) - (b.group === null ? -1 : 0)).map((series) =>
          gather(series.points.map(([x, y]) => [sx(x), sy(y)])).map((spot, index) => (
            <Marker key={`${series.group ?? 'n'}-${index}`} group={series.group} x={spot.x} y={spot.y} n={spot.n} />
          )),
        )}
      </svg>
      <figcaption>
        <ul className="dialogue-legend">
          {report.groups.map((g) => (
            <li key={g.id}>
              <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
                <Marker group={g.id} x={6} y={6} />
              </svg>{' '}
              {tp('dialogue.report.groupSize', { group: groupLabel(g.id), count: g.size })}
            </li>
          ))}
          {unplaced > 0 ? (
            <li>
              <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
                <Marker group={null} x={6} y={6} />
              </svg>{' '}
              {t('dialogue.report.unplaced', { count: unplaced })}
            </li>
          ) : null}
        </ul>
        <p className="cell-sub">{t('dialogue.report.mapHint')}</p>
      </figcaption>
    </figure>
  );
}
