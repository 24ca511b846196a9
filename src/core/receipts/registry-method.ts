/**
 * A registry figure summary as a receipt method: the casualty figures that published claims attribute to who says
 * them, with the interval each figure allows (core/registry/figures.ts), per claim and per source, recomputed from
 * the registry's import files (sources.csv, actors.csv, events.csv, claims.csv). Every figure stays attributed to a
 * claim: the summary never states a number in Reckon's own voice, and it ranks nothing.
 */
import type { JsonValue } from '../ledger/entry.ts';
import { figureInterval, formatFigure, parseRegistryFiles, type Figure } from '../registry/index.ts';
import type { Scalar } from './format.ts';
import { flattenFigures, type FigureMethod } from './method.ts';

export const REGISTRY_KIND = 'registry-figures';
/** The import files a summary is computed from, in the order the receipt commits to them. */
export const REGISTRY_INPUTS = ['sources.csv', 'actors.csv', 'events.csv', 'claims.csv'] as const;

function figureOut(f: Figure): Record<string, unknown> {
  const interval = figureInterval(f);
  return {
    label: f.label ?? null,
    text: formatFigure(f),
    value: f.value ?? null,
    qualifier: f.value !== undefined ? (f.qualifier ?? 'exact') : null,
    min: f.min ?? null,
    max: f.max ?? null,
    low: interval.low,
    high: interval.high,
    parts: f.breakdown ? { mode: f.breakdown.mode, ...Object.fromEntries(f.breakdown.parts.map((p, i) => [String(i), figureOut(p)])) } : undefined,
  };
}

/** The summary's figures from the import files' texts (by name); throws with the first problem when they do not parse. */
export function registryFigures(files: Record<string, string>, parameters: { event: string | null }): Record<string, Scalar> {
  const parsed = parseRegistryFiles(files);
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new RangeError(`the registry files do not parse: ${errors.slice(0, 3).map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`).join('; ')}`);
  const claims = parsed.dataset.claims.filter((c) => c.kind === 'casualty-figure' && c.published && (parameters.event === null || c.eventId === parameters.event));
  const bySource: Record<string, string> = {};
  for (const c of claims) for (const s of c.sources) bySource[s] = bySource[s] ? `${bySource[s]} ${c.id}` : c.id;
  return flattenFigures({
    claims: claims.length,
    figures: Object.fromEntries(
      claims.map((c) => [c.id, { assertedBy: c.assertedBy, event: c.eventId, date: c.date, sources: c.sources.join(' '), valueText: c.valueText, verification: c.verification, figures: Object.fromEntries(c.figures.map((f, i) => [String(i), figureOut(f)])) }]),
    ),
    bySource,
  });
}

export function registryMethod(): FigureMethod {
  return {
    kind: REGISTRY_KIND,
    inputRoles: [...REGISTRY_INPUTS],
    seeded: false,
    async recompute(inputs, parameters: Record<string, JsonValue>) {
      if (inputs.length !== REGISTRY_INPUTS.length) throw new RangeError(`a registry summary is computed from ${REGISTRY_INPUTS.join(', ')}`);
      const event = parameters.event;
      if (event !== null && typeof event !== 'string') throw new RangeError('parameter "event" must be an event id or null');
      return registryFigures(Object.fromEntries(REGISTRY_INPUTS.map((name, i) => [name, inputs[i].text])), { event });
    },
  };
}
