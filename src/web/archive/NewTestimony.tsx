import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { archiveApi, CONFIDENTIALITIES, CONSENT_SCOPES, uploadFile, type Confidentiality, type ConsentScope } from './api.ts';
import { errorField, today, useArchiveRoles } from './hooks.ts';
import { TestimonyDetailFields } from './TestimonyPanel.tsx';

/**
 * Recording a testimony: the item's description, the witness by pseudonym, the protected identity (encrypted by
 * the server, never searchable), consent by scope, the interview, the transcript, and the recording itself.
 */
export function NewTestimony() {
  const { t } = useI18n();
  const roles = useArchiveRoles();
  const navigate = useNavigate();
  const [item, setItem] = useState({ title: '', description: '', confidentiality: 'confidential' as Confidentiality, eventDate: '', placeName: '', country: '' });
  const [details, setDetails] = useState({ pseudonym: '', interviewer: '', interviewDate: '', interviewPlace: '', language: '' });
  const [identity, setIdentity] = useState({ name: '', contact: '', location: '' });
  const [consents, setConsents] = useState<Record<ConsentScope, { given: boolean; on: string }>>({
    internal_use: { given: true, on: today() },
    publication: { given: false, on: today() },
    court_use: { given: false, on: today() },
  });
  const [transcript, setTranscript] = useState('');
  const [recording, setRecording] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!roles.edit) return <Notice kind="error">{t('error.forbidden')}</Notice>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const clean = Object.fromEntries(Object.entries(identity).filter(([, v]) => v.trim() !== ''));
      const { testimony } = await archiveApi.createTestimony({
        item: {
          title: item.title,
          description: item.description,
          confidentiality: item.confidentiality,
          languages: details.language.trim() ? [details.language.trim()] : [],
          eventDate: item.eventDate.trim() || null,
          place: { name: item.placeName.trim() || null, country: item.country.trim() || null },
        },
        pseudonym: details.pseudonym,
        identity: Object.keys(clean).length ? clean : null,
        interviewer: details.interviewer.trim() || null,
        interviewDate: details.interviewDate || null,
        interviewPlace: details.interviewPlace.trim() || null,
        language: details.language.trim() || null,
        consents: CONSENT_SCOPES.filter((s) => consents[s].given).map((scope) => ({ scope, givenOn: consents[scope].on })),
      });
      if (transcript.trim()) await archiveApi.putText(testimony.itemId, details.language.trim() || 'und', 'transcript', transcript);
      if (recording) {
        setProgress(0);
        await uploadFile(recording, { itemId: testimony.itemId }, setProgress);
      }
      navigate(`/archive/${testimony.itemId}`);
    } catch (caught) {
      setError({ message: describeError(t, caught), field: errorField(caught) });
      setBusy(false);
    }
  };
  const fieldError = (name: string) => (error?.field === name || error?.field === `item.${name}` ? error.message : undefined);

  return (
    <>
      <p>
        <Link to="/archive">{t('archive.item.back')}</Link>
      </p>
      <PageHeading lead={t('archive.testimony.newLead')}>{t('archive.testimony.new')}</PageHeading>
      <form onSubmit={submit} noValidate className="archive-form">
        <fieldset>
          <legend>{t('archive.testimony.itemPart')}</legend>
          <Field label={t('archive.meta.itemTitle')} required value={item.title} onChange={(e) => setItem({ ...item, title: e.target.value })} error={fieldError('title')} />
          <label htmlFor="testimony-description">{t('archive.meta.description')}</label>
          <textarea id="testimony-description" rows={3} value={item.description} onChange={(e) => setItem({ ...item, description: e.target.value })} />
          <div className="form-row">
            <Field label={t('archive.item.date')} hint={t('archive.meta.dateRangeHint')} value={item.eventDate} onChange={(e) => setItem({ ...item, eventDate: e.target.value })} error={fieldError('eventDate')} />
            <Field label={t('archive.meta.placeName')} value={item.placeName} onChange={(e) => setItem({ ...item, placeName: e.target.value })} />
            <Field label={t('archive.meta.country')} hint={t('archive.meta.countryHint')} maxLength={2} value={item.country} onChange={(e) => setItem({ ...item, country: e.target.value.toUpperCase() })} error={fieldError('place.country')} />
          </div>
          <div className="field">
            <label htmlFor="testimony-conf">{t('archive.facet.confidentiality')}</label>
            <select id="testimony-conf" value={item.confidentiality} onChange={(e) => setItem({ ...item, confidentiality: e.target.value as Confidentiality })}>
              {CONFIDENTIALITIES.map((c) => (
                <option key={c} value={c}>
                  {t(`archive.conf.${c}`)}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('archive.testimony.details')}</legend>
          <TestimonyDetailFields values={details} set={(key, value) => setDetails({ ...details, [key]: value })} />
        </fieldset>
        <fieldset>
          <legend>{t('archive.identity.title')}</legend>
          <p className="archive-meta">{t('archive.identity.lead')}</p>
          {(['name', 'contact', 'location'] as const).map((field) => (
            <Field key={field} label={t(`archive.identity.${field}`)} autoComplete="off" value={identity[field]} onChange={(e) => setIdentity({ ...identity, [field]: e.target.value })} error={fieldError(`identity.${field}`)} />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('archive.consent.title')}</legend>
          {CONSENT_SCOPES.map((scope) => (
            <div key={scope} className="form-row">
              <label className="archive-check">
                <input type="checkbox" checked={consents[scope].given} onChange={(e) => setConsents({ ...consents, [scope]: { ...consents[scope], given: e.target.checked } })} /> {t(`archive.consent.${scope}`)}
              </label>
              {consents[scope].given ? (
                <Field label={t('archive.consent.givenOnLabel', { scope: t(`archive.consent.${scope}`) })} type="date" value={consents[scope].on} onChange={(e) => setConsents({ ...consents, [scope]: { given: true, on: e.target.value } })} />
              ) : null}
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('archive.transcript.title')}</legend>
          <label htmlFor="testimony-transcript">{t('archive.transcript.text')}</label>
          <textarea id="testimony-transcript" rows={8} value={transcript} onChange={(e) => setTranscript(e.target.value)} />
          <div className="field">
            <label htmlFor="testimony-recording">{t('archive.testimony.recording')}</label>
            <input id="testimony-recording" type="file" accept="audio/*,video/*" onChange={(e) => setRecording(e.target.files?.[0] ?? null)} />
          </div>
          {progress !== null ? <progress max={1} value={progress} aria-label={t('archive.upload.progress', { name: recording?.name ?? '' })} /> : null}
        </fieldset>
        {error ? <Notice kind="error">{error.message}</Notice> : null}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? t('common.saving') : t('archive.testimony.record')}
          </button>
        </div>
      </form>
    </>
  );
}
