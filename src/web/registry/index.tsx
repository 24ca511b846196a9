import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { PageLoading } from '../components/PageLoading.tsx';
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

export default function RegistryModule() {
  return (
    <Routes>
      <Route index element={<OverviewPage />} />
      <Route path="list" element={<ClaimsPage />} />
      <Route
        path="claims/:id"
        element={
          <PageLoading>
            <ClaimPage />
          </PageLoading>
        }
      />
      <Route
        path="events/:id"
        element={
          <PageLoading>
            <EventPage />
          </PageLoading>
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
