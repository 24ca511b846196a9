import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, type Paged, type Person, type RunSource } from './api.ts';
import { sexLabel } from './labels.ts';
import { Pager } from './Pager.tsx';
import { Names } from './RecordsList.tsx';
import { RunSection } from './RunPage.tsx';

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

/** The persons of a run: each with its source records and capture history; filter by name, by pattern, or to linked persons. */
export function PersonsPage() {
  const t = useT();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const pattern = params.get('pattern') ?? '';
  const applied = params.get('q') ?? '';
  const linked = params.get('linked') === '1';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [query, setQuery] = useState(applied);
  const [page, setPage] = useState<(Paged & { sources: RunSource[]; persons: Person[] }) | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    casualtiesApi.persons(id, { q: applied || undefined, pattern: pattern || undefined, linked, limit: PAGE, offset }).then(
      (r) => live && setPage(r),
      (e: unknown) => live && setError(describeError(t, e)),
    );
    return () => {
      live = false;
    };
  }, [id, applied, pattern, linked, offset, t]);

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
      </form>
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
          <div className="table-wrap">
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
                    <th scope="row">{t('casualties.persons.person', { id: p.personId })}</th>
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
                            <Names names={record.names} />
                            <span className="cell-sub">
                              {[sexLabel(t, record.sex), record.age !== null ? t('casualties.persons.age', { age: record.age }) : null, record.deathDate, record.place]
                                .filter((x) => x && x !== '–')
                                .join(' · ')}
                              {probability !== null ? ` · ${t('casualties.persons.probability', { p: (probability * 100).toFixed(0) })}` : null}
                            </span>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={page.offset} limit={page.limit} total={page.total} onChange={(o) => update({ offset: String(o) })} />
        </>
      ) : null}
    </RunSection>
  );
}
