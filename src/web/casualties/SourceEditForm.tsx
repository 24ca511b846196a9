import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client.ts';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, type NewSource, type Source } from './api.ts';
import { SourceFields, type SourceDraft } from './SourceFields.tsx';

/** What differs from the list as stored; an emptied optional field is sent as null, which clears it. */
export function sourceChanges(source: Source, draft: SourceDraft): Partial<NewSource> {
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
  const initial = (): SourceDraft => ({ name: source.name, compiledBy: source.compiledBy ?? '', compiledAt: source.compiledAt ?? '', method: source.method ?? '', archiveItemId: source.archiveItemId ?? '' });
  const [draft, setDraft] = useState<SourceDraft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
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
        <SourceFields draft={draft} onChange={setDraft} nameError={nameError} />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy || Object.keys(changes).length === 0}>
            {t('casualties.sources.save')}
          </button>
        </div>
      </form>
    </details>
  );
}
