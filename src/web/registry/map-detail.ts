/**
 * Whether the coarse world map (world-atlas at 1:110m) lacks a country the acts shown belong to, so that the detailed
 * borders (1:50m, six times the weight) must load: a country with an act is drawn, never dropped.
 */
export function needsDetailedBorders(wanted: Iterable<string>, drawn: Iterable<string | number | undefined>): boolean {
  const ids = new Set<string>();
  for (const id of drawn) if (id !== undefined) ids.add(String(id));
  for (const code of wanted) if (!ids.has(code)) return true;
  return false;
}
