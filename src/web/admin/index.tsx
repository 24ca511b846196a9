import type { ReactNode } from 'react';
import { NavLink, Navigate, Route, Routes } from 'react-router-dom';
import { TokensPanel } from '../account/TokensPanel.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';
import { IntegrityPanel } from '../ledger/IntegrityPanel.tsx';

const SECTIONS: readonly { path: string; label: MessageKey }[] = [
  { path: 'users', label: 'admin.users' },
  { path: 'tokens', label: 'admin.tokens' },
  { path: 'audit', label: 'admin.audit' },
  { path: 'integrity', label: 'admin.integrity' },
];

/** Each section has its own heading (and so its own browser-tab title), with the section tabs beneath it. */
function Section({ title, children }: { title: MessageKey; children: ReactNode }) {
  const t = useT();
  return (
    <>
      <PageHeading>{`${t(title)} · ${t('admin.title')}`}</PageHeading>
      <nav className="tabs" aria-label={t('admin.sections')}>
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.path}>
              <NavLink to={`/admin/${section.path}`}>{t(section.label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </>
  );
}

export default function AdminPage() {
  return (
    <section className="page admin">
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route
          path="users"
          element={
            <Section title="admin.users">
              <UsersPanel />
            </Section>
          }
        />
        <Route
          path="tokens"
          element={
            <Section title="admin.tokens">
              <TokensPanel />
            </Section>
          }
        />
        <Route
          path="audit"
          element={
            <Section title="admin.audit">
              <AuditPanel />
            </Section>
          }
        />
        <Route
          path="integrity"
          element={
            <Section title="admin.integrity">
              <IntegrityPanel />
            </Section>
          }
        />
        <Route path="*" element={<Navigate to="users" replace />} />
      </Routes>
    </section>
  );
}
