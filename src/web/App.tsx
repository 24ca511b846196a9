import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { SessionProvider, useSession } from './auth/SessionProvider.tsx';
import { RequireAccess } from './auth/RequireAccess.tsx';
import { I18nProvider, useT } from './i18n/I18nProvider.tsx';
import { MODULES } from './modules.tsx';
import { HomePage } from './home/HomePage.tsx';
import { LoginPage } from './login/LoginPage.tsx';
import { TokensPage } from './account/TokensPage.tsx';
import { Layout } from './shell/Layout.tsx';
import { NotFound } from './shell/NotFound.tsx';
import { Notice } from './components/Notice.tsx';
import { describeError } from './components/errors.ts';

function Routed() {
  const { state, refresh } = useSession();
  const t = useT();
  if (state.status === 'loading') {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <main className="page boot-error">
        <h1>{t('app.name')}</h1>
        <Notice kind="error">{describeError(t, state.error)}</Notice>
        <button type="button" className="button-primary" onClick={() => void refresh()}>
          {t('common.retry')}
        </button>
      </main>
    );
  }
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="login" element={<LoginPage />} />
        <Route
          path="account/tokens"
          element={
            <RequireAccess access="signed-in">
              <TokensPage />
            </RequireAccess>
          }
        />
        {MODULES.map(({ id, path, access, component: Page }) => (
          <Route
            key={id}
            path={`${path.slice(1)}/*`}
            element={
              <RequireAccess access={access}>
                <Page />
              </RequireAccess>
            }
          />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <BrowserRouter>
          <Routed />
        </BrowserRouter>
      </SessionProvider>
    </I18nProvider>
  );
}
