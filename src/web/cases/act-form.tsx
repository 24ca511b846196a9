import { useEffect, useId, useState, type FormEvent } from 'react';
import { call } from '../api/client.ts';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { verificationLevels } from '../registry/api.ts';
import { actTypes, casesApi, involvements, type ActBody } from './api.ts';
import { Picker, useAllegationChoices } from './pickers.tsx';

type Option = { id: string; label: string };

/** The units, posts and organisations of the chain-of-command records, by name (persons are picked as actors). */
function useUnitOptions(): Option[] {
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => {
    let live = true;
    call('get', '/api/cases/units').then(
      (list) => live && setOptions(list.entities.filter((e) => e.kind !== 'person').map((e) => ({ id: e.id, label: e.name })).sort((a, b) => a.label.localeCompare(b.label))),
      () => live && setOptions([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return options;
}

const blank = {
  actType: 'other' as ActBody['actType'],
  description: '',
  date: '',
  victimDescription: '',
  perpetratorActorId: '',
  perpetratorUnitId: '',
  perpetratorDescription: '',
  involvement: 'unknown' as ActBody['involvement'],
  sourceId: '',
  pinpoint: '',
  verification: 'reported' as ActBody['verification'],
};

/**
 * An analyst adds an act to an incident (who did what to whom, as a source reports it): the perpetrator actor,
 * unit and source picked by name; the server checks the act as an import checks it and saves nothing on a refusal.
 */
export function NewActForm({ incidentId, onSaved }: { incidentId: string; onSaved: () => void }) {
  const t = useT();
  const id = useId();
  const choices = useAllegationChoices();
  const units = useUnitOptions();
  const [form, setForm] = useState(blank);
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
        victimDescription: orNull(form.victimDescription),
        perpetratorActorId: form.perpetratorActorId || null,
        perpetratorUnitId: form.perpetratorUnitId || null,
        perpetratorDescription: orNull(form.perpetratorDescription),
        involvement: form.involvement,
        sourceId: form.sourceId,
        pinpoint: orNull(form.pinpoint),
        verification: form.verification,
      });
      setForm(blank);
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
        {input('victimDescription', t('cases.newAct.victim'), 500)}
        <Picker id={`${id}-actor`} label={t('cases.newAct.actor')} options={choices?.actors ?? []} value={form.perpetratorActorId} onChange={pick('perpetratorActorId')} none={none} />
        <Picker id={`${id}-unit`} label={t('cases.newAct.unit')} options={units} value={form.perpetratorUnitId} onChange={pick('perpetratorUnitId')} none={none} />
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
