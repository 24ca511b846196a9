import { Route, Routes } from 'react-router-dom';
import { useT } from '../i18n/I18nProvider.tsx';
import { commandRoutes } from './command-pages.tsx';
import { evidenceRoutes } from './evidence-pages.tsx';

function Placeholder() {
  const t = useT();
  return <h1>{t('cases.title')}</h1>;
}

export default function CasesModule() {
  return (
    <Routes>
      <Route index element={<Placeholder />} />
      {evidenceRoutes}
      {commandRoutes}
      <Route path="*" element={<Placeholder />} />
    </Routes>
  );
}
