import { useState, type FormEvent } from 'react';
import { readDate } from '../../core/casualties/values.ts';
import { unstorableText } from '../../core/text/storable.ts';
import { isApiError } from '../api/client.ts';
import { Field, TextArea } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { missingApi, missingStatuses, type MissingStatus, type Place } from './api.ts';

/** The server's limits (src/server/missing/schemas.ts), checked here first so the reader is told before sending. */
export const LIMITS = { source: 300, place: 300, note: 2000 } as const;

type Errors = Partial<Record<'date' | 'source' | 'place' | 'note' | 'form', MessageKey>>;
type Texts = { date: string; source: string; place?: string; note: string };

/**
 * What is wrong with a report before it is sent, field by field, as catalogue keys (so in the reader's language): a
 * missing source, a date that does not exist or is not written year first, text too long, a character PostgreSQL
 * cannot store (NUL, a lone surrogate). A sighting also needs a date, a place or a place of interest.
 */
export function checkReport(kind: 'status' | 'sighting', values: Texts & { placeId: string }): Errors {
  const errors: Errors = {};
  const date = values.date.trim();
  if (date) {
    const read = readDate(date, 'ymd');
    if (!read.ok || read.value !== date) errors.date = 'missing.report.error.date';
  }
  if (!values.source.trim()) errors.source = 'missing.report.error.sourceRequired';
  else if (values.source.trim().length > LIMITS.source) errors.source = 'missing.report.error.tooLong';
  if ((values.place ?? '').trim().length > LIMITS.place) errors.place = 'missing.report.error.tooLong';
  if (values.note.trim().length > LIMITS.note) errors.note = 'missing.report.error.tooLong';
  for (const field of ['date', 'source', 'place', 'note'] as const) {
    if (!errors[field] && unstorableText(values[field] ?? '')) errors[field] = 'missing.report.error.text';
  }
  if (kind === 'sighting' && !date && !(values.place ?? '').trim() && !values.placeId) errors.form = 'missing.report.error.sightingEmpty';
  return errors;
}

/** A refusal from the server, placed on its field when its code names one (the server checks the same rules). */
function serverErrors(error: unknown): Errors | null {
  if (!isApiError(error)) return null;
  const field = (error.details as { field?: string } | null | undefined)?.field ?? '';
  if (error.code === 'invalid_date') return { date: 'missing.report.error.date' };
  if (error.code === 'last_seen_empty') return { form: 'missing.report.error.sightingEmpty' };
  if (error.code === 'invalid_text') {
    const at = /note/.test(field) ? 'note' : /reportedBy/.test(field) ? 'source' : /place/.test(field) ? 'place' : 'form';
    return { [at]: 'missing.report.error.text' };
  }
  return null;
}

const limitOf = (field: keyof Errors) => (field === 'source' ? LIMITS.source : field === 'place' ? LIMITS.place : LIMITS.note);

interface FormProps {
  recordId: string;
  places: Place[];
  /** Called after the server took the report, to show it with the others. */
  onSaved: () => void;
}

/** Adds a status as one source reports it, on its date; it stands beside the other sources' claims and replaces none. */
export function StatusForm({ recordId, places, onSaved }: FormProps) {
  const t = useT();
  const [status, setStatus] = useState<MissingStatus>('missing');
  const [values, setValues] = useState({ date: '', source: '', note: '', placeId: '' });
  const [state, setState] = useState<{ errors: Errors; failure: unknown; saving: boolean; saved: boolean }>({ errors: {}, failure: null, saving: false, saved: false });
  const set = (key: keyof typeof values) => (event: { target: { value: string } }) => setValues({ ...values, [key]: event.target.value });
  const message = (field: keyof Errors) => (state.errors[field] ? t(state.errors[field]!, { max: limitOf(field) }) : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = checkReport('status', values);
    if (Object.keys(errors).length) return setState({ errors, failure: null, saving: false, saved: false });
    setState({ errors: {}, failure: null, saving: true, saved: false });
    try {
      await missingApi.addStatus(recordId, { status, date: values.date.trim() || null, reportedBy: values.source.trim(), note: values.note.trim() || undefined, placeId: values.placeId || null });
      setValues({ date: '', source: '', note: '', placeId: '' });
      setState({ errors: {}, failure: null, saving: false, saved: true });
      onSaved();
    } catch (error) {
      const placed = serverErrors(error);
      setState({ errors: placed ?? {}, failure: placed ? null : error, saving: false, saved: false });
    }
  };

  return (
    <form className="missing-report" onSubmit={submit} noValidate aria-labelledby="missing-status-form-title">
      <h3 id="missing-status-form-title">{t('missing.report.statusTitle')}</h3>
      <p className="muted">{t('missing.report.statusLead')}</p>
      {Object.keys(state.errors).length ? <Notice kind="error">{state.errors.form ? t(state.errors.form) : t('missing.report.error.fix')}</Notice> : null}
      {state.failure ? <Notice kind="error">{describeError(t, state.failure)}</Notice> : null}
      {state.saved ? <Notice kind="success">{t('missing.report.savedStatus')}</Notice> : null}
      <div className="field">
        <label htmlFor="missing-status-select">{t('missing.report.status')}</label>
        <select id="missing-status-select" value={status} onChange={(e) => setStatus(e.target.value as MissingStatus)}>
          {missingStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`missing.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <Field label={t('missing.report.date')} hint={t('missing.report.dateHint')} error={message('date')} value={values.date} onChange={set('date')} inputMode="numeric" autoComplete="off" maxLength={10} />
      <Field label={t('missing.report.source')} hint={t('missing.report.sourceHint')} error={message('source')} value={values.source} onChange={set('source')} required />
      <PlaceOfInterest places={places} value={values.placeId} onChange={set('placeId')} id="missing-status-place" />
      <TextArea label={t('missing.report.note')} error={message('note')} value={values.note} onChange={set('note')} rows={2} />
      <button type="submit" disabled={state.saving}>
        {state.saving ? t('missing.report.saving') : t('missing.report.saveStatus')}
      </button>
    </form>
  );
}

/** Adds a sighting: when and where the person was last seen, and who says so. */
export function SightingForm({ recordId, places, onSaved }: FormProps) {
  const t = useT();
  const [values, setValues] = useState({ date: '', place: '', source: '', note: '', placeId: '' });
  const [state, setState] = useState<{ errors: Errors; failure: unknown; saving: boolean; saved: boolean }>({ errors: {}, failure: null, saving: false, saved: false });
  const set = (key: keyof typeof values) => (event: { target: { value: string } }) => setValues({ ...values, [key]: event.target.value });
  const message = (field: keyof Errors) => (state.errors[field] ? t(state.errors[field]!, { max: limitOf(field) }) : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = checkReport('sighting', values);
    if (Object.keys(errors).length) return setState({ errors, failure: null, saving: false, saved: false });
    setState({ errors: {}, failure: null, saving: true, saved: false });
    try {
      await missingApi.addLastSeen(recordId, { seenOn: values.date.trim() || null, place: values.place.trim() || null, placeId: values.placeId || null, reportedBy: values.source.trim(), note: values.note.trim() || undefined });
      setValues({ date: '', place: '', source: '', note: '', placeId: '' });
      setState({ errors: {}, failure: null, saving: false, saved: true });
      onSaved();
    } catch (error) {
      const placed = serverErrors(error);
      setState({ errors: placed ?? {}, failure: placed ? null : error, saving: false, saved: false });
    }
  };

  return (
    <form className="missing-report" onSubmit={submit} noValidate aria-labelledby="missing-sighting-form-title">
      <h3 id="missing-sighting-form-title">{t('missing.report.sightingTitle')}</h3>
      <p className="muted">{t('missing.report.sightingLead')}</p>
      {Object.keys(state.errors).length ? <Notice kind="error">{state.errors.form ? t(state.errors.form) : t('missing.report.error.fix')}</Notice> : null}
      {state.failure ? <Notice kind="error">{describeError(t, state.failure)}</Notice> : null}
      {state.saved ? <Notice kind="success">{t('missing.report.savedSighting')}</Notice> : null}
      <Field label={t('missing.report.seenOn')} hint={t('missing.report.dateHint')} error={message('date')} value={values.date} onChange={set('date')} inputMode="numeric" autoComplete="off" maxLength={10} />
      <Field label={t('missing.report.seenAt')} error={message('place')} value={values.place} onChange={set('place')} />
      <PlaceOfInterest places={places} value={values.placeId} onChange={set('placeId')} id="missing-sighting-place" />
      <Field label={t('missing.report.source')} hint={t('missing.report.sourceHint')} error={message('source')} value={values.source} onChange={set('source')} required />
      <TextArea label={t('missing.report.note')} error={message('note')} value={values.note} onChange={set('note')} rows={2} />
      <button type="submit" disabled={state.saving}>
        {state.saving ? t('missing.report.saving') : t('missing.report.saveSighting')}
      </button>
    </form>
  );
}

function PlaceOfInterest({ places, value, onChange, id }: { places: Place[]; value: string; onChange: (event: { target: { value: string } }) => void; id: string }) {
  const t = useT();
  if (!places.length) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{t('missing.report.placeOfInterest')}</label>
      <select id={id} value={value} onChange={onChange}>
        <option value="">{t('missing.report.noPlaceOfInterest')}</option>
        {places.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({t(`missing.kind.${p.kind}`)})
          </option>
        ))}
      </select>
    </div>
  );
}
