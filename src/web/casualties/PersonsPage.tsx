import { useEffect, useState, type FormEvent } from 'react';
import { useSession } from '../auth/SessionProvider.tsx';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, type Person, type PersonsPage as PersonsAnswer, type RunSource } from './api.ts';
import { sexLabel } from './labels.ts';
import { Pager } from './Pager.tsx';
import { Names, recordNames } from './RecordsList.tsx';
import { RunSection } from './RunPage.tsx';
import { canReview } from './Section.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

const PAGE = 25;

/** A capture history as one dot per list (filled: on that list), named in full for screen readers. */
export function CaptureHistory({ pattern, sources }: { pattern: string; sources: RunSource[] }) {
  const t = useT();
  const on = sources.filter((_, i) => pattern[i] === '1').map((s) => s.name);
  return (
    <span className="cas-capture" role="img" aria-label={t('casualties.persons.onLists', { lists: on.join(', ') })}>
      <code>{pattern}</code>{' '}
      {[...pattern].map((c, i) => (
        <span key={i} className={c === '1' ? 'cas-dot cas-dot-on' : 'cas-dot'} aria-hidden="true" />
      ))}
    </span>
  );
}

/** A person's flags (why it needs a reviewer's eye) in the reader's language. */
function flagText(t: ReturnType<typeof useT>, flag: string): string {
  const key = `casualties.flag.${flag}`;
  return key === 'casualties.flag.merge_refused' ||
    key === 'casualties.flag.conflict' ||
    key === 'casualties.flag.sex' ||
    key === 'casualties.flag.birth_years' ||
    key === 'casualties.flag.attached' ||
    key === 'casualties.flag.name_only'
    ? t(key)
    : flag;
}

/**
 * The persons of a run: each with its source records and capture history; filter by name, by pattern, to linked
 * persons, or to flagged ones (the cluster review queue, largest first). A reviewer can take a record out of its
 * person, and choose two records anywhere in the run (search by name to find them) to link them by hand.
 */
export function PersonsPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { user } = useSession();
  const mayDecide = canReview(user?.role);
  const [params, setParams] = useSearchParams();
  const pattern = params.get('pattern') ?? '';
  const applied = params.get('q') ?? '';
  const linked = params.get('linked') === '1';
  const flagged = params.get('flagged') === '1';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [query, setQuery] = useState(applied);
  const [page, setPage] = useState<PersonsAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // records chosen for linking by hand, kept across searches and pages
  const [chosen, setChosen] = useState<Array<{ id: string; label: string }>>([]);

  useEffect(() => {
    let live = true;
    setError(null);
    casualtiesApi.persons(id, { q: applied || undefined, pattern: pattern || undefined, linked, flagged, limit: PAGE, offset }).then(
      (r) => live && setPage(r),
      (e: unknown) => live && setError(describeError(t, e)),
    );
    return () => {
      live = false;
    };
  }, [id, applied, pattern, linked, flagged, offset, t]);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setStatus(await work());
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };
  const split = (person: Person, recordId: string) => {
    if (!window.confirm(t('casualties.persons.splitConfirm', { id: person.personId }))) return;
    void act(async () => {
      const made = await casualtiesApi.split(id, person.personId, { recordId });
      return t('casualties.persons.splitDone', { count: made.decisions.length });
    });
  };
  const linkChosen = () =>
    void act(async () => {
      await casualtiesApi.decide({ recordA: chosen[0].id, recordB: chosen[1].id, decision: 'match', manual: true });
      setChosen([]);
      return t('casualties.persons.linkDone');
    });
  const toggle = (recordId: string, label: string, on: boolean) =>
    setChosen((now) => (on ? [...now.filter((c) => c.id !== recordId), { id: recordId, label }].slice(-2) : now.filter((c) => c.id !== recordId)));

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('offset' in changes)) next.delete('offset');
    setParams(next);
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    update({ q: query.trim() });
  };
  const sources = page?.sources ?? [];
  const sourceName = (sourceId: string) => sources.find((s) => s.id === sourceId)?.name ?? sourceId;

  return (
    <RunSection runId={id} title={t('casualties.persons.title')} lead={t('casualties.persons.lead')}>
      <form className="cas-search" role="search" onSubmit={search}>
        <label htmlFor="cas-persons-q">{t('casualties.records.search')}</label>
        <input id="cas-persons-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit">{t('casualties.records.searchButton')}</button>
        <label className="checkbox">
          <input type="checkbox" checked={linked} onChange={(e) => update({ linked: e.target.checked ? '1' : null })} /> {t('casualties.persons.linkedOnly')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={flagged} onChange={(e) => update({ flagged: e.target.checked ? '1' : null })} /> {t('casualties.persons.flaggedOnly')}
        </label>
      </form>
      {mayDecide ? (
        <div className="cas-manual-link" aria-live="polite">
          <p className="field-hint">{t('casualties.persons.manualHint')}</p>
          <p>
            {t('casualties.persons.chosen', { count: chosen.length })} {chosen.map((c) => c.label).join(' · ')}
          </p>
          <button type="button" className="button-primary" disabled={busy || chosen.length !== 2} onClick={linkChosen}>
            {t('casualties.persons.link')}
          </button>
        </div>
      ) : null}
      {status ? <Notice kind="success">{status}</Notice> : null}
      {pattern ? (
        <p>
          {t('casualties.persons.patternFilter')} <CaptureHistory pattern={pattern} sources={sources} />{' '}
          <button type="button" className="button-quiet" onClick={() => update({ pattern: null })}>
            {t('casualties.persons.clearPattern')}
          </button>
        </p>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!page && !error ? <p className="loading">{t('casualties.loading')}</p> : null}
      {page && page.persons.length === 0 ? <p>{t('casualties.persons.empty')}</p> : null}
      {page && page.persons.length > 0 ? (
        <>
          <ScrollRegion label={t('casualties.persons.title')}>
            <table className="dense cas-persons">
              <thead>
                <tr>
                  <th scope="col">{t('casualties.stats.person')}</th>
                  <th scope="col">{t('casualties.persons.captureHistory')}</th>
                  <th scope="col">{t('casualties.persons.records')}</th>
                </tr>
              </thead>
              <tbody>
                {page.persons.map((p) => (
                  <tr key={p.personId}>
                    <th scope="row">
                      {t('casualties.persons.person', { id: p.personId })}
                      {p.flags.length > 0 ? (
                        <span className="badge badge-warn cas-flag">{t('casualties.persons.flags', { flags: p.flags.map((f) => flagText(t, f)).join('; ') })}</span>
                      ) : null}
                      {p.flags.includes('name_only') ? <p className="cell-sub cas-flag-explain">{t('casualties.persons.nameOnlyExplain')}</p> : null}
                    </th>
                    <td>
                      <CaptureHistory pattern={p.captureHistory} sources={sources} />
                    </td>
                    <td>
                      <ul className="cas-person-records">
                        {p.records.map(({ record, probability }) => (
                          <li key={record.id}>
                            <Link to={`/casualties/records/${encodeURIComponent(record.id)}`}>
                              {sourceName(record.sourceId)} · {record.sourceRecordId}
                            </Link>
                            <Names names={recordNames(record)} />
                            <span className="cell-sub">
                              {[sexLabel(t, record.sex), record.age !== null ? t('casualties.persons.age', { age: record.age }) : null, record.deathDate, record.place]
                                .filter((x) => x && x !== '–')
                                .join(' · ')}
                              {probability !== null ? ` · ${t('casualties.persons.probability', { p: (probability * 100).toFixed(0) })}` : null}
                            </span>
                            {mayDecide ? (
                              <span className="cas-record-actions">
                                <label className="checkbox">
                                  <input
                                    type="checkbox"
                                    checked={chosen.some((c) => c.id === record.id)}
                                    onChange={(e) => toggle(record.id, `${sourceName(record.sourceId)} · ${record.sourceRecordId}`, e.target.checked)}
                                  />{' '}
                                  {t('casualties.persons.choose', { record: `${sourceName(record.sourceId)} · ${record.sourceRecordId}` })}
                                </label>
                                {p.records.length > 1 ? (
                                  <button type="button" className="button-quiet" disabled={busy} onClick={() => split(p, record.id)}>
                                    {t('casualties.persons.split')}
                                  </button>
                                ) : null}
                              </span>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <Pager offset={page.offset} limit={page.limit} total={page.total} onChange={(o) => update({ offset: String(o) })} />
        </>
      ) : null}
    </RunSection>
  );
}
