import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client.ts';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, type NewSource, type Source } from './api.ts';

type Draft = { name: string; compiledBy: string; compiledAt: string; method: string; archiveItemId: string };

/** What differs from the list as stored; an emptied optional field is sent as null, which clears it. */
export function sourceChanges(source: Source, draft: Draft): Partial<NewSource> {
  const out: Partial<NewSource> = {};
  if (draft.name.trim() !== source.name) out.name = draft.name.trim();
  for (const key of ['compiledBy', 'compiledAt', 'method', 'archiveItemId'] as const) {
    const value = draft[key].trim() === '' ? null : draft[key].trim();
    if (value !== source[key]) out[key] = value;
  }
  return out;
}

/** Editors correct a list's provenance (who compiled it, when, how, where the original is); the server audits old and new values. */
export function SourceEditForm({ source, onSaved }: { source: Source; onSaved: (source: Source) => void }) {
  const t = useT();
  const initial = (): Draft => ({ name: source.name, compiledBy: source.compiledBy ?? '', compiledAt: source.compiledAt ?? '', method: source.method ?? '', archiveItemId: source.archiveItemId ?? '' });
  const [draft, setDraft] = useState<Draft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const changes = sourceChanges(source, draft);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNameError(undefined);
    setSaved(false);
    try {
      onSaved(await casualtiesApi.updateSource(source.id, changes));
      setSaved(true);
    } catch (e) {
      if (isApiError(e, 'source_exists')) setNameError(t('casualties.sources.exists'));
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="cas-edit-source">
      <summary>{t('casualties.sources.edit')}</summary>
      <form onSubmit={(e) => void submit(e)}>
        {error ? <Notice kind="error">{error}</Notice> : null}
        {saved ? <Notice kind="success">{t('casualties.sources.saved')}</Notice> : null}
        <div className="form-row">
          <Field label={t('casualties.sources.name')} error={nameError} required maxLength={300} value={draft.name} onChange={set('name')} />
          <Field label={t('casualties.sources.compiledBy')} maxLength={300} value={draft.compiledBy} onChange={set('compiledBy')} />
          <Field label={t('casualties.sources.compiledAt')} hint={t('casualties.sources.compiledAtHint')} pattern="\d{4}(-\d{2}(-\d{2})?)?" value={draft.compiledAt} onChange={set('compiledAt')} />
          <Field label={t('casualties.sources.archiveItem')} hint={t('casualties.sources.archiveItemHint')} maxLength={200} value={draft.archiveItemId} onChange={set('archiveItemId')} />
        </div>
        <div className="field">
          <label htmlFor="cas-edit-source-method">{t('casualties.sources.method')}</label>
          <textarea id="cas-edit-source-method" rows={3} maxLength={4000} value={draft.method} onChange={set('method')} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy || Object.keys(changes).length === 0}>
            {t('casualties.sources.save')}
          </button>
        </div>
      </form>
    </details>
  );
}
