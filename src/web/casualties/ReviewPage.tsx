import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../api/client.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, type Decision, type DecisionView, type ReviewPage as ReviewBatch, type RunDetail } from './api.ts';
import { ExplanationChart } from './ExplanationChart.tsx';
import { PairView } from './PairView.tsx';
import { RunSection } from './RunPage.tsx';
import { canReview } from './Section.tsx';

const BATCH = 20;
type Filter = 'all' | 'undecided' | 'decided';

/** True when a key press belongs to a form control, so shortcuts must leave it alone. */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The uncertain pairs of a run, one at a time: the two records side by side, why the model scored them as it did,
 * and Match / Non-match / Skip (keys M, N, S). A decision is kept by record pair, so it survives re-runs.
 */
export function ReviewPage() {
  const { t, formatDateTime } = useI18n();
  const { id = '' } = useParams();
  const { user } = useSession();
  const [run, setRun] = useState<RunDetail | null>(null);
  const [filter, setFilter] = useState<Filter>('undecided');
  const [offset, setOffset] = useState(0);
  const [band, setBand] = useState({ min: 0.2, max: 0.9 });
  const [bandDraft, setBandDraft] = useState({ min: '0.2', max: '0.9' });
  const [batch, setBatch] = useState<ReviewBatch | null>(null);
  const [index, setIndex] = useState(0);
  // bumped to fetch the queue again even when the offset stays (decided pairs leave the undecided view)
  const [reloads, setReloads] = useState(0);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const mayDecide = canReview(user?.role);

  useEffect(() => {
    casualtiesApi.run(id).then(setRun, (e: unknown) => setError(describeError(t, e)));
  }, [id, t]);
  useEffect(() => {
    let live = true;
    setBatch(null);
    casualtiesApi.review(id, { status: filter, min: band.min, max: band.max, limit: BATCH, offset }).then(
      (b) => {
        if (!live) return;
        setBatch(b);
        setIndex(0);
      },
      (e: unknown) => live && setError(isApiError(e, 'run_not_done') ? t('casualties.review.notDone') : describeError(t, e)),
    );
    return () => {
      live = false;
    };
  }, [id, filter, band, offset, reloads, t]);

  const pair = batch?.pairs[index] ?? null;
  useEffect(() => setNote(pair?.decision?.note ?? ''), [pair]);

  const next = useCallback(
    (current: ReviewBatch | null = batch) => {
      if (!current) return;
      if (index + 1 < current.pairs.length) setIndex(index + 1);
      // in the undecided view, decided pairs drop out of the queue, so the next batch starts after the skipped ones
      else if (filter === 'undecided' && current.undecided > 0) {
        setOffset(current.offset + current.pairs.filter((p) => !p.decision).length);
        setReloads((n) => n + 1);
      }
      else if (filter !== 'undecided' && current.offset + current.limit < current.total) setOffset(current.offset + current.limit);
      else setIndex(current.pairs.length);
      headingRef.current?.focus();
    },
    [batch, index, filter],
  );

  const decide = useCallback(
    async (decision: Decision) => {
      if (!pair || busy || !mayDecide) return;
      setBusy(true);
      setError(null);
      try {
        let made: DecisionView;
        try {
          ({ decision: made } = await casualtiesApi.decide({ recordA: pair.recordA.id, recordB: pair.recordB.id, decision, note: note.trim() || null }));
        } catch (e) {
          // the same decision is already current (decided in another tab or by a colleague): nothing to change
          if (!isApiError(e, 'already_decided') || !pair.decision) throw e;
          made = pair.decision;
        }
        const updated = batch ? { ...batch, undecided: pair.decision ? batch.undecided : batch.undecided - 1, pairs: batch.pairs.map((p, i) => (i === index ? { ...p, decision: made } : p)) } : null;
        setBatch(updated);
        setStatus(t(decision === 'match' ? 'casualties.review.savedMatch' : 'casualties.review.savedNonMatch'));
        next(updated);
      } catch (e) {
        setError(describeError(t, e));
      } finally {
        setBusy(false);
      }
    },
    [pair, busy, mayDecide, note, index, next, batch, t],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'm') void decide('match');
      else if (key === 'n') void decide('non_match');
      else if (key === 's') next();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [decide, next]);

  const position = batch && pair ? batch.offset + index + 1 : null;
  return (
    <RunSection runId={id} title={t('casualties.review.title')} lead={t('casualties.review.lead')}>
      <div className="cas-review-bar">
        <div className="field">
          <label htmlFor="cas-review-filter">{t('casualties.review.show')}</label>
          <select
            id="cas-review-filter"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as Filter);
              setOffset(0);
            }}
          >
            <option value="undecided">{t('casualties.review.filter.undecided')}</option>
            <option value="decided">{t('casualties.review.filter.decided')}</option>
            <option value="all">{t('casualties.review.filter.all')}</option>
          </select>
        </div>
        <form
          className="cas-band"
          onSubmit={(e) => {
            e.preventDefault();
            const min = Number(bandDraft.min);
            const max = Number(bandDraft.max);
            if (min >= 0 && max <= 1 && min <= max) {
              setBand({ min, max });
              setOffset(0);
            }
          }}
        >
          <div className="field">
            <label htmlFor="cas-band-min">{t('casualties.review.bandMin')}</label>
            <input id="cas-band-min" type="number" min={0} max={1} step={0.05} value={bandDraft.min} onChange={(e) => setBandDraft({ ...bandDraft, min: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="cas-band-max">{t('casualties.review.bandMax')}</label>
            <input id="cas-band-max" type="number" min={0} max={1} step={0.05} value={bandDraft.max} onChange={(e) => setBandDraft({ ...bandDraft, max: e.target.value })} />
          </div>
          <button type="submit">{t('casualties.review.bandApply')}</button>
        </form>
        {batch ? (
          <p className="cas-review-count">
            {t('casualties.review.band', { min: batch.band.min, max: batch.band.max, undecided: batch.undecided, total: batch.total })}
          </p>
        ) : null}
      </div>
      {run && (run.counts.flaggedPersons ?? 0) > 0 ? (
        <p className="cas-flagged-link">
          <Link to={`/casualties/runs/${encodeURIComponent(id)}/persons?flagged=1`}>{t('casualties.review.flaggedLink', { count: run.counts.flaggedPersons })}</Link>{' '}
          {t('casualties.review.flaggedHint')}
        </p>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {status ? <Notice kind="success">{status}</Notice> : null}
      {!batch && !error ? <p className="loading">{t('casualties.loading')}</p> : null}
      {batch && !pair ? <p>{batch.total === 0 ? t('casualties.review.empty') : t('casualties.review.finished')}</p> : null}
      {batch && pair ? (
        <section className="cas-review" aria-labelledby="cas-pair-title">
          <h2 id="cas-pair-title" tabIndex={-1} ref={headingRef}>
            {t('casualties.review.pairTitle', { position: position ?? 0, total: batch.total, probability: (pair.probability * 100).toFixed(1) })}
          </h2>
          {pair.decision ? (
            <p className="cas-decided">
              <span className={`badge ${pair.decision.decision === 'match' ? 'badge-ok' : 'badge-warn'}`}>
                {t(pair.decision.decision === 'match' ? 'casualties.review.decidedMatch' : 'casualties.review.decidedNonMatch')}
              </span>{' '}
              {t('casualties.review.decidedBy', { who: pair.decision.reviewer ?? pair.decision.reviewerId, when: formatDateTime(pair.decision.at) })}
            </p>
          ) : null}
          <div className="cas-review-grid">
            <PairView pair={pair} sources={run?.sources ?? []} />
            <div>
              <h3>{t('casualties.review.why')}</h3>
              <ExplanationChart explanation={pair.explanation} />
            </div>
          </div>
          {mayDecide ? (
            <div className="cas-decide">
              <div className="field">
                <label htmlFor="cas-review-note">{t('casualties.review.note')}</label>
                <textarea id="cas-review-note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} aria-describedby="cas-review-keys" />
              </div>
              <div className="form-actions">
                <button type="button" className="button-primary" aria-keyshortcuts="M" disabled={busy} onClick={() => void decide('match')}>
                  {t('casualties.review.match')}
                </button>
                <button type="button" className="button-danger" aria-keyshortcuts="N" disabled={busy} onClick={() => void decide('non_match')}>
                  {t('casualties.review.nonMatch')}
                </button>
                <button type="button" aria-keyshortcuts="S" disabled={busy} onClick={() => next()}>
                  {t('casualties.review.skip')}
                </button>
              </div>
              <p className="field-hint" id="cas-review-keys">
                {t('casualties.review.keys')}
              </p>
            </div>
          ) : (
            <p>{t('casualties.review.readOnly')}</p>
          )}
        </section>
      ) : null}
    </RunSection>
  );
}
