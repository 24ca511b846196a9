import { useState, type FormEvent } from 'react';
import { unstorableText } from '../../core/text/storable.ts';
import { isApiError } from '../api/client.ts';
import { Field, TextArea } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { identificationStages, missingApi, placeKinds, type IdentificationStage, type MissingPerson, type PlaceKind } from './api.ts';

/** The server's limits (src/server/missing/schemas.ts), checked here first so the reader is told before sending. */
export const PLACE_LIMITS = { name: 300, description: 5000 } as const;
export const SEALED_LIMITS = { anteMortem: 20_000, samples: 5000, contact: 2000 } as const;

type PlaceField = 'name' | 'latitude' | 'longitude' | 'description' | 'form';
type PlaceErrors = Partial<Record<PlaceField, MessageKey>>;
export interface PlaceValues {
  name: string;
  latitude: string;
  longitude: string;
  description: string;
}

/** A coordinate as typed (a dot or a comma as the decimal sign), or null when it is not a number in its range. */
export function readCoordinate(text: string, max: number): number | null {
  const value = text.trim().replace(',', '.');
  if (!/^[-+]?\d{1,3}(\.\d+)?$/.test(value)) return null;
  const n = Number(value);
  return Math.abs(n) <= max ? n : null;
}

/**
 * What is wrong with a place of interest before it is sent, field by field, as catalogue keys: no name, text too long
 * or unstorable (NUL, a lone surrogate), a coordinate that is not a number in its range, one coordinate without the
 * other (the server refuses it as `position_incomplete`), or a name already used for a place of the same kind.
 */
export function checkPlace(values: PlaceValues, kind: PlaceKind, existing: ReadonlyArray<{ kind: PlaceKind; name: string }> = []): PlaceErrors {
  const errors: PlaceErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'missing.place.error.nameRequired';
  else if (name.length > PLACE_LIMITS.name) errors.name = 'missing.report.error.tooLong';
  else if (existing.some((p) => p.kind === kind && p.name.trim().toLowerCase() === name.toLowerCase())) errors.name = 'missing.place.error.duplicate';
  if (values.description.trim().length > PLACE_LIMITS.description) errors.description = 'missing.report.error.tooLong';
  for (const field of ['name', 'description'] as const) {
    if (!errors[field] && unstorableText(values[field])) errors[field] = 'missing.report.error.text';
  }
  const lat = values.latitude.trim();
  const lon = values.longitude.trim();
  if (lat && readCoordinate(lat, 90) === null) errors.latitude = 'missing.place.error.latitude';
  if (lon && readCoordinate(lon, 180) === null) errors.longitude = 'missing.place.error.longitude';
  if (!errors.latitude && !errors.longitude && !lat !== !lon) errors[lat ? 'longitude' : 'latitude'] = 'missing.place.error.positionIncomplete';
  return errors;
}

type IdField = 'anteMortem' | 'samples' | 'contact' | 'form';
type IdErrors = Partial<Record<IdField, MessageKey>>;
export type SealedValues = Record<'anteMortem' | 'samples' | 'contact', string>;

/** The identification form's checks: the sealed texts within their limits and storable. */
export function checkIdentification(values: SealedValues): IdErrors {
  const errors: IdErrors = {};
  for (const field of ['anteMortem', 'samples', 'contact'] as const) {
    if (values[field].trim().length > SEALED_LIMITS[field]) errors[field] = 'missing.report.error.tooLong';
    else if (unstorableText(values[field])) errors[field] = 'missing.report.error.text';
  }
  return errors;
}

/** A refusal from the server, placed on its field when its code names one (the server checks the same rules). */
function serverField(error: unknown, fields: readonly string[]): { field: string; key: MessageKey } | null {
  if (!isApiError(error)) return null;
  const path = String((error.details as { field?: string; path?: string } | null | undefined)?.field ?? (error.details as { path?: string } | null | undefined)?.path ?? '');
  const field = fields.find((f) => path.includes(f)) ?? 'form';
  if (error.code === 'position_incomplete') return { field: 'latitude', key: 'missing.place.error.positionIncomplete' };
  if (error.code === 'duplicate_place') return { field: 'name', key: 'missing.place.error.duplicate' };
  if (error.code === 'invalid_text') return { field, key: 'missing.report.error.text' };
  return null;
}

/** Adds a place of interest (a detention site, a burial site, a place last seen) that reports and the map can name. */
export function PlaceForm({ existing, onSaved }: { existing: ReadonlyArray<{ kind: PlaceKind; name: string }>; onSaved: () => void }) {
  const t = useT();
  const [kind, setKind] = useState<PlaceKind>('detention_site');
  const empty: PlaceValues = { name: '', latitude: '', longitude: '', description: '' };
  const [values, setValues] = useState(empty);
  const [state, setState] = useState<{ errors: PlaceErrors; failure: unknown; saving: boolean; saved: boolean }>({ errors: {}, failure: null, saving: false, saved: false });
  const set = (key: keyof PlaceValues) => (event: { target: { value: string } }) => setValues({ ...values, [key]: event.target.value });
  const limit = (field: PlaceField) => (field === 'description' ? PLACE_LIMITS.description : PLACE_LIMITS.name);
  const message = (field: PlaceField) => (state.errors[field] ? t(state.errors[field]!, { max: limit(field) }) : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = checkPlace(values, kind, existing);
    if (Object.keys(errors).length) return setState({ errors, failure: null, saving: false, saved: false });
    setState({ errors: {}, failure: null, saving: true, saved: false });
    try {
      const latitude = values.latitude.trim() ? readCoordinate(values.latitude, 90) : null;
      const longitude = values.longitude.trim() ? readCoordinate(values.longitude, 180) : null;
      await missingApi.addPlace({ kind, name: values.name.trim(), latitude, longitude, description: values.description.trim() || undefined });
      setValues(empty);
      setState({ errors: {}, failure: null, saving: false, saved: true });
      onSaved();
    } catch (error) {
      const placed = serverField(error, ['name', 'latitude', 'longitude', 'description']);
      setState({ errors: placed ? { [placed.field]: placed.key } : {}, failure: placed ? null : error, saving: false, saved: false });
    }
  };

  return (
    <form className="missing-report" onSubmit={submit} noValidate aria-labelledby="missing-place-form-title">
      <h2 id="missing-place-form-title">{t('missing.place.formTitle')}</h2>
      <p className="muted">{t('missing.place.formLead')}</p>
      {Object.keys(state.errors).length ? <Notice kind="error">{t('missing.report.error.fix')}</Notice> : null}
      {state.failure ? <Notice kind="error">{describeError(t, state.failure)}</Notice> : null}
      {state.saved ? <Notice kind="success">{t('missing.place.saved')}</Notice> : null}
      <div className="field">
        <label htmlFor="missing-place-kind">{t('missing.kind')}</label>
        <select id="missing-place-kind" value={kind} onChange={(e) => setKind(e.target.value as PlaceKind)}>
          {placeKinds.map((k) => (
            <option key={k} value={k}>
              {t(`missing.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <Field label={t('missing.placeName')} error={message('name')} value={values.name} onChange={set('name')} required autoComplete="off" />
      <Field label={t('missing.place.latitude')} hint={t('missing.place.positionHint')} error={message('latitude')} value={values.latitude} onChange={set('latitude')} inputMode="decimal" autoComplete="off" />
      <Field label={t('missing.place.longitude')} error={message('longitude')} value={values.longitude} onChange={set('longitude')} inputMode="decimal" autoComplete="off" />
      <TextArea label={t('missing.description')} error={message('description')} value={values.description} onChange={set('description')} rows={2} />
      <button type="submit" disabled={state.saving}>
        {state.saving ? t('missing.report.saving') : t('missing.place.save')}
      </button>
    </form>
  );
}

/**
 * Sets the identification stage. The ante-mortem data, reference samples and family contact are offered only when the
 * server sent them opened (a role that sees protected identities); they are sealed at rest, and emptying one removes it.
 */
export function IdentificationForm({ recordId, identification, onSaved }: { recordId: string; identification: MissingPerson['identification']; onSaved: () => void }) {
  const t = useT();
  const sealed = identification.sealed;
  const [stage, setStage] = useState<IdentificationStage>(identification.stage ?? 'reported_missing');
  const [values, setValues] = useState<SealedValues>({ anteMortem: sealed?.anteMortem ?? '', samples: sealed?.samples ?? '', contact: sealed?.contact ?? '' });
  const [state, setState] = useState<{ errors: IdErrors; failure: unknown; saving: boolean; saved: boolean }>({ errors: {}, failure: null, saving: false, saved: false });
  const set = (key: keyof SealedValues) => (event: { target: { value: string } }) => setValues({ ...values, [key]: event.target.value });
  const message = (field: IdField) => (state.errors[field] && field !== 'form' ? t(state.errors[field]!, { max: SEALED_LIMITS[field] }) : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = sealed ? checkIdentification(values) : {};
    if (Object.keys(errors).length) return setState({ errors, failure: null, saving: false, saved: false });
    setState({ errors: {}, failure: null, saving: true, saved: false });
    try {
      const opened = sealed ? { anteMortem: values.anteMortem.trim() || null, samples: values.samples.trim() || null, contact: values.contact.trim() || null } : {};
      await missingApi.setIdentification(recordId, { stage, ...opened });
      setState({ errors: {}, failure: null, saving: false, saved: true });
      onSaved();
    } catch (error) {
      const placed = serverField(error, ['anteMortem', 'samples', 'contact']);
      setState({ errors: placed ? { [placed.field]: placed.key } : {}, failure: placed ? null : error, saving: false, saved: false });
    }
  };

  return (
    <form className="missing-report" onSubmit={submit} noValidate aria-labelledby="missing-id-form-title">
      <h3 id="missing-id-form-title">{t('missing.identification.formTitle')}</h3>
      <p className="muted">{sealed ? t('missing.identification.formLeadSealed') : t('missing.identification.formLead')}</p>
      {Object.keys(state.errors).length ? <Notice kind="error">{t('missing.report.error.fix')}</Notice> : null}
      {state.failure ? <Notice kind="error">{describeError(t, state.failure)}</Notice> : null}
      {state.saved ? <Notice kind="success">{t('missing.identification.saved')}</Notice> : null}
      <div className="field">
        <label htmlFor="missing-id-stage">{t('missing.stage')}</label>
        <select id="missing-id-stage" value={stage} onChange={(e) => setStage(e.target.value as IdentificationStage)}>
          {identificationStages.map((s) => (
            <option key={s} value={s}>
              {t(`missing.stage.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {sealed ? (
        <>
          <TextArea label={t('missing.sealed.anteMortem')} error={message('anteMortem')} value={values.anteMortem} onChange={set('anteMortem')} rows={3} />
          <TextArea label={t('missing.sealed.samples')} error={message('samples')} value={values.samples} onChange={set('samples')} rows={2} />
          <TextArea label={t('missing.sealed.contact')} error={message('contact')} value={values.contact} onChange={set('contact')} rows={2} />
        </>
      ) : null}
      <button type="submit" disabled={state.saving}>
        {state.saving ? t('missing.report.saving') : t('missing.identification.save')}
      </button>
    </form>
  );
}
