import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Field, TextArea } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { verificationLevels } from '../registry/api.ts';
import { actTypes, casesApi, characterisations, involvements, type Act, type ActChanges, type AllegationChanges, type AllegationDetail, type Standing, type StandingKind } from './api.ts';
import { crimeOptions, ElementPicker, elementsFor, modeOptions, Picker, useAllegationChoices } from './pickers.tsx';
import { chosenId, SearchPicker, type Chosen } from './search-picker.tsx';

/** A form folded away until opened; its body (and whatever it loads) is made only then. */
function Folded({ summary, className, children }: { summary: string; className: string; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className={`panel ${className}`} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open ? children() : null}
    </details>
  );
}

/** The reason for a correction and the registry source it relies on (optional), shared by the correction forms. */
function useWhy() {
  const t = useT();
  const choices = useAllegationChoices();
  const [reason, setReason] = useState('');
  const [sourceId, setSourceId] = useState('');
  const fields = (
    <>
      <TextArea label={t('cases.correct.reason')} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
      <Picker id="correction-source" label={t('cases.correct.source')} options={choices?.sources ?? []} value={sourceId} onChange={setSourceId} none={t('cases.pick.none')} />
    </>
  );
  return { reason, sourceId: sourceId || null, fields, choices };
}

/** Only what differs from the record as stored is sent: the server keeps every changed field before and after. */
function changed<T extends Record<string, unknown>>(draft: T, original: T): Partial<T> {
  return Object.fromEntries(Object.entries(draft).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(original[k]))) as Partial<T>;
}

const nullIfBlank = (v: string) => v.trim() || null;

/**
 * Correcting an act (analysts): what, when, the victim's record, the perpetrator, involvement, pinpoint and level; the
 * record and the act's earlier values stay in its history, with the reason and the source of the correction.
 */
export function CorrectActForm({ act, onSaved }: { act: Act; onSaved: () => void }) {
  const t = useT();
  return <Folded summary={t('cases.correct.act')} className="cases-correct-act">{() => <CorrectActBody act={act} onSaved={onSaved} />}</Folded>;
}

function CorrectActBody({ act, onSaved }: { act: Act; onSaved: () => void }) {
  const t = useT();
  const id = useId();
  const why = useWhy();
  const [draft, setDraft] = useState({
    actType: act.actType,
    description: act.description,
    date: act.date ?? '',
    victimDescription: act.victimDescription ?? '',
    perpetratorDescription: act.perpetratorDescription ?? '',
    involvement: act.involvement,
    pinpoint: act.source?.pinpoint ?? '',
    verification: act.verification,
  });
  const [victim, setVictim] = useState<Chosen[]>(act.victimRecord ? [{ id: act.victimRecord.id, label: act.victimRecord.name ?? act.victimRecord.id }] : []);
  const [actor, setActor] = useState<Chosen[]>(act.perpetratorActor ? [{ id: act.perpetratorActor.id, label: act.perpetratorActor.name }] : []);
  const [unit, setUnit] = useState<Chosen[]>(act.perpetratorUnitId ? [{ id: act.perpetratorUnitId, label: act.perpetratorUnitId }] : []);
  const [error, setError] = useState<unknown>(null);
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const body = (d: typeof draft, v: Chosen[], a: Chosen[], u: Chosen[]): ActChanges => ({
    actType: d.actType,
    description: d.description,
    date: nullIfBlank(d.date),
    victimDescription: nullIfBlank(d.victimDescription),
    perpetratorDescription: nullIfBlank(d.perpetratorDescription),
    involvement: d.involvement,
    pinpoint: nullIfBlank(d.pinpoint),
    verification: d.verification,
    // A viewer's form never sees the record; an editor's always does, so an unchanged victim is sent unchanged.
    ...(act.victimRecorded && !act.victimRecord ? {} : { victimRecordId: chosenId(v) }),
    perpetratorActorId: chosenId(a),
    perpetratorUnitId: chosenId(u),
  });
  const original = body(
    { ...draft, actType: act.actType, description: act.description, date: act.date ?? '', victimDescription: act.victimDescription ?? '', perpetratorDescription: act.perpetratorDescription ?? '', involvement: act.involvement, pinpoint: act.source?.pinpoint ?? '', verification: act.verification },
    act.victimRecord ? [{ id: act.victimRecord.id, label: '' }] : [],
    act.perpetratorActor ? [{ id: act.perpetratorActor.id, label: '' }] : [],
    act.perpetratorUnitId ? [{ id: act.perpetratorUnitId, label: '' }] : [],
  );
  const changes = changed(body(draft, victim, actor, unit), original);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    casesApi.correctAct(act.id, changes, why.reason, why.sourceId).then(onSaved, setError);
  };
  const select = (key: 'actType' | 'involvement' | 'verification', label: string, values: readonly string[], prefix: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={draft[key]} onChange={set(key)}>
        {values.map((v) => (
          <option key={v} value={v}>
            {t(`${prefix}.${v}` as MessageKey)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form onSubmit={submit} aria-label={t('cases.correct.act')}>
      <p className="field-hint">{t('cases.correct.hintAct')}</p>
      {select('actType', t('cases.act.what'), actTypes, 'cases.actType')}
      <TextArea label={t('cases.newAct.description')} value={draft.description} onChange={set('description')} required maxLength={10_000} />
      <Field label={t('cases.newAct.date')} value={draft.date} onChange={set('date')} maxLength={10} placeholder={t('cases.field.datePlaceholder')} />
      {act.victimRecorded && !act.victimRecord ? null : <SearchPicker kind="victims" label={t('cases.newAct.victimRecord')} value={victim} onChange={setVictim} />}
      <Field label={t('cases.newAct.victim')} value={draft.victimDescription} onChange={set('victimDescription')} maxLength={500} />
      <SearchPicker kind="actors" label={t('cases.newAct.actor')} value={actor} onChange={setActor} />
      <SearchPicker kind="units" label={t('cases.newAct.unit')} value={unit} onChange={setUnit} />
      <Field label={t('cases.newAct.perpetrator')} value={draft.perpetratorDescription} onChange={set('perpetratorDescription')} maxLength={500} />
      {select('involvement', t('cases.act.involvement'), involvements, 'cases.involvement')}
      <Field label={t('cases.field.pinpoint')} value={draft.pinpoint} onChange={set('pinpoint')} maxLength={200} />
      {select('verification', t('cases.allegation.verification'), verificationLevels, 'cases.verification')}
      {why.fields}
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      <button type="submit" disabled={why.reason.trim() === '' || Object.keys(changes).length === 0}>
        {t('cases.correct.submit')}
      </button>
    </form>
  );
}

/**
 * Correcting an allegation (analysts): the proponent, what they call it, the crime, mode and elements, the words and
 * the first source's pinpoint. Its verification level is the reviewers'; an element with evidence cannot be dropped.
 */
export function CorrectAllegationForm({ detail, onSaved }: { detail: AllegationDetail; onSaved: () => void }) {
  const t = useT();
  return <Folded summary={t('cases.correct.allegation')} className="cases-correct-allegation">{() => <CorrectAllegationBody detail={detail} onSaved={onSaved} />}</Folded>;
}

function CorrectAllegationBody({ detail, onSaved }: { detail: AllegationDetail; onSaved: () => void }) {
  const t = useT();
  const id = useId();
  const why = useWhy();
  const a = detail.allegation;
  const start = {
    characterisation: a.characterisation,
    crimeId: a.crime?.id ?? '',
    modeId: a.mode?.id ?? '',
    statement: a.statement,
    date: a.date ?? '',
    language: a.language ?? '',
    notes: a.notes ?? '',
    perpetratorDescription: a.perpetratorDescription ?? '',
  };
  const [draft, setDraft] = useState(start);
  const [proponent, setProponent] = useState<Chosen[]>([{ id: a.proponent.id, label: a.proponent.name }]);
  const [elementIds, setElementIds] = useState<string[]>(a.elementIds);
  const [error, setError] = useState<unknown>(null);
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const pick = (key: keyof typeof draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const frameworks = why.choices?.frameworks ?? [];
  const elementOptions = elementsFor(frameworks, draft.crimeId, draft.modeId);
  const body = (d: typeof draft, p: string | null, e: string[]): AllegationChanges => ({
    proponentId: p ?? '',
    characterisation: d.characterisation,
    crimeId: d.crimeId || null,
    modeId: d.modeId || null,
    statement: d.statement,
    date: nullIfBlank(d.date),
    language: nullIfBlank(d.language),
    notes: nullIfBlank(d.notes),
    perpetratorDescription: nullIfBlank(d.perpetratorDescription),
    elementIds: e,
  });
  // Elements are offered once the frameworks are loaded; until then the stored ones are kept as they are.
  const chosenElements = why.choices ? elementIds.filter((e) => elementOptions.some((o) => o.id === e)) : a.elementIds;
  const changes = changed(body(draft, chosenId(proponent), chosenElements), body(start, a.proponent.id, a.elementIds));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    casesApi.correctAllegation(a.id, changes, why.reason, why.sourceId).then(onSaved, setError);
  };
  const none = t('cases.pick.none');
  return (
    <form onSubmit={submit} aria-label={t('cases.correct.allegation')}>
      <p className="field-hint">{t('cases.correct.hintAllegation')}</p>
      <SearchPicker kind="actors" label={t('cases.pick.proponent')} value={proponent} onChange={setProponent} />
      <div className="field">
        <label htmlFor={`${id}-char`}>{t('cases.field.characterisation')}</label>
        <select id={`${id}-char`} value={draft.characterisation} onChange={set('characterisation')}>
          {characterisations.map((c) => (
            <option key={c} value={c}>
              {t(`cases.char.${c}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <Picker id={`${id}-crime`} label={t('cases.pick.crime')} options={crimeOptions(frameworks)} value={draft.crimeId} onChange={pick('crimeId')} none={none} />
      <Picker id={`${id}-mode`} label={t('cases.pick.mode')} options={modeOptions(frameworks)} value={draft.modeId} onChange={pick('modeId')} none={none} />
      {why.choices ? <ElementPicker options={elementOptions} chosen={elementIds} onChange={setElementIds} /> : <p role="status">{t('cases.loading')}</p>}
      <TextArea label={t('cases.field.statement')} value={draft.statement} onChange={set('statement')} required maxLength={10_000} />
      <Field label={t('cases.newAct.date')} value={draft.date} onChange={set('date')} maxLength={10} placeholder={t('cases.field.datePlaceholder')} />
      <Field label={t('cases.correct.language')} value={draft.language} onChange={set('language')} maxLength={35} />
      <Field label={t('cases.newAct.perpetrator')} value={draft.perpetratorDescription} onChange={set('perpetratorDescription')} maxLength={500} />
      <TextArea label={t('cases.correct.notes')} value={draft.notes} onChange={set('notes')} maxLength={10_000} />
      {why.fields}
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      <button type="submit" disabled={why.reason.trim() === '' || Object.keys(changes).length === 0}>
        {t('cases.correct.submit')}
      </button>
    </form>
  );
}

const STEP = {
  withdrawn: ['cases.standing.stepWithdrawn', 'cases.standing.stepWithdrawnWithIncident'],
  restored: ['cases.standing.stepRestored', 'cases.standing.stepRestoredWithIncident'],
} as const;
const WITHDRAW_TITLE = { incident: 'cases.standing.withdrawIncident', act: 'cases.standing.withdrawAct', allegation: 'cases.standing.withdrawAllegation' } as const;

/** Whether an incident, act or allegation stands or was withdrawn, and every withdrawal and restoration with who, when and why. */
export function StandingHistory({ standing, historyOnly = false }: { standing: Standing; historyOnly?: boolean }) {
  const t = useT();
  const at = (s: string) => s.slice(0, 16).replace('T', ' ');
  return (
    <>
      {standing.withdrawn && !historyOnly ? (
        <p className="cases-withdrawn" role="note">
          {t('cases.standing.withdrawn', { at: at(standing.withdrawn.at), by: standing.withdrawn.by, reason: standing.withdrawn.reason })}
        </p>
      ) : null}
      {standing.withdrawals.length ? (
        <details className="cases-standing">
          <summary>{t('cases.standing.history', { count: standing.withdrawals.length })}</summary>
          <ol>
            {standing.withdrawals.map((s, i) => (
              <li key={i}>{t(STEP[s.action][s.withIncident ? 1 : 0], { at: at(s.at), by: s.by, reason: s.reason })}</li>
            ))}
          </ol>
        </details>
      ) : null}
    </>
  );
}

/** Withdrawing an incident, act or allegation, or restoring it (analysts), with a reason; the record itself is never changed. */
export function StandingForm({ kind, id, standing, onDone }: { kind: StandingKind; id: string; standing: Standing; onDone: () => void }) {
  const t = useT();
  const restore = standing.withdrawn !== null;
  const title = restore ? t('cases.standing.restore') : t(WITHDRAW_TITLE[kind]);
  return (
    <Folded summary={title} className="cases-standing-form">
      {() => <StandingBody kind={kind} id={id} restore={restore} title={title} onDone={onDone} />}
    </Folded>
  );
}

function StandingBody({ kind, id, restore, title, onDone }: { kind: StandingKind; id: string; restore: boolean; title: string; onDone: () => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    casesApi.standing(kind, id, restore, reason).then(onDone, setError);
  };
  return (
    <form onSubmit={submit} aria-label={title}>
      <p className="field-hint">{t('cases.standing.hint')}</p>
      {kind === 'incident' ? <p className="field-hint">{t('cases.standing.incidentActs')}</p> : null}
      <TextArea label={t('cases.standing.reason')} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      <button type="submit" disabled={reason.trim() === ''}>
        {title}
      </button>
    </form>
  );
}
