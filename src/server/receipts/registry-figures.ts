/**
 * The registry's figure summary on the server: its published casualty-figure claims, and only the records they
 * refer to, written as the registry's import files (core/registry/serialize.ts), so the receipt commits to files
 * anyone can download and `reckon receipt verify` recomputes the summary from them (core/receipts/registry-method.ts).
 * Nothing unpublished enters the files: a claim's `contests` keeps only published claims, and only the sources,
 * actors (with the actors above them) and events a published claim names are written.
 */
import { toCsvFiles } from '../../core/registry/index.ts';
import type { RegistryDataset } from '../../core/registry/types.ts';
import { REGISTRY_INPUTS } from '../../core/receipts/index.ts';

export function publishedFigureFiles(dataset: RegistryDataset): Record<(typeof REGISTRY_INPUTS)[number], string> {
  const claims = dataset.claims.filter((c) => c.published);
  const published = new Set(claims.map((c) => c.id));
  const sources = new Set(claims.flatMap((c) => c.sources));
  const actors = new Set(claims.map((c) => c.assertedBy));
  const events = new Set(claims.flatMap((c) => (c.eventId ? [c.eventId] : [])));
  const actorById = new Map(dataset.actors.map((a) => [a.id, a]));
  for (const id of [...actors]) {
    // an actor's parent is part of its record; keep the chain so the files parse on their own
    for (let parent = actorById.get(id)?.parentId ?? null; parent && !actors.has(parent); parent = actorById.get(parent)?.parentId ?? null) actors.add(parent);
  }
  const files = toCsvFiles({
    sources: dataset.sources.filter((s) => sources.has(s.id)),
    actors: dataset.actors.filter((a) => actors.has(a.id)),
    events: dataset.events.filter((e) => events.has(e.id)),
    claims: claims.map((c) => ({ ...c, contests: c.contests.filter((id) => published.has(id)) })),
    recognitionActs: [],
  });
  return Object.fromEntries(REGISTRY_INPUTS.map((name) => [name, files[name]])) as Record<(typeof REGISTRY_INPUTS)[number], string>;
}
