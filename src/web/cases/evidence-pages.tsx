import type { ReactElement } from 'react';

/**
 * Evidence, matrix and case-file pages (owned by the cases-evidence part of the module): <Route> elements mounted
 * inside the cases module's <Routes>, each with a key, e.g. <Route key="matrix" path="allegations/:id/matrix" … />.
 */
export const evidenceRoutes: ReactElement[] = [];

/** Shown on the allegation page below its elements: the evidence linked to them and a link to the matrix. */
export function AllegationEvidence(_props: { allegationId: string }): ReactElement | null {
  return null;
}
