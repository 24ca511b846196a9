import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, type Run, type Source } from './api.ts';
import { RunProgress } from './RunProgress.tsx';
import { canReview, Section } from './Section.tsx';
import { usePoll } from './usePoll.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

const active = (run: Run) => run.state === 'queued' || run.state === 'running';

function NewRunForm({ onStarted }: { onStarted: (run: Run) => void }) {
  const { t } = useI18n();
  const [sources, setSources] = useState<Source[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [threshold, setThreshold] = useState('0.9');
  const [reviewFloor, setReviewFloor] = useState('0.2');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    casualtiesApi.sources().then((r) => setSources(r.sources), (e: unknown) => setError(describeError(t, e)));
  }, [t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { run } = await casualtiesApi.createRun({ sourceIds: chosen, settings: { threshold: Number(threshold), reviewFloor: Number(reviewFloor) } });
      onStarted(run);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="cas-new-run" onSubmit={(e) => void submit(e)} aria-labelledby="cas-new-run-title">
      <h2 id="cas-new-run-title">{t('casualties.runs.new')}</h2>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {sources && sources.length === 0 ? <p>{t('casualties.runs.noSources')}</p> : null}
      {sources && sources.length > 0 ? (
        <fieldset>
          <legend>{t('casualties.runs.chooseLists')}</legend>
          <p className="field-hint">{t('casualties.runs.chooseHint')}</p>
          {sources.map((s) => (
            <label key={s.id} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.includes(s.id)}
                disabled={s.records === 0}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((x) => x !== s.id))}
              />{' '}
              {t('casualties.runs.listOption', { name: s.name, records: s.records.toLocaleString() })}
            </label>
          ))}
        </fieldset>
      ) : null}
      <details>
        <summary>{t('casualties.runs.advanced')}</summary>
        <div className="form-row">
          <div className="field">
            <label htmlFor="cas-run-threshold">{t('casualties.runs.threshold')}</label>
            <input id="cas-run-threshold" type="number" min={0.01} max={0.99} step={0.01} value={threshold} onChange={(e) => setThreshold(e.target.value)} aria-describedby="cas-run-threshold-hint" />
            <p className="field-hint" id="cas-run-threshold-hint">
              {t('casualties.runs.thresholdHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="cas-run-floor">{t('casualties.runs.reviewFloor')}</label>
            <input id="cas-run-floor" type="number" min={0.01} max={0.99} step={0.01} value={reviewFloor} onChange={(e) => setReviewFloor(e.target.value)} aria-describedby="cas-run-floor-hint" />
            <p className="field-hint" id="cas-run-floor-hint">
              {t('casualties.runs.reviewFloorHint')}
            </p>
          </div>
        </div>
      </details>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy || chosen.length === 0}>
          {t('casualties.runs.start')}
        </button>
      </div>
    </form>
  );
}

/** Linkage runs: start one from chosen lists (editors), and every run with its state, followed live while one runs. */
export function RunsPage() {
  const { t, formatDateTime } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const { value, error } = usePoll('runs', () => casualtiesApi.runs(), (r) => r.runs.some(active), 2000);
  return (
    <Section title={t('casualties.runs.title')} lead={t('casualties.runs.lead')}>
      {canReview(user?.role) ? <NewRunForm onStarted={(run) => navigate(`/casualties/runs/${encodeURIComponent(run.id)}`)} /> : null}
      <section aria-labelledby="cas-runs-title">
        <h2 id="cas-runs-title">{t('casualties.runs.list')}</h2>
        {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
        {!value && !error ? <p className="loading">{t('casualties.loading')}</p> : null}
        {value && value.runs.length === 0 ? <p>{t('casualties.runs.empty')}</p> : null}
        {value && value.runs.length > 0 ? (
          <ScrollRegion labelledBy="cas-runs-title">
            <table className="dense">
              <thead>
                <tr>
                  <th scope="col">{t('casualties.runs.started')}</th>
                  <th scope="col">{t('casualties.runs.lists')}</th>
                  <th scope="col">{t('casualties.runs.state')}</th>
                  <th scope="col">{t('casualties.runs.persons')}</th>
                </tr>
              </thead>
              <tbody>
                {value.runs.map((run) => (
                  <tr key={run.id}>
                    <th scope="row">
                      <Link to={`/casualties/runs/${encodeURIComponent(run.id)}`}>{formatDateTime(run.createdAt)}</Link>
                    </th>
                    <td>{run.sources.map((s) => s.name).join(', ')}</td>
                    <td>
                      <RunProgress run={run} />
                    </td>
                    <td>{run.counts.persons !== undefined ? run.counts.persons.toLocaleString() : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : null}
      </section>
    </Section>
  );
}
