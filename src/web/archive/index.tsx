import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../shell/NotFound.tsx';
import { ItemPage } from './ItemPage.tsx';
import { NewTestimony } from './NewTestimony.tsx';
import { SearchPage } from './SearchPage.tsx';
import './archive.css';

/** The evidence archive: search, the published subset for everyone, items, and recording testimonies. */
export default function ArchiveModule() {
  return (
    <Routes>
      <Route index element={<SearchPage />} />
      <Route path="published" element={<SearchPage published />} />
      <Route path="testimony/new" element={<NewTestimony />} />
      <Route path=":id" element={<ItemPage />} />
      {/* A deeper path (/archive/published/<id>, a link cut short) says so, where it showed an empty page. */}
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
