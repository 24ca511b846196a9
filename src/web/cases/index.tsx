import { Route, Routes } from 'react-router-dom';
import { AllegationPage } from './AllegationPage.tsx';
import { CasesHome } from './CasesHome.tsx';
import { commandRoutes } from './command-pages.tsx';
import { evidenceRoutes } from './evidence-pages.tsx';
import { FrameworkPage, FrameworksPage } from './FrameworksPage.tsx';
import { IncidentPage } from './IncidentPage.tsx';
import './cases.css';

export default function CasesModule() {
  return (
    <Routes>
      <Route index element={<CasesHome />} />
      <Route path="incidents/:id" element={<IncidentPage />} />
      <Route path="allegations/:id" element={<AllegationPage />} />
      <Route path="frameworks" element={<FrameworksPage />} />
      <Route path="frameworks/:id" element={<FrameworkPage />} />
      {evidenceRoutes}
      {commandRoutes}
      <Route path="*" element={<CasesHome />} />
    </Routes>
  );
}
