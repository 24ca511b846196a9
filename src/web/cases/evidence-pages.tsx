import type { ReactElement } from 'react';
import { Link, Route } from 'react-router-dom';
import { useT } from '../i18n/I18nProvider.tsx';
import { MatrixPage, MatrixPrintPage } from './matrix-page.tsx';

/**
 * Evidence, matrix and case-file pages (owned by the cases-evidence part of the module): <Route> elements mounted
 * inside the cases module's <Routes>.
 */
export const evidenceRoutes: ReactElement[] = [
  <Route key="matrix" path="allegations/:id/matrix" element={<MatrixPage />} />,
  <Route key="matrix-print" path="allegations/:id/matrix/print" element={<MatrixPrintPage />} />,
];

/** Shown on the allegation page below its elements: a way to its evidence matrix (where evidence is linked). */
export function AllegationEvidence({ allegationId }: { allegationId: string }): ReactElement | null {
  const t = useT();
  return (
    <p>
      <Link to={`/cases/allegations/${encodeURIComponent(allegationId)}/matrix`}>{t('cases.matrix.title')}</Link>
    </p>
  );
}
