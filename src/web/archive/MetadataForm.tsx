import { Fragment, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { countryCodes } from '../../core/registry/iso3166.ts';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { archiveApi, CONFIDENTIALITIES, ITEM_KINDS, type ArchiveItem, type Confidentiality, type ItemDetail, type ItemKind, type Vocabulary } from './api.ts';
import { errorField, useLoad } from './hooks.ts';

/** The form's values, as typed (numbers and lists are parsed on submit, so a half-typed value is not lost). */
interface Values {
  kind: ItemKind;
  title: string;
  description: string;
  languages: string;
  dateMode: 'none' | 'single' | 'range';
  dateFrom: string;
  dateTo: string;
  placeName: string;
  country: string;
  latitude: string;
  longitude: string;
  providedBy: string;
  confidentiality: Confidentiality;
  tags: string[];
  related: string[];
}

function initial(item: ItemDetail): Values {
  const [from = '', to = ''] = (item.eventDate ?? '').split('/');
  return {
    kind: item.kind,
    title: item.title,
    description: item.description,
    languages: item.languages.join(', '),
    dateMode: !item.eventDate ? 'none' : to ? 'range' : 'single',
    dateFrom: from,
    dateTo: to,
    placeName: item.place.name ?? '',
    country: item.place.country ?? '',
    latitude: item.place.latitude === null ? '' : String(item.place.latitude),
    longitude: item.place.longitude === null ? '' : String(item.place.longitude),
    providedBy: item.providedBy ?? '',
    confidentiality: item.confidentiality,
    tags: item.tags.map((tag) => tag.id),
    related: item.related,
  };
}

const number = (text: string): number | null => (text.trim() === '' ? null : Number(text.replace(',', '.')));

/** The API's field names (details.field, or a zod path) mapped to the form's inputs. */
const FIELD_OF: Record<string, keyof Values> = {
  title: 'title',
  description: 'description',
  languages: 'languages',
  eventDate: 'dateFrom',
  'place.name': 'placeName',
  'place.country': 'country',
  country: 'country',
  latitude: 'latitude',
  'place.latitude': 'latitude',
  longitude: 'longitude',
  'place.longitude': 'longitude',
  providedBy: 'providedBy',
  tags: 'tags',
  related: 'related',
  kind: 'kind',
};

/** A labelled control with hint and error wired up, for selects and text areas (Field covers inputs). */
function Control({ label, hint, error, children }: { label: string; hint?: string; error?: string; children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode }) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Picks related items by searching the archive (only items the reader may see are offered). */
function RelatedPicker({ itemId, related, onChange, error }: { itemId: string; related: string[]; onChange: (ids: string[]) => void; error?: string }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ArchiveItem[] | null>(null);
  const [titles, setTitles] = useState<Record<string, string>>({});
  const find = async () => {
    const found = await archiveApi.search({ q: query, limit: 8 }).catch(() => null);
    setResults(found ? found.items.filter((i) => i.id !== itemId && !related.includes(i.id)) : []);
  };
  return (
    <fieldset className="archive-related">
      <legend>{t('archive.meta.related')}</legend>
      {related.length ? (
        <ul>
          {related.map((id) => (
            <li key={id}>
              <Link to={`../${id}`}>{titles[id] ?? id}</Link>{' '}
              <button type="button" className="button-quiet" onClick={() => onChange(related.filter((r) => r !== id))}>
                {t('archive.meta.relatedRemove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="archive-meta">{t('archive.meta.relatedNone')}</p>
      )}
      <div className="form-row">
        <Field label={t('archive.meta.relatedFind')} value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void find();
          }
        }} />
        <button type="button" className="button-secondary" onClick={() => void find()}>
          {t('archive.search.submit')}
        </button>
      </div>
      {results ? (
        results.length ? (
          <ul>
            {results.map((r) => (
              <li key={r.id}>
                {r.title}{' '}
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => {
                    setTitles((m) => ({ ...m, [r.id]: r.title }));
                    onChange([...related, r.id]);
                    setResults(results.filter((x) => x.id !== r.id));
                  }}
                >
                  {t('archive.meta.relatedAdd')}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p role="status">{t('archive.noResults')}</p>
        )
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}

/** Tags from the managed vocabularies: one group of check boxes a vocabulary; editors may add a term. */
function TagPicker({ vocabularies, selected, onChange, onTermAdded, error }: { vocabularies: Vocabulary[]; selected: string[]; onChange: (ids: string[]) => void; onTermAdded: () => void; error?: string }) {
  const { t } = useI18n();
  const [adding, setAdding] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const add = async (vocabulary: string) => {
    const term = adding[vocabulary]?.trim();
    if (!term) return;
    try {
      const created = await archiveApi.addTerm(vocabulary, term);
      setAdding((a) => ({ ...a, [vocabulary]: '' }));
      onChange([...selected, created.term.id]);
      onTermAdded();
      setProblem(null);
    } catch (caught) {
      setProblem(describeError(t, caught));
    }
  };
  return (
    <div className="archive-tags">
      {!vocabularies.length ? <p className="archive-meta">{t('archive.meta.noVocabularies')}</p> : null}
      {vocabularies.map((v) => (
        <fieldset key={v.id}>
          <legend>{t('archive.meta.tagsIn', { vocabulary: v.name })}</legend>
          {v.terms.map((term) => (
            <label key={term.id} className="archive-check">
              <input type="checkbox" checked={selected.includes(term.id)} onChange={(e) => onChange(e.target.checked ? [...selected, term.id] : selected.filter((s) => s !== term.id))} /> {term.term}
            </label>
          ))}
          <div className="form-row">
            <Field label={t('archive.meta.newTerm', { vocabulary: v.name })} value={adding[v.id] ?? ''} onChange={(e) => setAdding((a) => ({ ...a, [v.id]: e.target.value }))} />
            <button type="button" className="button-secondary" onClick={() => void add(v.id)}>
              {t('archive.meta.addTerm')}
            </button>
          </div>
        </fieldset>
      ))}
      <NewVocabulary onCreated={onTermAdded} />
      {problem ? <Notice kind="error">{problem}</Notice> : null}
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

/** A new managed vocabulary (editors and admins); its terms are then added in its own group above. */
function NewVocabulary({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = async () => {
    try {
      await archiveApi.createVocabulary(id.trim(), name.trim());
      setId('');
      setName('');
      setProblem(null);
      onCreated();
    } catch (caught) {
      setProblem(describeError(t, caught));
    }
  };
  return (
    <details className="archive-new-vocabulary">
      <summary>{t('archive.meta.newVocabulary')}</summary>
      <div className="form-row">
        <Field label={t('archive.meta.vocabularyId')} hint={t('archive.meta.vocabularyIdHint')} value={id} onChange={(e) => setId(e.target.value)} />
        <Field label={t('archive.meta.vocabularyName')} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="button" className="button-secondary" onClick={() => void create()}>
          {t('archive.meta.createVocabulary')}
        </button>
      </div>
      {problem ? <Notice kind="error">{problem}</Notice> : null}
    </details>
  );
}

/**
 * Editing an item's description. Every field is sent; the server checks them all (dates, country codes,
 * coordinates, vocabulary terms, related ids) and its message is shown beside the field it names.
 */
export function MetadataForm({ item, onSaved }: { item: ItemDetail; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const [values, setValues] = useState<Values>(() => initial(item));
  const [error, setError] = useState<{ field: keyof Values | null; message: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const vocabularies = useLoad(() => archiveApi.vocabularies(), 'vocabularies');
  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setSaved(false);
  };
  const countryNames = useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region' });
    } catch {
      names = null;
    }
    return [...countryCodes].sort().map((code) => ({ code, name: names?.of(code) ?? code }));
  }, [locale]);
  const fieldError = (key: keyof Values) => (error && error.field === key ? error.message : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const eventDate = values.dateMode === 'none' ? null : values.dateMode === 'range' ? `${values.dateFrom.trim()}/${values.dateTo.trim()}` : values.dateFrom.trim();
    const latitude = number(values.latitude);
    const longitude = number(values.longitude);
    if ((latitude !== null && Number.isNaN(latitude)) || (longitude !== null && Number.isNaN(longitude))) {
      setError({ field: latitude !== null && Number.isNaN(latitude) ? 'latitude' : 'longitude', message: t('archive.meta.notANumber') });
      setSaving(false);
      return;
    }
    try {
      await archiveApi.update(item.id, {
        ...(item.kind === 'testimony' ? {} : { kind: values.kind }),
        title: values.title,
        description: values.description,
        languages: values.languages.split(/[\s,;]+/).filter(Boolean),
        eventDate,
        place: { name: values.placeName.trim() || null, country: values.country.trim() || null, latitude, longitude },
        providedBy: values.providedBy.trim() || null,
        confidentiality: values.confidentiality,
        tags: values.tags,
        related: values.related,
      });
      setSaved(true);
      onSaved();
    } catch (caught) {
      const field = errorField(caught);
      setError({ field: field ? (FIELD_OF[field] ?? null) : null, message: describeError(t, caught) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="archive-form" onSubmit={submit} noValidate aria-labelledby="archive-meta-title">
      <h2 id="archive-meta-title">{t('archive.meta.title')}</h2>
      <Field label={t('archive.meta.itemTitle')} value={values.title} onChange={(e) => set('title', e.target.value)} required error={fieldError('title')} />
      <Control label={t('archive.meta.description')} error={fieldError('description')}>
        {(props) => <textarea {...props} rows={5} value={values.description} onChange={(e) => set('description', e.target.value)} />}
      </Control>
      <div className="form-row">
        <Control label={t('archive.item.kind')} error={fieldError('kind')}>
          {(props) => (
            <select {...props} value={values.kind} disabled={item.kind === 'testimony'} onChange={(e) => set('kind', e.target.value as ItemKind)}>
              {ITEM_KINDS.filter((k) => (item.kind === 'testimony' ? k === 'testimony' : k !== 'testimony')).map((k) => (
                <option key={k} value={k}>
                  {t(`archive.kind.${k}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Control>
        <Field label={t('archive.item.languages')} hint={t('archive.meta.languagesHint')} value={values.languages} onChange={(e) => set('languages', e.target.value)} error={fieldError('languages')} />
      </div>
      <fieldset>
        <legend>{t('archive.item.date')}</legend>
        <div className="archive-radios">
          {/* A space between the choices, so their words do not run together when read as text ("No dateA date"). */}
          {(['none', 'single', 'range'] as const).map((mode) => (
            <Fragment key={mode}>
              <label className="archive-check">
                <input type="radio" name="archive-date-mode" value={mode} checked={values.dateMode === mode} onChange={() => set('dateMode', mode)} /> {t(`archive.meta.date.${mode}`)}
              </label>{' '}
            </Fragment>
          ))}
        </div>
        {values.dateMode !== 'none' ? (
          <div className="form-row">
            <Field label={values.dateMode === 'range' ? t('archive.meta.dateFrom') : t('archive.meta.dateOn')} hint={t('archive.meta.dateHint')} value={values.dateFrom} onChange={(e) => set('dateFrom', e.target.value)} error={fieldError('dateFrom')} />
            {values.dateMode === 'range' ? <Field label={t('archive.meta.dateTo')} hint={t('archive.meta.dateHint')} value={values.dateTo} onChange={(e) => set('dateTo', e.target.value)} /> : null}
          </div>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>{t('archive.item.place')}</legend>
        <div className="form-row">
          <Field label={t('archive.meta.placeName')} value={values.placeName} onChange={(e) => set('placeName', e.target.value)} error={fieldError('placeName')} />
          <Field label={t('archive.meta.country')} hint={t('archive.meta.countryHint')} list="archive-countries" maxLength={2} value={values.country} onChange={(e) => set('country', e.target.value.toUpperCase())} error={fieldError('country')} />
          <datalist id="archive-countries">
            {countryNames.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </datalist>
        </div>
        <div className="form-row">
          <Field label={t('archive.meta.latitude')} inputMode="decimal" value={values.latitude} onChange={(e) => set('latitude', e.target.value)} error={fieldError('latitude')} />
          <Field label={t('archive.meta.longitude')} inputMode="decimal" value={values.longitude} onChange={(e) => set('longitude', e.target.value)} error={fieldError('longitude')} />
        </div>
      </fieldset>
      <Field label={t('archive.meta.providedBy')} value={values.providedBy} onChange={(e) => set('providedBy', e.target.value)} error={fieldError('providedBy')} />
      <Control label={t('archive.facet.confidentiality')} hint={t('archive.meta.confidentialityHint')}>
        {(props) => (
          <select {...props} value={values.confidentiality} onChange={(e) => set('confidentiality', e.target.value as Confidentiality)}>
            {CONFIDENTIALITIES.map((c) => (
              <option key={c} value={c}>
                {t(`archive.conf.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Control>
      <fieldset>
        <legend>{t('archive.meta.tags')}</legend>
        {vocabularies.data ? (
          <TagPicker vocabularies={vocabularies.data.vocabularies} selected={values.tags} onChange={(ids) => set('tags', ids)} onTermAdded={vocabularies.reload} error={fieldError('tags')} />
        ) : (
          <p role="status">{t('archive.loading')}</p>
        )}
      </fieldset>
      <RelatedPicker itemId={item.id} related={values.related} onChange={(ids) => set('related', ids)} error={fieldError('related')} />
      {error && !error.field ? <Notice kind="error">{error.message}</Notice> : null}
      {error && error.field ? <Notice kind="error">{t('archive.meta.fixField')}</Notice> : null}
      {saved ? <Notice kind="success">{t('common.saved')}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? t('common.saving') : t('archive.meta.save')}
        </button>
      </div>
    </form>
  );
}
