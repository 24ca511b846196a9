import { Suspense, useEffect, useRef, useState } from 'react';
import { Outlet, useLocation } from 'react-router-dom';
import { ChangePasswordDialog } from '../account/ChangePasswordDialog.tsx';
import { useSession } from '../auth/SessionProvider.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { Footer } from './Footer.tsx';
import { Header } from './Header.tsx';
import { focusPageHeading } from './focus.ts';

export function Layout() {
  const t = useT();
  const { user } = useSession();
  const location = useLocation();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const shownPath = useRef(location.pathname);

  useEffect(() => {
    // on first load the browser's own focus handling is right; after a route change we move focus ourselves
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    focusPageHeading();
  }, [location.pathname]);

  const forced = Boolean(user?.mustChangePassword);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToMain')}
      </a>
      <Header onChangePassword={() => setPasswordOpen(true)} />
      <main id="main" tabIndex={-1}>
        {forced ? (
          // The server answers every other request with 403 password_change_required until the password is changed,
          // so the page behind the dialog is not rendered (it would only fetch what it may not have yet).
          <p>{t('password.forcedIntro')}</p>
        ) : (
          <Suspense fallback={<p className="loading" role="status">{t('app.loading')}</p>}>
            <Outlet />
          </Suspense>
        )}
      </main>
      <Footer />
      <ChangePasswordDialog open={forced || passwordOpen} forced={forced} onClose={() => setPasswordOpen(false)} />
    </div>
  );
}
