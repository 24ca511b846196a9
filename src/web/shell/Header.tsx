import { useEffect, useId, useState } from 'react';
import { Link, NavLink, useLocation } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { canAccess } from '../auth/access.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { MODULES } from '../modules.tsx';
import { LanguageSelect } from './LanguageSelect.tsx';
import { UserMenu } from './UserMenu.tsx';

/** Brand, main navigation (only the modules the visitor may open), language and account. */
export function Header({ onChangePassword }: { onChangePassword: () => void }) {
  const t = useT();
  const { user } = useSession();
  const location = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const navId = useId();

  useEffect(() => setNavOpen(false), [location.pathname]);

  const visible = MODULES.filter((module) => canAccess(module.access, user));

  return (
    <header className="site-header">
      <div className="site-header-bar">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <button
          type="button"
          className="nav-toggle"
          aria-expanded={navOpen}
          aria-controls={navId}
          onClick={() => setNavOpen((value) => !value)}
        >
          {t('nav.toggle')}
        </button>
        <div className="site-header-tools">
          <LanguageSelect className="compact header-language" />
          {user ? (
            <UserMenu user={user} onChangePassword={onChangePassword} />
          ) : location.pathname === '/login' ? null : (
            <Link to="/login" className="button-secondary header-login">
              {t('userMenu.login')}
            </Link>
          )}
        </div>
      </div>
      <nav id={navId} className={`site-nav${navOpen ? ' open' : ''}`} aria-label={t('nav.label')}>
        <ul>
          <li>
            <NavLink to="/" end>
              {t('nav.home')}
            </NavLink>
          </li>
          {visible.map((module) => (
            <li key={module.id}>
              <NavLink to={module.path}>{t(module.navKey)}</NavLink>
            </li>
          ))}
        </ul>
        {/* on phones the header has no room for the language switch, so it moves into the collapsible navigation */}
        <LanguageSelect className="compact nav-language" />
      </nav>
    </header>
  );
}
