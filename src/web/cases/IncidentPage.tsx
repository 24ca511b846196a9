import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { WhenLoaded } from '../registry/Loading.tsx';
import { useLoad } from '../registry/useLoad.ts';
import { verificationLevels } from '../registry/api.ts';
import { casesApi, characterisations, type Characterisation, type IncidentDetail } from './api.ts';
import { AllegationCard, IncidentDate } from './Bits.tsx';
import { NewActForm } from './act-form.tsx';
import { IncidentCommand } from './command-pages.tsx';
import { CorrectIncidentForm, CorrectionHistory } from './correction-form.tsx';
import { crimeOptions, ElementPicker, elementsFor, modeOptions, Picker, useAllegationChoices } from './pickers.tsx';
import { CorrectActForm, StandingForm, StandingHistory } from './record-forms.tsx';

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
          <StandingHistory standing={data.incident} />
          <CorrectionHistory corrections={data.corrections} />
          {data.canEdit ? <CorrectIncidentForm key={data.corrections.length} incident={data.incident} onSaved={reload} /> : null}
          {data.canEdit ? <StandingForm key={`s${data.incident.withdrawals.length}`} kind="incident" id={data.incident.id} standing={data.incident} onDone={reload} /> : null}
          <Acts acts={data.acts} canEdit={data.canEdit} onSaved={reload} />
          {data.canEdit ? <NewActForm incidentId={data.incident.id} onSaved={reload} /> : null}
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

function Acts({ acts, canEdit, onSaved }: { acts: IncidentDetail['acts']; canEdit: boolean; onSaved: () => void }) {
  const t = useT();
  if (acts.length === 0) return null;
  return (
    <section aria-labelledby="acts-title">
      <h2 id="acts-title">{t('cases.acts')}</h2>
      <ScrollRegion labelledBy="acts-title">
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
              <tr key={a.id} data-act={a.id} data-withdrawn={a.withdrawn ? 'yes' : 'no'}>
                <td>
                  {t(`cases.actType.${a.actType}` as MessageKey)}: {a.description}
                  <StandingHistory standing={a} />
                  <CorrectionHistory corrections={a.corrections} />
                  {canEdit ? <CorrectActForm key={`c${a.corrections.length}`} act={a} onSaved={onSaved} /> : null}
                  {canEdit ? <StandingForm key={`s${a.withdrawals.length}`} kind="act" id={a.id} standing={a} onDone={onSaved} /> : null}
                </td>
                <td>{[a.victimRecord?.name ?? (a.victimRecorded ? t('cases.act.victimRecorded') : null), a.victimDescription].filter(Boolean).join(' · ')}</td>
                <td>{[a.perpetratorActor?.name, a.perpetratorUnitId, a.perpetratorDescription].filter(Boolean).join(' · ')}</td>
                <td>{t(`cases.involvement.${a.involvement}` as MessageKey)}</td>
                <td>{a.source ? (a.source.pinpoint ? t('cases.sourcePinpoint', { publisher: a.source.publisher, title: a.source.title, pinpoint: a.source.pinpoint }) : t('cases.source', { publisher: a.source.publisher, title: a.source.title })) : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

/** An analyst records somebody's characterisation: who makes it, what they call it, the crime, mode and elements they name, sources; each picked by name. */
function NewAllegation({ incidentId, onSaved }: { incidentId: string; onSaved: () => void }) {
  const t = useT();
  const id = useId();
  const choices = useAllegationChoices();
  const [form, setForm] = useState({ proponentId: '', characterisation: 'other' as Characterisation, crimeId: '', modeId: '', statement: '', sourceId: '', pinpoint: '', verification: 'reported' as (typeof verificationLevels)[number] });
  const [elementIds, setElementIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const pick = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const frameworks = choices?.frameworks ?? [];
  const elementOptions = elementsFor(frameworks, form.crimeId, form.modeId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    casesApi
      .createAllegation({
        incidentId,
        proponentId: form.proponentId,
        characterisation: form.characterisation,
        crimeId: form.crimeId || null,
        modeId: form.modeId || null,
        statement: form.statement,
        verification: form.verification,
        sources: [{ sourceId: form.sourceId, pinpoint: form.pinpoint.trim() || null }],
        elementIds: elementIds.filter((e) => elementOptions.some((o) => o.id === e)),
      })
      .then(onSaved, (e: unknown) => setError(describeError(t, e)));
  };
  const none = t('cases.pick.none');
  return (
    <form className="panel" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('cases.newAllegation')}</h2>
      {choices === null ? <p role="status">{t('cases.loading')}</p> : null}
      <Picker id={`${id}-proponent`} label={t('cases.pick.proponent')} options={choices?.actors ?? []} value={form.proponentId} onChange={pick('proponentId')} required none={none} />
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
      <Picker id={`${id}-crime`} label={t('cases.pick.crime')} options={crimeOptions(frameworks)} value={form.crimeId} onChange={pick('crimeId')} none={none} />
      <Picker id={`${id}-mode`} label={t('cases.pick.mode')} options={modeOptions(frameworks)} value={form.modeId} onChange={pick('modeId')} none={none} />
      <ElementPicker options={elementOptions} chosen={elementIds} onChange={setElementIds} />
      <div className="field">
        <label htmlFor={`${id}-statement`}>{t('cases.field.statement')}</label>
        <textarea id={`${id}-statement`} value={form.statement} onChange={set('statement')} required maxLength={10_000} />
      </div>
      <Picker id={`${id}-source`} label={t('cases.pick.source')} options={choices?.sources ?? []} value={form.sourceId} onChange={pick('sourceId')} required none={none} />
      <div className="field">
        <label htmlFor={`${id}-pinpoint`}>{t('cases.field.pinpoint')}</label>
        <input id={`${id}-pinpoint`} value={form.pinpoint} onChange={set('pinpoint')} maxLength={200} />
      </div>
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
