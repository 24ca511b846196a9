import { useId, useState, type FormEvent } from 'react';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { verificationLevels } from '../registry/api.ts';
import { actTypes, casesApi, involvements, type ActBody } from './api.ts';
import { Picker, useAllegationChoices } from './pickers.tsx';
import { chosenId, SearchPicker, type Chosen } from './search-picker.tsx';

const blank = {
  actType: 'other' as ActBody['actType'],
  description: '',
  date: '',
  victimDescription: '',
  perpetratorDescription: '',
  involvement: 'unknown' as ActBody['involvement'],
  sourceId: '',
  pinpoint: '',
  verification: 'reported' as ActBody['verification'],
};

/**
 * An analyst adds an act to an incident (who did what to whom, as a source reports it): the victim (a casualty
 * record), the perpetrator actor and unit found by name on the server, the source picked by name; the server checks the act as an import checks it and saves nothing on a refusal.
 */
export function NewActForm({ incidentId, onSaved }: { incidentId: string; onSaved: () => void }) {
  const t = useT();
  const id = useId();
  const choices = useAllegationChoices();
  const [form, setForm] = useState(blank);
  const [victim, setVictim] = useState<Chosen[]>([]);
  const [actor, setActor] = useState<Chosen[]>([]);
  const [unit, setUnit] = useState<Chosen[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const pick = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const orNull = (value: string) => value.trim() || null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await casesApi.addAct(incidentId, {
        actType: form.actType,
        description: form.description,
        date: orNull(form.date),
        victimRecordId: chosenId(victim),
        victimDescription: orNull(form.victimDescription),
        perpetratorActorId: chosenId(actor),
        perpetratorUnitId: chosenId(unit),
        perpetratorDescription: orNull(form.perpetratorDescription),
        involvement: form.involvement,
        sourceId: form.sourceId,
        pinpoint: orNull(form.pinpoint),
        verification: form.verification,
      });
      setForm(blank);
      setVictim([]);
      setActor([]);
      setUnit([]);
      onSaved();
    } catch (caught) {
      setError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };
  const none = t('cases.pick.none');
  const select = (key: 'actType' | 'involvement' | 'verification', label: string, values: readonly string[], prefix: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={form[key]} onChange={set(key)}>
        {values.map((v) => (
          <option key={v} value={v}>
            {t(`${prefix}.${v}` as MessageKey)}
          </option>
        ))}
      </select>
    </div>
  );
  const input = (key: 'date' | 'victimDescription' | 'perpetratorDescription' | 'pinpoint', label: string, maxLength: number, placeholder?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} value={form[key]} onChange={set(key)} maxLength={maxLength} placeholder={placeholder} />
    </div>
  );
  return (
    <details className="panel cases-new-act">
      <summary>{t('cases.newAct')}</summary>
      <form onSubmit={submit} aria-label={t('cases.newAct')}>
        {choices === null ? <p role="status">{t('cases.loading')}</p> : null}
        {select('actType', t('cases.act.what'), actTypes, 'cases.actType')}
        <div className="field">
          <label htmlFor={`${id}-description`}>{t('cases.newAct.description')}</label>
          <textarea id={`${id}-description`} value={form.description} onChange={set('description')} required maxLength={10_000} />
        </div>
        {input('date', t('cases.newAct.date'), 10, t('cases.field.datePlaceholder'))}
        <SearchPicker kind="victims" label={t('cases.newAct.victimRecord')} hint={t('cases.newAct.victimRecordHint')} value={victim} onChange={setVictim} />
        {input('victimDescription', t('cases.newAct.victim'), 500)}
        <SearchPicker kind="actors" label={t('cases.newAct.actor')} value={actor} onChange={setActor} />
        <SearchPicker kind="units" label={t('cases.newAct.unit')} value={unit} onChange={setUnit} />
        {input('perpetratorDescription', t('cases.newAct.perpetrator'), 500)}
        {select('involvement', t('cases.act.involvement'), involvements, 'cases.involvement')}
        <Picker id={`${id}-source`} label={t('cases.pick.source')} options={choices?.sources ?? []} value={form.sourceId} onChange={pick('sourceId')} required none={none} />
        {input('pinpoint', t('cases.field.pinpoint'), 200)}
        {select('verification', t('cases.allegation.verification'), verificationLevels, 'cases.verification')}
        {error ? <Notice kind="error">{error}</Notice> : null}
        <button type="submit" disabled={busy}>
          {t('cases.newAct.submit')}
        </button>
      </form>
    </details>
  );
}
