import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { WhenLoaded } from '../registry/Loading.tsx';
import { useLoad } from '../registry/useLoad.ts';
import { verificationLevels } from '../registry/api.ts';
import { casesApi, characterisations, type Characterisation, type IncidentDetail } from './api.ts';
import { AllegationCard, IncidentDate } from './Bits.tsx';
import { IncidentCommand } from './command-pages.tsx';

/** One incident: what, where, when; its acts; every recorded characterisation side by side, each with its proponent. */
export function IncidentPage() {
  const t = useT();
  const { id = '' } = useParams();
  const [state, reload] = useLoad(() => casesApi.incident(id), `incident:${id}`);
  return (
    <WhenLoaded state={state} retry={reload}>
      {(data) => (
        <section className="cases" aria-labelledby="page-title">
          <p>
            <Link to="/cases">{t('cases.back')}</Link>
          </p>
          <PageHeading>{data.incident.title}</PageHeading>
          <dl>
            <dt>{t('cases.field.dateKind')}</dt>
            <dd>
              <IncidentDate date={data.incident.date} /> ({t(`cases.date.${data.incident.date.kind}` as MessageKey)})
            </dd>
            {data.incident.placeName ? (
              <>
                <dt>{t('cases.field.place')}</dt>
                <dd>{[data.incident.placeName, data.incident.placeCountry].filter(Boolean).join(', ')}</dd>
              </>
            ) : null}
            {data.incident.events.length ? (
              <>
                <dt>{t('cases.incident.events')}</dt>
                <dd>
                  {data.incident.events.map((e) => (
                    <Link key={e.id} to={`/claims/events/${encodeURIComponent(e.id)}`}>
                      {e.name}
                    </Link>
                  ))}
                </dd>
              </>
            ) : null}
          </dl>
          {data.incident.description ? <p>{data.incident.description}</p> : null}
          <Acts acts={data.acts} />
          <section aria-labelledby="allegations-title">
            <h2 id="allegations-title">{t('cases.allegations')}</h2>
            <p>{t('cases.voice')}</p>
            {data.allegations.length === 0 ? <p>{t('cases.allegations.none')}</p> : null}
            <div className="cases-side-by-side">
              {data.allegations.map((a) => (
                <AllegationCard key={a.id} allegation={a} />
              ))}
            </div>
          </section>
          <IncidentCommand incidentId={data.incident.id} />
          {data.canEdit ? <NewAllegation incidentId={data.incident.id} onSaved={reload} /> : null}
        </section>
      )}
    </WhenLoaded>
  );
}

function Acts({ acts }: { acts: IncidentDetail['acts'] }) {
  const t = useT();
  if (acts.length === 0) return null;
  return (
    <section aria-labelledby="acts-title">
      <h2 id="acts-title">{t('cases.acts')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('cases.act.what')}</th>
            <th scope="col">{t('cases.act.victim')}</th>
            <th scope="col">{t('cases.act.perpetrator')}</th>
            <th scope="col">{t('cases.act.involvement')}</th>
            <th scope="col">{t('cases.act.source')}</th>
          </tr>
        </thead>
        <tbody>
          {acts.map((a) => (
            <tr key={a.id}>
              <td>
                {t(`cases.actType.${a.actType}` as MessageKey)}: {a.description}
              </td>
              <td>{[a.victimRecord?.name ?? (a.victimRecorded ? t('cases.act.victimRecorded') : null), a.victimDescription].filter(Boolean).join(' · ')}</td>
              <td>{[a.perpetratorActor?.name, a.perpetratorUnitId, a.perpetratorDescription].filter(Boolean).join(' · ')}</td>
              <td>{t(`cases.involvement.${a.involvement}` as MessageKey)}</td>
              <td>{a.source ? (a.source.pinpoint ? t('cases.sourcePinpoint', { publisher: a.source.publisher, title: a.source.title, pinpoint: a.source.pinpoint }) : t('cases.source', { publisher: a.source.publisher, title: a.source.title })) : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const list = (text: string) => text.split(';').map((s) => s.trim()).filter(Boolean);

/** An analyst records somebody's characterisation: proponent, what they call it, the crime and mode they name, sources. */
function NewAllegation({ incidentId, onSaved }: { incidentId: string; onSaved: () => void }) {
  const t = useT();
  const id = useId();
  const [form, setForm] = useState({ proponentId: '', characterisation: 'other' as Characterisation, crimeId: '', modeId: '', statement: '', sourceId: '', pinpoint: '', elements: '', verification: 'reported' as (typeof verificationLevels)[number] });
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    casesApi
      .createAllegation({
        incidentId,
        proponentId: form.proponentId.trim(),
        characterisation: form.characterisation,
        crimeId: form.crimeId.trim() || null,
        modeId: form.modeId.trim() || null,
        statement: form.statement,
        verification: form.verification,
        sources: [{ sourceId: form.sourceId.trim(), pinpoint: form.pinpoint.trim() || null }],
        elementIds: list(form.elements),
      })
      .then(onSaved, (e: unknown) => setError(describeError(t, e)));
  };
  const field = (key: keyof typeof form, label: MessageKey, required = false) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{t(label)}</label>
      <input id={`${id}-${key}`} value={form[key]} onChange={set(key)} required={required} maxLength={key === 'statement' ? 10_000 : 300} />
    </div>
  );
  return (
    <form className="panel" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('cases.newAllegation')}</h2>
      {field('proponentId', 'cases.field.proponent', true)}
      <div className="field">
        <label htmlFor={`${id}-char`}>{t('cases.field.characterisation')}</label>
        <select id={`${id}-char`} value={form.characterisation} onChange={set('characterisation')}>
          {characterisations.map((c) => (
            <option key={c} value={c}>
              {t(`cases.char.${c}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      {field('crimeId', 'cases.field.crime')}
      {field('modeId', 'cases.field.mode')}
      {field('elements', 'cases.field.elements')}
      {field('statement', 'cases.field.statement', true)}
      {field('sourceId', 'cases.field.source', true)}
      {field('pinpoint', 'cases.field.pinpoint')}
      <div className="field">
        <label htmlFor={`${id}-ver`}>{t('cases.allegation.verification')}</label>
        <select id={`${id}-ver`} value={form.verification} onChange={set('verification')}>
          {verificationLevels.map((v) => (
            <option key={v} value={v}>
              {t(`cases.verification.${v}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <button type="submit">{t('cases.save')}</button>
    </form>
  );
}
