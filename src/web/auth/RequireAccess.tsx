import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useSession } from './SessionProvider.tsx';
import { canAccess, type Access } from './access.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

/** Sends visitors who are not logged in to the login page (and back afterwards); tells logged-in users they lack the role. */
export function RequireAccess({ access, children }: { access: Access; children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  const t = useT();
  if (canAccess(access, user)) return <>{children}</>;
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <section className="page">
      <PageHeading>{t('error.forbidden')}</PageHeading>
    </section>
  );
}
