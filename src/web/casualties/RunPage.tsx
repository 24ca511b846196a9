import type { ReactNode } from 'react';
import { useState } from 'react';
import { NavLink, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { hasMessage } from '../i18n/languages.ts';
import { casualtiesApi, type RunDetail } from './api.ts';
import { linkageRunReceiptUrls, ReceiptLink } from '../receipts/ReceiptLink.tsx';
import { RunProgress } from './RunProgress.tsx';
import { canEdit, canReview, Section } from './Section.tsx';
import { usePoll } from './usePoll.ts';

const COUNT_ORDER = ['records', 'candidatePairs', 'pairsStored', 'decisionsApplied', 'links', 'persons', 'largestPerson', 'flaggedPersons'];

/** The pages of one run share a second row of tabs: overview, review, persons, statistics. */
export function RunSection({ runId, title, lead, children }: { runId: string; title: string; lead?: string; children: ReactNode }) {
  const { t } = useI18n();
  const { user } = useSession();
  const base = `/casualties/runs/${encodeURIComponent(runId)}`;
  // records, pairs and persons are for editors and reviewers; everyone signed in sees the aggregate statistics
  const records = canReview(user?.role);
  return (
    <Section title={title} lead={lead}>
      <nav className="tabs cas-run-tabs" aria-label={t('casualties.run.sections')}>
        <ul>
          <li>
            <NavLink to={base} end>
              {t('casualties.run.overview')}
            </NavLink>
          </li>
          {records ? (
            <>
              <li>
                <NavLink to={`${base}/review`}>{t('casualties.run.review')}</NavLink>
              </li>
              <li>
                <NavLink to={`${base}/persons`}>{t('casualties.run.persons')}</NavLink>
              </li>
            </>
          ) : null}
          <li>
            <NavLink to={`${base}/stats`}>{t('casualties.run.stats')}</NavLink>
          </li>
        </ul>
      </nav>
      {children}
    </Section>
  );
}

function countLabel(t: ReturnType<typeof useI18n>['t'], key: string): string {
  const k = `casualties.count.${key}`;
  return hasMessage(k) ? t(k) : key;
}

/** One run followed live until it finishes: what it linked, with which settings, and where to go next. */
export function RunPage() {
  const { t, formatDateTime } = useI18n();
  const { id = '' } = useParams();
  const { user } = useSession();
  const navigate = useNavigate();
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [cancelAsked, setCancelAsked] = useState(false);
  const { value: run, error } = usePoll<RunDetail>(id, () => casualtiesApi.run(id), (r) => r.state === 'queued' || r.state === 'running');
  const active = run?.state === 'queued' || run?.state === 'running';
  const counts = run ? [...COUNT_ORDER.filter((k) => k in run.counts), ...Object.keys(run.counts).filter((k) => !COUNT_ORDER.includes(k))] : [];
  const settings = (run?.settings ?? {}) as Record<string, unknown>;
  return (
    <RunSection runId={id} title={t('casualties.run.title')} lead={t('casualties.run.lead')}>
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      {!run && !error ? <p className="loading">{t('casualties.loading')}</p> : null}
      {run ? (
        <>
          <p aria-live="polite">
            <RunProgress run={run} />
          </p>
          {run.error ? <Notice kind="error">{run.error}</Notice> : null}
          {run.state === 'cancelled' ? <Notice kind="info">{t('casualties.run.cancelled')}</Notice> : null}
          {canReview(user?.role) && active ? (
            <div className="form-actions">
              {cancelError ? <Notice kind="error">{cancelError}</Notice> : null}
              <button
                type="button"
                className="button-danger"
                disabled={cancelAsked || run.cancelRequestedAt !== null}
                onClick={() => {
                  if (!window.confirm(t('casualties.run.cancelConfirm'))) return;
                  setCancelAsked(true);
                  setCancelError(null);
                  // the poll shows the run cancelled (queued) or stopping (running); a run that ended meanwhile says 409
                  casualtiesApi.cancelRun(run.id).then(
                    () => {},
                    (e: unknown) => {
                      setCancelAsked(false);
                      setCancelError(describeError(t, e));
                    },
                  );
                }}
              >
                {t('casualties.run.cancel')}
              </button>
            </div>
          ) : null}
          {run.warnings.length > 0 ? (
            <section className="cas-warnings" aria-labelledby="cas-run-warnings">
              <h2 id="cas-run-warnings">{t('casualties.run.warnings')}</h2>
              <ul>
                {run.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </section>
          ) : null}
          <dl className="cas-facts">
            <dt>{t('casualties.runs.started')}</dt>
            <dd>{formatDateTime(run.createdAt)}</dd>
            <dt>{t('casualties.run.finished')}</dt>
            <dd>{run.finishedAt ? formatDateTime(run.finishedAt) : '–'}</dd>
            <dt>{t('casualties.runs.lists')}</dt>
            <dd>
              <ol className="cas-run-sources">
                {run.sources.map((s) => (
                  <li key={s.id}>{s.name}</li>
                ))}
              </ol>
            </dd>
            {typeof settings.threshold === 'number' ? (
              <>
                <dt>{t('casualties.runs.threshold')}</dt>
                <dd>{settings.threshold}</dd>
              </>
            ) : null}
            {counts.map((k) => (
              <Count key={k} label={countLabel(t, k)} value={run.counts[k]} />
            ))}
          </dl>
          <details>
            <summary>{t('casualties.run.settingsAndModel')}</summary>
            <p className="field-hint">{t('casualties.run.settingsHint')}</p>
            <pre className="cas-json">{JSON.stringify({ settings: run.settings, model: run.model }, null, 2)}</pre>
          </details>
          {run.state === 'done' && canReview(user?.role) ? <ReceiptLink receiptUrl={linkageRunReceiptUrls(run.id).receipt} receiptFile={linkageRunReceiptUrls(run.id).receiptFile} inputs={linkageRunReceiptUrls(run.id).inputs} /> : null}
          {canEdit(user?.role) && run.state !== 'queued' && run.state !== 'running' ? (
            <div className="form-actions">
              {deleteError ? <Notice kind="error">{deleteError}</Notice> : null}
              <button
                type="button"
                className="button-danger"
                onClick={() => {
                  if (!window.confirm(t('casualties.run.deleteConfirm'))) return;
                  casualtiesApi.deleteRun(run.id).then(
                    () => navigate('/casualties/runs'),
                    (e: unknown) => setDeleteError(describeError(t, e)),
                  );
                }}
              >
                {t('casualties.run.delete')}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </RunSection>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value.toLocaleString()}</dd>
    </>
  );
}
