import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client.ts';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, type CasualtyRecord, type CorrectionChanges, type Sex, type Status } from './api.ts';
import { fieldLabel, sexLabel, statusLabel } from './labels.ts';

type Draft = {
  names: string;
  sex: Sex | '';
  age: string;
  birthDate: string;
  deathDate: string;
  place: string;
  status: Status;
  type: string;
  cause: string;
  perpetratorReported: string;
  notes: string;
};

const draftOf = (r: CasualtyRecord): Draft => ({
  names: r.names.join('\n'),
  sex: r.sex ?? '',
  age: r.age === null ? '' : String(r.age),
  birthDate: r.birthDate ?? '',
  deathDate: r.deathDate ?? '',
  place: r.place ?? '',
  status: r.status,
  type: r.type ?? '',
  cause: r.cause ?? '',
  perpetratorReported: r.perpetratorReported ?? '',
  notes: r.notes ?? '',
});

/** Only what differs from the version being corrected goes to the server; the rest is carried over there. */
export function changesBetween(before: CasualtyRecord, draft: Draft): CorrectionChanges {
  const changes: CorrectionChanges = {};
  const names = draft.names.split('\n').map((n) => n.trim()).filter(Boolean);
  if (names.join('\n') !== before.names.join('\n')) changes.names = names;
  const sex = draft.sex === '' ? null : draft.sex;
  if (sex !== before.sex) changes.sex = sex;
  const age = draft.age.trim() === '' ? null : Number(draft.age);
  if (age !== before.age) changes.age = age;
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  for (const key of ['birthDate', 'deathDate', 'place', 'type', 'cause', 'perpetratorReported', 'notes'] as const) {
    if (text(draft[key]) !== before[key]) changes[key] = text(draft[key]);
  }
  if (draft.status !== before.status) changes.status = draft.status;
  return changes;
}

const PARTIAL_DATE = '\\d{4}(-\\d{2}(-\\d{2})?)?';

/** A correction is a new version of the record; the old version stays, marked as superseded. */
export function CorrectionForm({ record, onCorrected }: { record: CasualtyRecord; onCorrected: (next: CasualtyRecord) => void }) {
  const t = useT();
  const [draft, setDraft] = useState<Draft>(() => draftOf(record));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const changes = changesBetween(record, draft);
  const nothing = Object.keys(changes).length === 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (nothing) return;
    setBusy(true);
    setError(null);
    try {
      const { record: next } = await casualtiesApi.correct(record.id, { changes, reason: reason.trim() });
      onCorrected(next);
    } catch (e) {
      if (isApiError(e, 'not_current')) setError(t('casualties.correction.notCurrent'));
      else if (isApiError(e, 'no_change')) setError(t('casualties.correction.nothing'));
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="cas-correction" onSubmit={(e) => void submit(e)} aria-labelledby="cas-correction-title">
      <h2 id="cas-correction-title">{t('casualties.correction.title')}</h2>
      <p className="field-hint">{t('casualties.correction.hint')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <div className="field">
        <label htmlFor="cas-corr-names">{t('casualties.records.names')}</label>
        <textarea id="cas-corr-names" rows={3} required value={draft.names} onChange={set('names')} aria-describedby="cas-corr-names-hint" dir="auto" />
        <p className="field-hint" id="cas-corr-names-hint">
          {t('casualties.correction.namesHint')}
        </p>
      </div>
      <div className="form-row">
        <div className="field">
          <label htmlFor="cas-corr-sex">{fieldLabel(t, 'sex')}</label>
          <select id="cas-corr-sex" value={draft.sex} onChange={set('sex')}>
            <option value="">{t('casualties.correction.notGiven')}</option>
            {(['female', 'male', 'unknown'] as const).map((s) => (
              <option key={s} value={s}>
                {sexLabel(t, s)}
              </option>
            ))}
          </select>
        </div>
        <Field label={fieldLabel(t, 'age')} type="number" min={0} max={130} step={1} value={draft.age} onChange={set('age')} />
        <Field label={fieldLabel(t, 'birth_date')} hint={t('casualties.sources.compiledAtHint')} pattern={PARTIAL_DATE} value={draft.birthDate} onChange={set('birthDate')} />
        <Field label={fieldLabel(t, 'death_date')} hint={t('casualties.sources.compiledAtHint')} pattern={PARTIAL_DATE} value={draft.deathDate} onChange={set('deathDate')} />
        <Field label={fieldLabel(t, 'place')} maxLength={500} value={draft.place} onChange={set('place')} />
        <div className="field">
          <label htmlFor="cas-corr-status">{fieldLabel(t, 'status')}</label>
          <select id="cas-corr-status" value={draft.status} onChange={set('status')}>
            {(['civilian', 'combatant', 'unknown'] as const).map((s) => (
              <option key={s} value={s}>
                {statusLabel(t, s)}
              </option>
            ))}
          </select>
        </div>
        <Field label={fieldLabel(t, 'type')} maxLength={500} value={draft.type} onChange={set('type')} />
        <Field label={fieldLabel(t, 'cause')} maxLength={2000} value={draft.cause} onChange={set('cause')} />
        <Field label={fieldLabel(t, 'perpetrator_reported')} maxLength={500} value={draft.perpetratorReported} onChange={set('perpetratorReported')} />
      </div>
      <div className="field">
        <label htmlFor="cas-corr-notes">{fieldLabel(t, 'notes')}</label>
        <textarea id="cas-corr-notes" rows={2} maxLength={10000} value={draft.notes} onChange={set('notes')} />
      </div>
      <div className="field">
        <label htmlFor="cas-corr-reason">{t('casualties.correction.reason')}</label>
        <textarea id="cas-corr-reason" rows={2} required maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="cas-corr-reason-hint" />
        <p className="field-hint" id="cas-corr-reason-hint">
          {t('casualties.correction.reasonHint')}
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy || nothing || reason.trim() === ''}>
          {t('casualties.correction.submit')}
        </button>
        {nothing ? <span className="muted">{t('casualties.correction.nothing')}</span> : null}
      </div>
    </form>
  );
}
