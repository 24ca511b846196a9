import { useEffect, useState, type FormEvent } from 'react';
import { Link, Route, Routes, useParams, useSearchParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { missingApi, missingStatuses, type MissingList, type MissingPerson, type MissingStatus, type Place, type StatusClaim } from './api.ts';
import { PlacesMap, type MapPoint } from './PlacesMap.tsx';
import { IdentificationForm, PlaceForm } from './PlaceIdentificationForms.tsx';
import { SightingForm, StatusForm } from './ReportForms.tsx';
import './missing.css';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

const PAGE = 50;

/**
 * Missing persons for editors and reviewers: the list (name in any script, status), a person's page with each
 * source's status claims side by side, the last sightings and the identification stage, and the places of interest
 * on a map. Nothing here merges what sources say; sealed identification data shows only when the server sends it.
 */
export default function MissingModule() {
  return (
    <Routes>
      <Route index element={<List />} />
      <Route path="places" element={<Places />} />
      <Route path=":id" element={<Person />} />
    </Routes>
  );
}

const isStatus = (value: string | null): value is MissingStatus => !!value && (missingStatuses as readonly string[]).includes(value);

function useStatusWord() {
  const t = useT();
  return (s: MissingStatus) => t(`missing.status.${s}`);
}

function List() {
  const t = useT();
  const word = useStatusWord();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [draft, setDraft] = useState({ q, status: status ?? '' });
  const [found, setFound] = useState<MissingList | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    setFound(null);
    setError(null);
    missingApi.list({ q: q || undefined, status, page }).then(
      (answer) => current && setFound(answer),
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [q, status, page]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.q.trim()) next.set('q', draft.q.trim());
    if (draft.status) next.set('status', draft.status);
    setParams(next);
  };
  const goTo = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next);
  };
  const last = found ? Math.max(1, Math.ceil(found.total / PAGE)) : 1;

  return (
    <>
      <PageHeading lead={t('missing.lead')}>{t('missing.title')}</PageHeading>
      <p>
        <Link to="places">{t('missing.placesNav')}</Link>
      </p>
      <form className="missing-filters" role="search" onSubmit={submit}>
        <div>
          <label htmlFor="missing-q">{t('missing.search')}</label>
          <input id="missing-q" type="search" maxLength={200} value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </div>
        <div>
          <label htmlFor="missing-status">{t('missing.statusFilter')}</label>
          <select id="missing-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{t('missing.anyStatus')}</option>
            {missingStatuses.map((s) => (
              <option key={s} value={s}>
                {word(s)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('missing.searchButton')}</button>
      </form>
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      {found === null ? (
        error ? null : <p className="loading">{t('app.loading')}</p>
      ) : found.persons.length === 0 ? (
        <p role="status">{t('missing.none')}</p>
      ) : (
        <ScrollRegion label={t('missing.count', { count: found.total })}>
          <table className="missing-list">
            <caption>{t('missing.count', { count: found.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('missing.name')}</th>
                <th scope="col">{t('missing.born')}</th>
                <th scope="col">{t('missing.list')}</th>
                <th scope="col">{t('missing.statuses')}</th>
              </tr>
            </thead>
            <tbody>
              {found.persons.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={encodeURIComponent(p.id)}>{p.names.join(' / ') || p.sourceRecordId}</Link>
                  </td>
                  <td>{p.birthDate ?? t('missing.notGiven')}</td>
                  <td>{p.source}</td>
                  <td>{[...new Set(p.statuses.map((c) => word(c.status)))].join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {found && last > 1 ? (
        <nav className="pager" aria-label={t('missing.pages')}>
          <button type="button" disabled={page <= 1} onClick={() => goTo(page - 1)}>
            {t('missing.previous')}
          </button>
          <span>
            {page} / {last}
          </span>
          <button type="button" disabled={page >= last} onClick={() => goTo(page + 1)}>
            {t('missing.next')}
          </button>
        </nav>
      ) : null}
    </>
  );
}

/** Each source's claims in date order (undated last, as the server sends them), sources in order of first claim. */
export function claimsBySource(claims: readonly StatusClaim[]): Array<{ source: string; claims: StatusClaim[] }> {
  const groups = new Map<string, StatusClaim[]>();
  for (const claim of claims) {
    const key = claim.reportedBy.trim();
    groups.set(key, [...(groups.get(key) ?? []), claim]);
  }
  return [...groups].map(([source, list]) => ({ source, claims: list }));
}

/** The distinct latest statuses of the sources (their last dated claim, else their last), when more than one. */
export function disagreement(groups: ReadonlyArray<{ claims: readonly StatusClaim[] }>): MissingStatus[] {
  const latest = new Set(groups.map((g) => (g.claims.filter((c) => c.date).at(-1) ?? g.claims.at(-1))!.status));
  return latest.size > 1 ? [...latest] : [];
}

function Person() {
  const t = useT();
  const word = useStatusWord();
  const { id = '' } = useParams();
  const [person, setPerson] = useState<MissingPerson | null>(null);
  const [places, setPlaces] = useState<Place[]>([]);
  const [error, setError] = useState<unknown>(null);
  /** Moves on after a report is saved, so the page reads the person again and shows it with the others. */
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  useEffect(() => {
    let current = true;
    missingApi.person(id).then(
      (answer) => current && setPerson(answer),
      (e: unknown) => current && setError(e),
    );
    missingApi.places().then(
      (answer) => current && setPlaces(answer.places),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [id, version]);

  if (error) {
    return (
      <>
        <PageHeading>{t('missing.title')}</PageHeading>
        <Notice kind="error">{describeError(t, error)}</Notice>
        <p>
          <Link to="..">{t('missing.back')}</Link>
        </p>
      </>
    );
  }
  if (!person) return <p className="loading">{t('app.loading')}</p>;
  const p = person.person;
  const groups = claimsBySource(person.statuses);
  const differ = disagreement(groups);
  const placeIds = new Set([...person.statuses.map((c) => c.placeId), ...person.lastSeen.map((s) => s.placeId)].filter(Boolean));
  const points: MapPoint[] = places.filter((pl) => placeIds.has(pl.id) && pl.position).map((pl) => ({ id: pl.id, name: pl.name, kind: pl.kind, latitude: pl.position!.latitude, longitude: pl.position!.longitude }));
  for (const s of person.lastSeen) {
    if (s.position && !s.placeId) points.push({ id: s.id, name: s.place ?? t('missing.lastSeenTitle'), kind: 'last_seen', latitude: s.position.latitude, longitude: s.position.longitude });
  }
  const holds = (['anteMortem', 'samples', 'contact'] as const).filter((k) => person.identification.holds[k]);

  return (
    <>
      <PageHeading>{p.names.join(' / ') || p.sourceRecordId}</PageHeading>
      <p>
        <Link to="..">{t('missing.back')}</Link> · <Link to={`/casualties/records/${encodeURIComponent(p.id)}`}>{t('missing.record')}</Link>
      </p>
      <dl className="cas-facts">
        <dt>{t('missing.list')}</dt>
        <dd>{p.source}</dd>
        <dt>{t('missing.born')}</dt>
        <dd>{p.birthDate ?? t('missing.notGiven')}</dd>
        <dt>{t('missing.place')}</dt>
        <dd>{p.place ?? t('missing.notGiven')}</dd>
      </dl>

      <section aria-labelledby="missing-claims-title">
        <h2 id="missing-claims-title">{t('missing.claimsTitle')}</h2>
        <p className="muted">{t('missing.claimsLead')}</p>
        {differ.length ? <Notice kind="info">{t('missing.disagree', { statuses: differ.map(word).join(' · ') })}</Notice> : null}
        {groups.length === 0 ? (
          <p>{t('missing.noClaims')}</p>
        ) : (
          <div className="missing-claims">
            {groups.map((g) => (
              <section key={g.source} className="missing-source" aria-label={`${t('missing.reportedBy')}: ${g.source}`}>
                <h3>{g.source}</h3>
                <ol>
                  {g.claims.map((c, i) => (
                    <li key={c.id} className={i === g.claims.length - 1 ? 'missing-latest' : undefined}>
                      <span>{c.date ?? t('missing.notGiven')}</span>: <span className="missing-status">{word(c.status)}</span>
                      {c.placeName ? <span> · {c.placeName}</span> : null}
                      {c.note ? <p className="muted">{c.note}</p> : null}
                    </li>
                  ))}
                </ol>
              </section>
            ))}
          </div>
        )}
        <StatusForm recordId={p.id} places={places} onSaved={reload} />
      </section>

      <section aria-labelledby="missing-seen-title">
        <h2 id="missing-seen-title">{t('missing.lastSeenTitle')}</h2>
        {person.lastSeen.length === 0 ? (
          <p>{t('missing.noSightings')}</p>
        ) : (
          <ScrollRegion labelledBy="missing-seen-title">
            <table className="missing-sightings">
              <thead>
                <tr>
                  <th scope="col">{t('missing.date')}</th>
                  <th scope="col">{t('missing.atPlace')}</th>
                  <th scope="col">{t('missing.reportedBy')}</th>
                  <th scope="col">{t('missing.note')}</th>
                </tr>
              </thead>
              <tbody>
                {person.lastSeen.map((s) => (
                  <tr key={s.id}>
                    <td>{s.seenOn ?? t('missing.notGiven')}</td>
                    <td>{s.placeName ?? s.place ?? t('missing.notGiven')}</td>
                    <td>{s.reportedBy}</td>
                    <td>{s.note}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
        <SightingForm recordId={p.id} places={places} onSaved={reload} />
        <h3>{t('missing.mapTitle')}</h3>
        <PlacesMap points={points} />
        <PlaceTable points={points} />
      </section>

      <section aria-labelledby="missing-id-title">
        <h2 id="missing-id-title">{t('missing.identificationTitle')}</h2>
        <dl className="cas-facts">
          <dt>{t('missing.stage')}</dt>
          <dd className="missing-stage">{person.identification.stage ? t(`missing.stage.${person.identification.stage}`) : t('missing.stageNone')}</dd>
          <dt>{t('missing.holds')}</dt>
          <dd>{holds.length ? holds.map((k) => t(`missing.holds.${k}`)).join(', ') : t('missing.holdsNone')}</dd>
        </dl>
        {person.identification.sealed ? (
          <dl className="cas-facts">
            {(['anteMortem', 'samples', 'contact'] as const)
              .filter((k) => person.identification.sealed?.[k])
              .map((k) => (
                <div key={k}>
                  <dt>{t(`missing.sealed.${k}`)}</dt>
                  <dd className="missing-sealed">{person.identification.sealed?.[k]}</dd>
                </div>
              ))}
          </dl>
        ) : holds.length ? (
          <p className="muted">{t('missing.sealedHidden')}</p>
        ) : null}
        <IdentificationForm key={p.id} recordId={p.id} identification={person.identification} onSaved={reload} />
      </section>
    </>
  );
}

function PlaceTable({ points, places }: { points: MapPoint[]; places?: Place[] }) {
  const t = useT();
  const rows = places ?? points.map((p) => ({ id: p.id, kind: p.kind, name: p.name, position: { latitude: p.latitude, longitude: p.longitude }, description: '' }));
  if (!rows.length) return null;
  return (
    <ScrollRegion label={t('missing.placesTitle')}>
      <table className="missing-places">
        <thead>
          <tr>
            <th scope="col">{t('missing.placeName')}</th>
            <th scope="col">{t('missing.kind')}</th>
            <th scope="col">{t('missing.coordinates')}</th>
            {places ? <th scope="col">{t('missing.description')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td>{t(`missing.kind.${p.kind}`)}</td>
              <td>{p.position ? `${p.position.latitude}, ${p.position.longitude}` : t('missing.noPosition')}</td>
              {places ? <td>{p.description}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function Places() {
  const t = useT();
  const [places, setPlaces] = useState<Place[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** Moves on after a place is added, so the list and the map read the places again. */
  const [version, setVersion] = useState(0);
  useEffect(() => {
    missingApi.places().then((answer) => setPlaces(answer.places), setError);
  }, [version]);
  const points: MapPoint[] = (places ?? []).filter((p) => p.position).map((p) => ({ id: p.id, name: p.name, kind: p.kind, latitude: p.position!.latitude, longitude: p.position!.longitude }));
  return (
    <>
      <PageHeading lead={t('missing.placesLead')}>{t('missing.placesTitle')}</PageHeading>
      <p>
        <Link to="..">{t('missing.back')}</Link>
      </p>
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      {places === null ? (
        error ? null : <p className="loading">{t('app.loading')}</p>
      ) : places.length === 0 ? (
        <p>{t('missing.noPlaces')}</p>
      ) : (
        <>
          <PlacesMap points={points} />
          <PlaceTable points={points} places={places} />
        </>
      )}
      {places === null ? null : <PlaceForm existing={places} onSaved={() => setVersion((v) => v + 1)} />}
    </>
  );
}
