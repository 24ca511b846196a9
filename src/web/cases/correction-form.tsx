import { useState, type FormEvent } from 'react';
import { Field, TextArea } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { casesApi, dateKinds, type Correction, type DateKind, type IncidentDetail } from './api.ts';

/** The corrections of an incident or act, oldest first: who, when, why, and each field before and after. */
export function CorrectionHistory({ corrections }: { corrections: Correction[] }) {
  const { t } = useI18n();
  if (corrections.length === 0) return null;
  const value = (v: string | null, hidden: boolean) => (hidden ? t('cases.correct.hidden') : v === null || v === '' ? t('cases.correct.empty') : v);
  return (
    <details className="cases-corrections">
      <summary>{t('cases.correct.history', { count: corrections.length })}</summary>
      <ol>
        {corrections.map((c, i) => (
          <li key={i}>
            <p>{t('cases.correct.entry', { at: c.at.slice(0, 16).replace('T', ' '), by: c.by, reason: c.reason })}</p>
            {c.source ? <p>{t('cases.correct.sourceShown', { publisher: c.source.publisher, title: c.source.title })}</p> : null}
            <ul>
              {c.changes.map((x) => (
                <li key={x.field}>
                  {t('cases.correct.change', { field: x.field, from: value(x.from, x.hidden), to: value(x.to, x.hidden) })}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </details>
  );
}

type Draft = { title: string; description: string; dateKind: DateKind; dateStart: string; dateEnd: string; placeName: string; placeCountry: string };

const draftOf = (i: IncidentDetail['incident']): Draft => ({
  title: i.title,
  description: i.description ?? '',
  dateKind: i.date.kind,
  dateStart: i.date.start ?? '',
  dateEnd: i.date.end ?? '',
  placeName: i.placeName ?? '',
  placeCountry: i.placeCountry ?? '',
});

/**
 * Correcting an incident (analysts): only the fields changed are sent, with the reason; the server keeps the values
 * before and after in a ledger event and refuses the whole correction, naming the field, if anything is wrong.
 */
export function CorrectIncidentForm({ incident, onSaved }: { incident: IncidentDetail['incident']; onSaved: () => void }) {
  const { t } = useI18n();
  const original = draftOf(incident);
  const [draft, setDraft] = useState<Draft>(original);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const changes = Object.fromEntries(
    (Object.keys(draft) as Array<keyof Draft>).filter((k) => draft[k] !== original[k]).map((k) => [k, k === 'title' || k === 'dateKind' ? draft[k] : draft[k].trim() || null]),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await casesApi.correctIncident(incident.id, changes, reason);
      setReason('');
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="panel cases-correct">
      <summary>{t('cases.correct.incident')}</summary>
      <form onSubmit={submit}>
        <p className="field-hint">{t('cases.correct.hint')}</p>
        <Field label={t('cases.field.title')} value={draft.title} onChange={set('title')} required maxLength={300} />
        <TextArea label={t('cases.correct.description')} value={draft.description} onChange={set('description')} maxLength={10_000} />
        <div className="field">
          <label htmlFor={`correct-${incident.id}-kind`}>{t('cases.field.dateKind')}</label>
          <select id={`correct-${incident.id}-kind`} value={draft.dateKind} onChange={set('dateKind')}>
            {dateKinds.map((k) => (
              <option key={k} value={k}>
                {t(`cases.date.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        {draft.dateKind !== 'unknown' ? <Field label={t('cases.field.start')} value={draft.dateStart} onChange={set('dateStart')} placeholder={t('cases.field.datePlaceholder')} maxLength={10} /> : null}
        {draft.dateKind === 'range' ? <Field label={t('cases.field.end')} value={draft.dateEnd} onChange={set('dateEnd')} placeholder={t('cases.field.datePlaceholder')} maxLength={10} /> : null}
        <Field label={t('cases.field.place')} value={draft.placeName} onChange={set('placeName')} maxLength={300} />
        <Field label={t('cases.correct.country')} value={draft.placeCountry} onChange={set('placeCountry')} maxLength={2} />
        <TextArea label={t('cases.correct.reason')} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
        {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
        <button type="submit" disabled={busy || reason.trim() === '' || Object.keys(changes).length === 0}>
          {t('cases.correct.submit')}
        </button>
      </form>
    </details>
  );
}
