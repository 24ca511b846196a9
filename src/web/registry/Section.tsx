import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { paths } from './paths.ts';

/** The registry's section tabs under one heading per page; editors and reviewers also get import and export. */
export function RegistrySection({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  const { user } = useSession();
  const tabs: { to: string; label: MessageKey; end?: boolean }[] = [
    { to: paths.home, label: 'registry.tab.overview', end: true },
    { to: paths.claims, label: 'registry.tab.claims' },
    { to: paths.recognition, label: 'registry.tab.recognition' },
    { to: paths.contested, label: 'registry.tab.contested' },
  ];
  if (user && ['admin', 'editor'].includes(user.role)) tabs.push({ to: paths.records, label: 'registry.tab.records' });
  if (user && ['admin', 'editor', 'reviewer'].includes(user.role)) tabs.push({ to: paths.import, label: 'registry.tab.import' });
  return (
    <section className="page registry" aria-labelledby="page-title">
      <PageHeading lead={t('registry.voice')}>{title}</PageHeading>
      <nav className="tabs" aria-label={t('registry.tabs')}>
        <ul>
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to} end={tab.end}>
                {t(tab.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </section>
  );
}
