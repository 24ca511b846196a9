import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, type CasualtyRecord, type RecordsPage } from './api.ts';
import { Pager } from './Pager.tsx';
import { sexLabel, statusLabel } from './labels.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

const PAGE = 50;

/** The records of one list, current versions, searchable by any name in any script, fifty at a time. */
export function RecordsList({ sourceId, generation }: { sourceId: string; generation: number }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [applied, setApplied] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<RecordsPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    casualtiesApi.records(sourceId, { q: applied || undefined, limit: PAGE, offset }).then(
      (r) => live && setPage(r),
      (e: unknown) => live && setError(describeError(t, e)),
    );
    return () => {
      live = false;
    };
  }, [sourceId, applied, offset, generation, t]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setOffset(0);
    setApplied(query.trim());
  };

  return (
    <section aria-labelledby="cas-records-title">
      <h2 id="cas-records-title">{t('casualties.records.title')}</h2>
      <form className="cas-search" role="search" onSubmit={search}>
        <label htmlFor="cas-records-q">{t('casualties.records.search')}</label>
        <input id="cas-records-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby="cas-records-q-hint" />
        <button type="submit">{t('casualties.records.searchButton')}</button>
        <p className="field-hint" id="cas-records-q-hint">
          {t('casualties.records.searchHint')}
        </p>
      </form>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!page && !error ? <p className="loading">{t('casualties.loading')}</p> : null}
      {page && page.records.length === 0 ? <p>{applied ? t('casualties.records.noMatch') : t('casualties.records.empty')}</p> : null}
      {page && page.records.length > 0 ? (
        <>
          <RecordsTable records={page.records} />
          <Pager offset={page.offset} limit={page.limit} total={page.total} onChange={setOffset} />
        </>
      ) : null}
    </section>
  );
}

export function RecordsTable({ records, showVersion = true }: { records: CasualtyRecord[]; showVersion?: boolean }) {
  const t = useT();
  return (
    <ScrollRegion label={t('casualties.records.title')}>
      <table className="dense">
        <thead>
          <tr>
            <th scope="col">{t('casualties.field.source_record_id')}</th>
            <th scope="col">{t('casualties.records.names')}</th>
            <th scope="col">{t('casualties.field.sex')}</th>
            <th scope="col">{t('casualties.field.age')}</th>
            <th scope="col">{t('casualties.field.birth_date')}</th>
            <th scope="col">{t('casualties.field.death_date')}</th>
            <th scope="col">{t('casualties.field.place')}</th>
            <th scope="col">{t('casualties.field.status')}</th>
            {showVersion ? <th scope="col">{t('casualties.records.version')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={`/casualties/records/${encodeURIComponent(r.id)}`}>{r.sourceRecordId}</Link>
              </th>
              <td>
                <Names names={recordNames(r)} />
              </td>
              <td>{sexLabel(t, r.sex)}</td>
              <td>{r.age ?? '–'}</td>
              <td className="nowrap">{r.birthDate ?? '–'}</td>
              <td className="nowrap">{r.deathDate ?? '–'}</td>
              <td>{r.place ?? '–'}</td>
              <td>{statusLabel(t, r.status)}</td>
              {showVersion ? <td>{r.version}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** A record's names for display: its whole names, then its parts (family, given, patronymic) as one name. */
export function recordNames(r: { names: string[]; familyName?: string | null; givenName?: string | null; patronymic?: string | null }): string[] {
  const parts = [r.familyName, r.givenName, r.patronymic].filter(Boolean).join(' ');
  return parts ? [...r.names, parts] : r.names;
}

/** Names as the list wrote them, each in its own script; `dir="auto"` keeps any script's text the right way round. */
export function Names({ names }: { names: string[] }) {
  return (
    <ul className="cas-names">
      {names.map((n, i) => (
        <li key={i} dir="auto">
          {n}
        </li>
      ))}
    </ul>
  );
}
