import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client.ts';
import { Dialog } from '../components/Dialog.tsx';
import { Field, TextArea } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { Problem } from './api.ts';
import { FigureRows, RoleRows, TranslationRows, type FigureValue } from './FormRows.tsx';
import { blank, createOnly, formSpecs, recognitionTerms, toBody, type FieldSpec, type FormKind, type RefTarget } from './formSpecs.ts';
import { Picker, type PickOption } from './Picker.tsx';
import { saveRecord } from './saveRecord.ts';

export type PickLists = Record<RefTarget, PickOption[]>;

const key = (k: string) => k as MessageKey;

/**
 * One form for every kind of registry record. The server checks it exactly as an import; a refusal is shown beside
 * each field in the reader's language (by problem code), with the server's own words when no translation exists.
 */
export function RecordForm({
  kind,
  id,
  initial,
  lists,
  onSaved,
  onListsChange,
}: {
  kind: FormKind;
  /** The record being edited; absent for a new one. */
  id?: string;
  initial?: Record<string, unknown>;
  lists: PickLists;
  onSaved: (record: { id: string }, warnings: Problem[]) => void;
  onListsChange?: (target: RefTarget, option: PickOption) => void;
}) {
  const t = useT();
  const creating = id === undefined;
  const [values, setValues] = useState<Record<string, unknown>>(() => ({ ...blank[kind], ...(initial ?? {}) }));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [addingSource, setAddingSource] = useState(false);
  const set = (name: string, value: unknown) => setValues((v) => ({ ...v, [name]: value }));

  const problemText = (p: Problem) => {
    const translated = t(key(`registry.problem.${p.code}`));
    return translated === `registry.problem.${p.code}` ? p.message : translated;
  };
  const errorsFor = (name: string) =>
    problems
      .filter((p) => p.severity === 'error' && (p.field === name || p.field?.startsWith(`${name}[`) || p.field?.startsWith(`${name}.`)))
      .map(problemText)
      .join(' ') || undefined;
  const unplaced = problems.filter((p) => p.severity === 'error' && !formSpecs[kind].some((f) => p.field === f.name || p.field?.startsWith(`${f.name}[`) || p.field?.startsWith(`${f.name}.`)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    try {
      const saved = await saveRecord(kind, id, toBody(kind, values, creating));
      setProblems([]);
      onSaved(saved.record, saved.warnings);
    } catch (error) {
      if (isApiError(error, 'record_rejected')) setProblems(((error.details as { problems?: Problem[] } | undefined)?.problems ?? []) as Problem[]);
      else setFailure(error);
    } finally {
      setSaving(false);
    }
  };

  const label = (name: string) => t(key(`registry.field.${name}`));
  const render = (spec: FieldSpec) => {
    if (!creating && createOnly.has(spec.name)) return null;
    const hint = spec.hint ? t(spec.hint) : undefined;
    const error = errorsFor(spec.name);
    const text = typeof values[spec.name] === 'string' ? (values[spec.name] as string) : '';
    const required = 'required' in spec && spec.required;
    const fieldLabel = required ? t('registry.form.required', { field: label(spec.name) }) : label(spec.name);
    switch (spec.type) {
      case 'text':
      case 'date':
        return <Field key={spec.name} label={fieldLabel} hint={hint} error={error} value={text} onChange={(e) => set(spec.name, e.target.value)} name={spec.name} />;
      case 'textarea':
        return <TextArea key={spec.name} label={fieldLabel} hint={hint} error={error} value={text} rows={3} onChange={(e) => set(spec.name, e.target.value)} name={spec.name} />;
      case 'enum':
        return (
          <div className="field" key={spec.name}>
            <label htmlFor={`f-${spec.name}`}>{fieldLabel}</label>
            <select id={`f-${spec.name}`} name={spec.name} value={text} onChange={(e) => set(spec.name, e.target.value)}>
              {spec.options.map((o) => (
                <option key={o} value={o}>
                  {t(spec.label(o))}
                </option>
              ))}
            </select>
            {hint ? <p className="field-hint">{hint}</p> : null}
            {error ? <p className="field-error">{error}</p> : null}
          </div>
        );
      case 'ref': {
        const chosen = spec.multiple ? ((values[spec.name] as string[] | undefined) ?? []) : text ? [text] : [];
        return (
          <div key={spec.name}>
            <Picker
              label={fieldLabel}
              hint={hint}
              error={error}
              options={lists[spec.target].filter((o) => !(o.id === id && (spec.target as string) === kind))}
              value={chosen}
              multiple={spec.multiple}
              onChange={(ids) => set(spec.name, spec.multiple ? ids : (ids[0] ?? ''))}
            />
            {spec.target === 'sources' && spec.multiple ? (
              <button type="button" className="button-secondary" onClick={() => setAddingSource(true)}>
                {t('registry.form.addSource')}
              </button>
            ) : null}
          </div>
        );
      }
      case 'terms': {
        const chosen = (values.terms as string[] | undefined) ?? [];
        return (
          <fieldset key={spec.name} className="field">
            <legend>{label('terms')}</legend>
            {recognitionTerms.map((term) => (
              <label key={term} className="checkbox">
                <input
                  type="checkbox"
                  checked={chosen.includes(term)}
                  onChange={(e) => set('terms', e.target.checked ? [...chosen, term] : chosen.filter((x) => x !== term))}
                />{' '}
                {t(key(`registry.term.${term}`))}
              </label>
            ))}
            {error ? <p className="field-error">{error}</p> : null}
          </fieldset>
        );
      }
      case 'figures':
        return <FigureRows key={spec.name} label={label('figures')} hint={hint} error={error} value={(values.figures as FigureValue[] | undefined) ?? []} onChange={(f) => set('figures', f)} />;
      case 'translations':
        return (
          <TranslationRows key={spec.name} label={label('translations')} error={error} value={(values.translations as { language: string; text: string }[] | undefined) ?? []} onChange={(v) => set('translations', v)} />
        );
      case 'roles':
        return (
          <RoleRows key={spec.name} label={label('roles')} error={error} actors={lists.actors} value={(values.roles as { actorId: string; role: string }[] | undefined) ?? []} onChange={(v) => set('roles', v)} />
        );
      case 'published':
        return (
          <label key={spec.name} className="checkbox">
            <input type="checkbox" checked={values.published === true} onChange={(e) => set('published', e.target.checked)} /> {t('registry.form.publishNow')}
          </label>
        );
    }
  };

  return (
    <>
      <form className="panel record-form" onSubmit={submit} noValidate aria-label={t(key(`registry.form.title.${kind}`))}>
        <p className="field-hint">{t('registry.form.rules')}</p>
        {creating ? <Field label={label('id')} hint={t('registry.hint.id')} error={errorsFor('id')} value={typeof values.id === 'string' ? values.id : ''} onChange={(e) => set('id', e.target.value)} name="id" /> : null}
        {formSpecs[kind].map(render)}
        {problems.some((p) => p.severity === 'error') ? (
          <Notice kind="error">
            <p>{t('registry.form.refused')}</p>
            {unplaced.length ? (
              <ul>
                {unplaced.map((p, i) => (
                  <li key={i}>{problemText(p)}</li>
                ))}
              </ul>
            ) : null}
          </Notice>
        ) : null}
        {failure ? <Notice kind="error">{describeError(t, failure)}</Notice> : null}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? t('registry.form.saving') : creating ? t('registry.form.create') : t('registry.form.save')}
          </button>
        </div>
      </form>
      {addingSource ? (
        <Dialog open title={t('registry.form.title.sources')} onClose={() => setAddingSource(false)}>
          <RecordForm
            kind="sources"
            lists={lists}
            onSaved={(record) => {
              const source = record as { id: string; title?: string; publisher?: string };
              onListsChange?.('sources', { id: source.id, label: source.title ?? source.id, detail: source.publisher });
              const spec = formSpecs[kind].find((f) => f.type === 'ref' && f.target === 'sources' && f.multiple);
              if (spec) set(spec.name, [...((values[spec.name] as string[] | undefined) ?? []), source.id]);
              setAddingSource(false);
            }}
          />
        </Dialog>
      ) : null}
    </>
  );
}
