/**
 * Opinion groups are named by letter (A, B, C…) as Pol.is does: a number from the analysis, never a name that could
 * be read as a community or a side.
 */
export { groupLabel } from '../../core/dialogue/agreement.ts';

/** A share (0–1) as a whole percentage for display. */
export function percent(share: number): number {
  return Math.round(Math.max(0, Math.min(1, share)) * 100);
}

/** The heat-map class for an agreement share: ten steps, so the colour encodes the same figure as the text. */
export function heatClass(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return 'heat-none';
  return `heat-${Math.min(9, Math.floor(Math.max(0, share) * 10))}`;
}
