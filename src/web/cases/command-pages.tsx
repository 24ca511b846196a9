import type { ReactElement } from 'react';

/**
 * Chain-of-command pages (owned by the cases-command part of the module): <Route> elements mounted inside the
 * cases module's <Routes>, each with a key, e.g. <Route key="units" path="units/*" element={…} />.
 */
export const commandRoutes: ReactElement[] = [];

/** Shown on the incident page below the allegations: the units present and their commanders then. */
export function IncidentCommand(_props: { incidentId: string }): ReactElement | null {
  return null;
}
