import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { useT } from '../i18n/I18nProvider.tsx';
import { withCatalogues } from '../i18n/languages.ts';
import { ClaimsPage } from './ClaimsPage.tsx';
import { ContestedPage } from './ContestedPage.tsx';
import { CountryPage } from './CountryPage.tsx';
import { ImportPage } from './ImportPage.tsx';
import { OverviewPage } from './OverviewPage.tsx';
import { RecognitionPage } from './RecognitionPage.tsx';
import { RecordsPage } from './RecordsPage.tsx';
import './registry.css';

// A claim's page shows the dialogue's agreement on it and an event's page a receipt: their words load with those
// pages, not with the claims list every visitor opens first (its first-load budget, docs/web.md).
const ClaimPage = lazy(() => withCatalogues(['dialogue', 'receipts'], () => import('./ClaimPage.tsx')).then((m) => ({ default: m.ClaimPage })));
const EventPage = lazy(() => withCatalogues(['receipts'], () => import('./EventPage.tsx')).then((m) => ({ default: m.EventPage })));

function Loading({ children }: { children: ReactNode }) {
  const t = useT();
  return <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>{children}</Suspense>;
}

export default function RegistryModule() {
  return (
    <Routes>
      <Route index element={<OverviewPage />} />
      <Route path="list" element={<ClaimsPage />} />
      <Route
        path="claims/:id"
        element={
          <Loading>
            <ClaimPage />
          </Loading>
        }
      />
      <Route
        path="events/:id"
        element={
          <Loading>
            <EventPage />
          </Loading>
        }
      />
      <Route path="recognition" element={<RecognitionPage />} />
      <Route path="contested" element={<ContestedPage />} />
      <Route path="countries/:code" element={<CountryPage />} />
      <Route path="import" element={<ImportPage />} />
      <Route path="records" element={<RecordsPage />} />
      <Route path="records/:kind/new" element={<RecordsPage />} />
      <Route path="records/:kind/:id/edit" element={<RecordsPage />} />
      <Route path="*" element={<OverviewPage />} />
    </Routes>
  );
}
