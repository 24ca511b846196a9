import { useState } from 'react';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { CommandChart, CommandEntity, CommandRelation } from './command-api.ts';

const BOX_W = 190;
const BOX_H = 44;
const GAP_X = 24;
const GAP_Y = 70;
const PAD = 16;

interface Placed {
  entity: CommandEntity;
  x: number;
  y: number;
}

/**
 * Lays the chart out in rows: units with no superior on top, each subordinate one row below its superior (the
 * lowest row when it has several), and each commander beside the unit it commands in that unit's row.
 */
export function layoutChart(chart: CommandChart): { placed: Map<string, Placed>; width: number; height: number } {
  const depth = new Map<string, number>();
  const subordinate = chart.edges.filter((e) => e.kind === 'subordinate-to');
  for (const root of chart.roots) depth.set(root, 0);
  // Relax depths down the (acyclic) chain; bounded by the number of edges.
  for (let round = 0; round <= subordinate.length; round++) {
    let changed = false;
    for (const e of subordinate) {
      const d = depth.get(e.to);
      if (d !== undefined && (depth.get(e.from) ?? -1) < d + 1) {
        depth.set(e.from, d + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (const e of chart.entities) if (e.kind !== 'person' && e.kind !== 'post' && !depth.has(e.id)) depth.set(e.id, 0);
  const rows: string[][] = [];
  for (const [id, d] of [...depth].sort(([a], [b]) => (a < b ? -1 : 1))) (rows[d] ??= []).push(id);
  const commanders = chart.edges.filter((e) => e.kind === 'commands');
  const placed = new Map<string, Placed>();
  let width = 0;
  rows.forEach((row, d) => {
    const order: string[] = [];
    for (const id of row) {
      order.push(id);
      for (const c of commanders) if (c.to === id && !order.includes(c.from) && !placed.has(c.from)) order.push(c.from);
    }
    order.forEach((id, i) => {
      const entity = chart.entities.find((e) => e.id === id);
      if (entity) placed.set(id, { entity, x: PAD + i * (BOX_W + GAP_X), y: PAD + d * (BOX_H + GAP_Y) });
    });
    width = Math.max(width, PAD * 2 + order.length * (BOX_W + GAP_X) - GAP_X);
  });
  return { placed, width: Math.max(width, 320), height: PAD * 2 + Math.max(rows.length, 1) * (BOX_H + GAP_Y) - GAP_Y };
}

const sourceLine = (r: CommandRelation) => r.sources.map((s) => `${s.publisher}${s.publisher ? ', ' : ''}“${s.title}”${s.date ? ` (${s.date})` : ''}`).join('; ');

/** The chain of command as an SVG graph; every edge can be focused (Tab) or hovered to show its dates and sources. */
export function CommandChartSvg({ chart }: { chart: CommandChart }) {
  const t = useT();
  const [active, setActive] = useState<string | null>(null);
  const { placed, width, height } = layoutChart(chart);
  const shown = chart.edges.find((e) => e.id === active) ?? null;
  const name = (id: string) => placed.get(id)?.entity.name ?? id;
  const describe = (e: CommandRelation) =>
    t(`cases.command.edge.${e.kind}` as MessageKey, { from: name(e.from), to: name(e.to) }) +
    ` (${e.start ?? '…'} – ${e.end ?? '…'}; ${t(`cases.command.certainty.${e.certainty ?? 'possible'}` as MessageKey)})`;
  return (
    <figure className="command-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="group" aria-label={t('cases.command.chartLabel', { count: chart.edges.length })}>
        {chart.edges.map((e) => {
          const a = placed.get(e.from);
          const b = placed.get(e.to);
          if (!a || !b) return null;
          const superiorBelow = e.kind === 'subordinate-to';
          const x1 = a.x + BOX_W / 2;
          const y1 = superiorBelow ? a.y : a.y + BOX_H / 2;
          const x2 = superiorBelow ? b.x + BOX_W / 2 : b.x + BOX_W;
          const y2 = superiorBelow ? b.y + BOX_H : b.y + BOX_H / 2;
          const label = `${describe(e)}. ${t('cases.command.sources', { sources: sourceLine(e) })}`;
          return (
            <g
              key={e.id}
              className={`command-edge command-${e.kind} certainty-${e.certainty ?? 'possible'}${active === e.id ? ' active' : ''}`}
              tabIndex={0}
              role="button"
              aria-label={label}
              data-edge={e.id}
              onMouseEnter={() => setActive(e.id)}
              onFocus={() => setActive(e.id)}
              onClick={() => setActive(e.id)}
            >
              <title>{label}</title>
              <line x1={x1} y1={y1} x2={x2} y2={y2} className="command-hit" />
              <line x1={x1} y1={y1} x2={x2} y2={y2} className="command-line" />
            </g>
          );
        })}
        {[...placed.values()].map(({ entity, x, y }) => (
          <g key={entity.id} className={`command-node command-node-${entity.kind}`} data-entity={entity.id}>
            <rect x={x} y={y} width={BOX_W} height={BOX_H} rx={entity.kind === 'person' ? 22 : 4} />
            <text x={x + 10} y={y + 18}>
              {entity.name.length > 28 ? `${entity.name.slice(0, 27)}…` : entity.name}
            </text>
            <text x={x + 10} y={y + 35} className="command-kind">
              {t(`cases.command.kind.${entity.kind}` as MessageKey)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption aria-live="polite" className="command-edge-detail">
        {shown ? (
          <>
            <strong>{describe(shown)}</strong>
            <br />
            {t('cases.command.sources', { sources: sourceLine(shown) })}
          </>
        ) : (
          t('cases.command.hint')
        )}
      </figcaption>
    </figure>
  );
}
