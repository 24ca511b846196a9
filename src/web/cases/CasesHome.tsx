import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { WhenLoaded } from '../registry/Loading.tsx';
import { useLoad } from '../registry/useLoad.ts';
import { casesApi, dateKinds, type DateKind } from './api.ts';
import { IncidentDate } from './Bits.tsx';
import { SearchPicker, type Chosen, type PickOption } from './search-picker.tsx';

/** The module's start: what it holds, the incidents, the frameworks, and (for analysts) a new incident. */
export function CasesHome() {
  const t = useT();
  const [state, reload] = useLoad(async () => ({ overview: await casesApi.overview(), incidents: (await casesApi.incidents()).incidents }), 'cases');
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section className="cases" aria-labelledby="page-title">
      <PageHeading>{t('cases.title')}</PageHeading>
      <p>{t('cases.voice')}</p>
      <WhenLoaded state={state} retry={reload}>
        {({ overview, incidents }) => (
          <>
            <p>{t('cases.counts', { incidents: overview.counts.incidents, allegations: overview.counts.allegations, frameworks: overview.counts.frameworks, elements: overview.counts.elements })}</p>
            <p>
              <Link to="/cases/frameworks">{t('cases.frameworks')}</Link>
            </p>
            {overview.canEdit && !overview.standardFrameworksLoaded ? (
              <p>
                <button
                  type="button"
                  onClick={() =>
                    void casesApi.loadStandard().then(
                      () => {
                        setMessage(t('cases.standard.loaded'));
                        reload();
                      },
                      (error: unknown) => setMessage(describeError(t, error)),
                    )
                  }
                >
                  {t('cases.standard.load')}
                </button>
              </p>
            ) : null}
            {message ? <Notice kind="info">{message}</Notice> : null}
            <h2>{t('cases.incidents')}</h2>
            {incidents.length === 0 ? <p>{t('cases.noIncidents')}</p> : null}
            <ul className="cases-incidents">
              {incidents.map((i) => (
                <li key={i.id}>
                  <Link to={`/cases/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link> — <IncidentDate date={i.date} />
                  {i.placeName ? `, ${i.placeName}` : ''} {t('cases.incidentCounts', { acts: i.acts, allegations: i.allegations })}
                </li>
              ))}
            </ul>
            {overview.canEdit ? <NewIncident /> : null}
          </>
        )}
      </WhenLoaded>
    </section>
  );
}

function NewIncident() {
  const t = useT();
  const id = useId();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<DateKind>('exact');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [place, setPlace] = useState<Chosen[]>([]);
  const [known, setKnown] = useState<PickOption['place']>(undefined);
  const [events, setEvents] = useState<Chosen[]>([]);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    casesApi
      .createIncident({
        title,
        dateKind: kind,
        dateStart: kind === 'unknown' ? null : start || null,
        dateEnd: kind === 'range' ? end || null : null,
        placeName: place[0]?.label ?? null,
        // A place an incident named before brings its country and position with it.
        ...(place.length && known ? { placeCountry: known.country, latitude: known.latitude, longitude: known.longitude } : {}),
        eventIds: events.map((e) => e.id),
      })
      .then((created) => navigate(`/cases/incidents/${encodeURIComponent(created.incident.id)}`), (e: unknown) => setError(describeError(t, e)));
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('cases.newIncident')}</h2>
      <div className="field">
        <label htmlFor={`${id}-what`}>{t('cases.field.title')}</label>
        <input id={`${id}-what`} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('cases.field.dateKind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as DateKind)}>
          {dateKinds.map((k) => (
            <option key={k} value={k}>
              {t(`cases.date.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      {kind !== 'unknown' ? (
        <div className="field">
          <label htmlFor={`${id}-start`}>{t('cases.field.start')}</label>
          <input id={`${id}-start`} value={start} onChange={(e) => setStart(e.target.value)} placeholder={t('cases.field.datePlaceholder')} maxLength={10} />
        </div>
      ) : null}
      {kind === 'range' ? (
        <div className="field">
          <label htmlFor={`${id}-end`}>{t('cases.field.end')}</label>
          <input id={`${id}-end`} value={end} onChange={(e) => setEnd(e.target.value)} placeholder={t('cases.field.datePlaceholder')} maxLength={10} />
        </div>
      ) : null}
      <SearchPicker
        kind="places"
        label={t('cases.field.place')}
        value={place}
        onChange={(chosen) => {
          setPlace(chosen);
          if (chosen.length === 0) setKnown(undefined);
        }}
        onPlace={(o) => setKnown(o.place)}
        useTyped={(text) => t('cases.place.new', { text })}
      />
      <SearchPicker kind="events" label={t('cases.incident.events')} value={events} multiple onChange={setEvents} />
      {error ? <Notice kind="error">{error}</Notice> : null}
      <button type="submit">{t('cases.save')}</button>
    </form>
  );
}
