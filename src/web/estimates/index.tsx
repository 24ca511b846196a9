import { useEffect, useState } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { estimatesApi, type EstimateSummary } from './api.ts';
import { EstimatePage } from './EstimatePage.tsx';
import { NewEstimateForm } from './NewEstimateForm.tsx';
import './estimates.css';

function EstimatesHome() {
  const { t, formatDateTime } = useI18n();
  const { user } = useSession();
  const [list, setList] = useState<EstimateSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!user) return;
    estimatesApi.list().then((r) => setList(r.estimates), (e: unknown) => setError(describeError(t, e)));
  }, [user, t]);
  const mayCreate = user && ['admin', 'editor', 'reviewer'].includes(user.role);
  return (
    <div className="estimates">
      <PageHeading lead={t('estimates.lead')}>{t('estimates.title')}</PageHeading>
      <p>{t('estimates.summary')}</p>
      {mayCreate ? <NewEstimateForm /> : null}
      {user ? (
        <section>
          <h2>{t('estimates.list')}</h2>
          {error ? <Notice kind="error">{error}</Notice> : null}
          {list && list.length === 0 ? <p>{t('estimates.none')}</p> : null}
          <ul>
            {(list ?? []).map((e) => (
              <li key={e.id}>
                <Link to={e.id}>{e.title}</Link> — {t(`estimates.state.${e.state}`)}, {formatDateTime(e.createdAt)}
                {e.converged === false ? <span className="convergence-bad"> — {t(e.convergenceOverride ? 'estimates.notConvergedOverridden' : 'estimates.notConvergedShort')}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export default function EstimatesModule() {
  return (
    <Routes>
      <Route index element={<EstimatesHome />} />
      <Route path=":id" element={<EstimatePage />} />
    </Routes>
  );
}
