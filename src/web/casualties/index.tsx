import { Route, Routes } from 'react-router-dom';
import { PersonsPage } from './PersonsPage.tsx';
import { RecordPage } from './RecordPage.tsx';
import { ReviewPage } from './ReviewPage.tsx';
import { RunPage } from './RunPage.tsx';
import { RunsPage } from './RunsPage.tsx';
import { SourcePage } from './SourcePage.tsx';
import { SourcesPage } from './SourcesPage.tsx';
import { StatsPage } from './StatsPage.tsx';
import './casualties.css';

/** Casualty lists: sources and their records, linkage runs, the review queue, persons and statistics. */
export default function CasualtiesModule() {
  return (
    <Routes>
      <Route index element={<SourcesPage />} />
      <Route path="sources/:id" element={<SourcePage />} />
      <Route path="records/:id" element={<RecordPage />} />
      <Route path="runs" element={<RunsPage />} />
      <Route path="runs/:id" element={<RunPage />} />
      <Route path="runs/:id/review" element={<ReviewPage />} />
      <Route path="runs/:id/persons" element={<PersonsPage />} />
      <Route path="runs/:id/stats" element={<StatsPage />} />
    </Routes>
  );
}
