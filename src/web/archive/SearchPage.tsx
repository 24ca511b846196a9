import { Fragment, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { archiveApi, thumbnailUrl, type SearchResult } from './api.ts';
import { BulkActions } from './BulkActions.tsx';
import { ExportPackage } from './ExportPackage.tsx';
import { useArchiveRoles, useLoad } from './hooks.ts';
import { UploadBox } from './UploadBox.tsx';
import { displayName, facetLabel } from './facets.ts';

const FACETS = [
  ['kind', 'archive.facet.kind'],
  ['language', 'archive.facet.language'],
  ['country', 'archive.facet.country'],
  ['confidentiality', 'archive.facet.confidentiality'],
  ['year', 'archive.facet.year'],
  ['extractionState', 'archive.facet.extraction'],
] as const;

const PAGE = 20;

const SORTS = ['relevance', 'event_date', 'added'] as const;

/**
 * The archive's search page. With `published` it is the public browse page: only published public items, whoever
 * is reading (the server applies the same rule to visitors anyway), and no upload box.
 */
export function SearchPage({ published = false }: { published?: boolean }) {
  const { t, language, formatDateTime } = useI18n();
  const roles = useArchiveRoles();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const query: Record<string, string> = Object.fromEntries(params.entries());
  if (query.year) {
    query.dateFrom = query.year;
    query.dateTo = query.year;
    delete query.year;
  }
  if (published) {
    query.state = 'published';
    query.confidentiality = 'public';
  }
  query.limit = String(PAGE);
  const { data, error, reload } = useLoad<SearchResult>(() => archiveApi.search(query), `${published}|${params.toString()}`);
  // Nothing asked for: no words, no filter. An empty answer then means an empty archive, not a search that missed.
  const unfiltered = [...params.keys()].every((name) => name === 'sort' || name === 'offset');
  const sort = SORTS.find((value) => value === params.get('sort')) ?? (params.get('q') ? 'relevance' : 'added');
  const setSort = (value: string) => {
    const next = new URLSearchParams(params);
    next.set('sort', value);
    next.delete('offset');
    setParams(next);
  };
  const offset = Number(params.get('offset') ?? 0) || 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (text.trim()) next.set('q', text.trim());
    else next.delete('q');
    next.delete('offset');
    setParams(next);
  };
  const toggle = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (next.get(name) === value) next.delete(name);
    else next.set(name, value);
    next.delete('offset');
    setParams(next);
  };
  const goTo = (value: number) => {
    const next = new URLSearchParams(params);
    if (value > 0) next.set('offset', String(value));
    else next.delete('offset');
    setParams(next);
  };
  // Items picked for a bulk action, kept across pages and searches until cleared (id → its title, a testimony or not).
  const [selected, setSelected] = useState<Map<string, { title: string; testimony: boolean }>>(() => new Map());
  const selectable = !published && roles.exportPackage;
  const pick = (item: { id: string; title: string; kind: string }, on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(item.id, { title: item.title, testimony: item.kind === 'testimony' });
      else next.delete(item.id);
      return next;
    });
  const facets = published ? FACETS.filter(([name]) => name !== 'confidentiality' && name !== 'extractionState') : FACETS;
  const base = published ? '..' : '';
  return (
    <>
      <PageHeading lead={published ? t('archive.public.lead') : t('archive.summary')}>{published ? t('archive.public.title') : t('archive.title')}</PageHeading>
      <p className="archive-switch">
        {published ? <Link to="..">{t('archive.public.toAll')}</Link> : roles.signedIn ? <Link to="published">{t('archive.public.link')}</Link> : null}
        {!published && roles.edit ? (
          <>
            {' '}
            <Link to="testimony/new">{t('archive.testimony.new')}</Link>
          </>
        ) : null}
      </p>
      <form role="search" className="archive-search" onSubmit={submit}>
        <label htmlFor="archive-q">{t('archive.search.label')}</label>
        <input id="archive-q" type="search" value={text} placeholder={t('archive.search.placeholder')} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="button-primary">
          {t('archive.search.submit')}
        </button>
      </form>
      {!published && roles.edit ? <UploadBox onUploaded={reload} /> : null}
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      {!data && !error ? <p role="status">{t('archive.loading')}</p> : null}
      {data ? (
        <div className="archive-layout">
          <nav aria-label={t('archive.facets')} className="archive-facets">
            {data.facetsExact === false ? <p className="archive-meta">{t('archive.facetsSampled')}</p> : null}
            {facets.map(([name, label]) =>
              data.facets[name].length ? (
                <fieldset key={name}>
                  <legend>{t(label)}</legend>
                  <ul>
                    {data.facets[name].map((f) => (
                      <li key={f.value}>
                        <button
                          type="button"
                          className={params.get(name) === f.value ? 'facet facet-on' : 'facet'}
                          aria-pressed={params.get(name) === f.value}
                          onClick={() => toggle(name, f.value)}
                        >
                          {facetLabel(t, language.tag, name, f.value)} ({f.count})
                        </button>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              ) : null,
            )}
            {data.facets.tag?.length ? (
              <fieldset>
                <legend>{t('archive.meta.tags')}</legend>
                <ul>
                  {data.facets.tag.map((f) => (
                    <li key={f.value}>
                      <button
                        type="button"
                        className={params.get('tag') === f.value ? 'facet facet-on' : 'facet'}
                        aria-pressed={params.get('tag') === f.value}
                        onClick={() => toggle('tag', f.value)}
                      >
                        {f.vocabulary}: {f.term} ({f.count})
                      </button>
                    </li>
                  ))}
                </ul>
              </fieldset>
            ) : null}
          </nav>
          <section className="archive-results" aria-labelledby="archive-results-count">
            <div className="archive-results-bar">
              <p role="status" id="archive-results-count">
                {data.total
                  ? t('archive.results', { count: countLabel(data.total, data.totalExact !== false) })
                  : unfiltered
                    ? t('archive.empty.title')
                    : t('archive.noResults')}
              </p>
              {data.total ? (
                <span className="archive-sort">
                  <label htmlFor="archive-sort">{t('archive.sort.label')}</label>
                  <select id="archive-sort" value={sort} onChange={(e) => setSort(e.target.value)}>
                    {SORTS.map((value) => (
                      <option key={value} value={value} disabled={value === 'relevance' && !params.get('q')}>
                        {t(`archive.sort.${value}`)}
                      </option>
                    ))}
                  </select>
                </span>
              ) : null}
            </div>
            {!data.total && unfiltered ? (
              <p className="archive-empty">{published ? t('archive.empty.published') : roles.edit ? t('archive.empty.edit') : t('archive.empty.view')}</p>
            ) : null}
            {selectable ? (
              <div className="archive-selection">
                <span>{t('archive.select.count', { count: selected.size })}</span>
                <button
                  type="button"
                  className="button-secondary"
                  disabled={data.items.length === 0}
                  onClick={() => data.items.forEach((item) => pick(item, true))}
                >
                  {t('archive.select.page')}
                </button>
                <button type="button" className="button-secondary" disabled={selected.size === 0} onClick={() => setSelected(new Map())}>
                  {t('archive.select.clear')}
                </button>
                <ExportPackage itemIds={[...selected.keys()]} mayHoldTestimony={[...selected.values()].some((s) => s.testimony)} />
                <BulkActions selected={new Map([...selected].map(([id, s]) => [id, s.title]))} onDone={reload} />
              </div>
            ) : null}
            <ol className="archive-result-list">
              {data.items.map((item) => (
                <li key={item.id} className="archive-result">
                  {selectable ? (
                    <input
                      type="checkbox"
                      className="archive-select"
                      checked={selected.has(item.id)}
                      onChange={(e) => pick(item, e.target.checked)}
                      aria-label={t('archive.select.item', { title: item.title })}
                    />
                  ) : null}
                  {/* Decorative: the title beside it names the item; the server sends it only to those who may open the file. */}
                  {item.thumbnailFileId ? (
                    <img className="archive-thumb" src={thumbnailUrl(item.id, item.thumbnailFileId)} alt="" width={64} height={64} loading="lazy" />
                  ) : (
                    <span className="archive-thumb archive-thumb-none" aria-hidden="true" />
                  )}
                  <div className="archive-result-body">
                    <Link to={base ? `${base}/${item.id}` : item.id}>{item.title}</Link>
                    <span className="archive-meta">
                      {' · '}
                      {t(`archive.kind.${item.kind}` as MessageKey)}
                      {item.eventDate ? ` · ${item.eventDate}` : ''}
                      {published ? null : ` · ${t('archive.item.added', { date: formatDateTime(item.createdAt) })}`}
                      {item.place.name || item.place.country
                        ? ` · ${[item.place.name, item.place.country ? displayName(language.tag, 'region', item.place.country) : null].filter(Boolean).join(', ')}`
                        : ''}
                      {published ? null : (
                        <>
                          {' · '}
                          {t(`archive.conf.${item.confidentiality}` as MessageKey)} ·{' '}
                          {t(item.state === 'published' ? 'archive.state.published' : 'archive.state.draft')}
                        </>
                      )}
                    </span>
                    {item.snippet ? (
                      <p className="archive-snippet">
                        {item.snippet.map((part, n) => (part.match ? <mark key={n}>{part.text}</mark> : <Fragment key={n}>{part.text}</Fragment>))}
                      </p>
                    ) : null}
                  </div>
                </li>
              ))}
            </ol>
            {data.total > PAGE ? (
              <div className="pager">
                <button type="button" className="button-secondary" disabled={offset === 0} onClick={() => goTo(Math.max(0, offset - PAGE))}>
                  {t('archive.page.previous')}
                </button>
                <span>{t('archive.page.of', { from: offset + 1, to: Math.min(offset + PAGE, data.total), total: data.total })}</span>
                <button type="button" className="button-secondary" disabled={offset + PAGE >= data.total} onClick={() => goTo(offset + PAGE)}>
                  {t('archive.page.next')}
                </button>
              </div>
            ) : null}
          </section>
        </div>
      ) : null}
    </>
  );
}

/** A bounded total reads as "10,000+" rather than pretending to be the exact count. */
function countLabel(total: number, exact: boolean): string {
  return exact ? String(total) : `${total}+`;
}
