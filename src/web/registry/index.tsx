import { Route, Routes } from 'react-router-dom';
import { ClaimPage } from './ClaimPage.tsx';
import { ClaimsPage } from './ClaimsPage.tsx';
import { ContestedPage } from './ContestedPage.tsx';
import { CountryPage } from './CountryPage.tsx';
import { EventPage } from './EventPage.tsx';
import { ImportPage } from './ImportPage.tsx';
import { OverviewPage } from './OverviewPage.tsx';
import { RecognitionPage } from './RecognitionPage.tsx';
import { RecordsPage } from './RecordsPage.tsx';
import './registry.css';

export default function RegistryModule() {
  return (
    <Routes>
      <Route index element={<OverviewPage />} />
      <Route path="list" element={<ClaimsPage />} />
      <Route path="claims/:id" element={<ClaimPage />} />
      <Route path="events/:id" element={<EventPage />} />
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
