import { ArchiveItemPicker } from '../components/ArchiveItemPicker.tsx';
import { Field, TextArea } from '../components/Field.tsx';
import { useT } from '../i18n/I18nProvider.tsx';

/** A list's provenance as a form edits it: every field as typed, empty for "not given". */
export type SourceDraft = { name: string; compiledBy: string; compiledAt: string; method: string; archiveItemId: string };

export const EMPTY_SOURCE: SourceDraft = { name: '', compiledBy: '', compiledAt: '', method: '', archiveItemId: '' };

/** The provenance fields of a casualty list, shared by the form that registers one and the form that corrects one. */
export function SourceFields({
  draft,
  onChange,
  nameError,
  nameHint,
}: {
  draft: SourceDraft;
  onChange: (draft: SourceDraft) => void;
  nameError?: string;
  nameHint?: string;
}) {
  const t = useT();
  const set = (key: keyof SourceDraft) => (e: { target: { value: string } }) => onChange({ ...draft, [key]: e.target.value });
  return (
    <>
      <div className="form-row">
        <Field label={t('casualties.sources.name')} hint={nameHint} error={nameError} required maxLength={300} value={draft.name} onChange={set('name')} />
        <Field label={t('casualties.sources.compiledBy')} maxLength={300} value={draft.compiledBy} onChange={set('compiledBy')} />
        <Field
          label={t('casualties.sources.compiledAt')}
          hint={t('casualties.sources.compiledAtHint')}
          pattern="\d{4}(-\d{2}(-\d{2})?)?"
          value={draft.compiledAt}
          onChange={set('compiledAt')}
        />
        <ArchiveItemPicker
          label={t('casualties.sources.archiveItem')}
          hint={t('casualties.sources.archiveItemHint')}
          value={draft.archiveItemId}
          onChange={(archiveItemId) => onChange({ ...draft, archiveItemId })}
        />
      </div>
      <TextArea label={t('casualties.sources.method')} rows={3} maxLength={4000} value={draft.method} onChange={set('method')} />
    </>
  );
}
