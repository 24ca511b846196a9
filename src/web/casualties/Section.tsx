import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { PageHeading } from '../components/PageHeading.tsx';
import { useT } from '../i18n/I18nProvider.tsx';

/** Every casualty page: its own heading (and browser-tab title), then the section tabs. */
export function Section({ title, lead, children }: { title: string; lead?: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className="casualties">
      <PageHeading lead={lead}>{title}</PageHeading>
      <nav className="tabs" aria-label={t('casualties.sections')}>
        <ul>
          <li>
            <NavLink to="/casualties" end>
              {t('casualties.section.sources')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/casualties/runs">{t('casualties.section.runs')}</NavLink>
          </li>
        </ul>
      </nav>
      {children}
    </div>
  );
}

/** Whether the signed-in user may change lists (the server checks again). */
export const canEdit = (role: string | undefined) => role === 'admin' || role === 'editor';
export const canReview = (role: string | undefined) => role === 'admin' || role === 'editor' || role === 'reviewer';
