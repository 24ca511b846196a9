import { useState, type FormEvent } from 'react';
import { Field, TextArea } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { everyValue } from '../api/values.ts';
import { ItemPicker } from './pickers.tsx';
import { evidenceApi, type EvidenceLinkBody, type EvidenceMatrix } from './evidence-api.ts';

type Kind = EvidenceLinkBody['pinpoint']['type'];
const KINDS = everyValue<Kind>()(['item', 'page', 'time', 'region', 'span']);
const DIRECTIONS = everyValue<EvidenceLinkBody['direction']>()(['supporting', 'undermining']);
const GRADES = everyValue<EvidenceLinkBody['reliability']>()(['A', 'B', 'C', 'D', 'E', 'F']);

const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

function pinpointOf(kind: Kind, v: Record<string, string>): EvidenceLinkBody['pinpoint'] {
  switch (kind) {
    case 'item':
      return { type: 'item' };
    case 'page':
      return { type: 'page', fileId: v.fileId.trim(), page: num(v.page) };
    case 'time':
      return { type: 'time', fileId: v.fileId.trim(), start: num(v.start), end: num(v.end) };
    case 'region':
      return { type: 'region', fileId: v.fileId.trim(), x: num(v.x), y: num(v.y), w: num(v.w), h: num(v.h) };
    case 'span':
      return { type: 'span', language: v.language.trim(), start: num(v.start), end: num(v.end) };
  }
}

/** Links an archive item, with a pinpoint, to an element (analysts). The server checks everything again. */
export function EvidenceForm({ allegationId, elements, onSaved }: { allegationId: string; elements: EvidenceMatrix['rows']; onSaved: () => void }) {
  const { t } = useI18n();
  const [elementId, setElementId] = useState(elements[0]?.elementId ?? '');
  const [itemId, setItemId] = useState('');
  const [kind, setKind] = useState<Kind>('item');
  const [values, setValues] = useState<Record<string, string>>({ fileId: '', page: '1', start: '0', end: '', x: '0', y: '0', w: '', h: '', language: '' });
  const [direction, setDirection] = useState<EvidenceLinkBody['direction']>('supporting');
  const [reliability, setReliability] = useState<EvidenceLinkBody['reliability']>('C');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [sending, setSending] = useState(false);
  const set = (key: string) => (e: { target: { value: string } }) => setValues({ ...values, [key]: e.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    setSending(true);
    try {
      await evidenceApi.link(allegationId, { elementId, itemId: itemId.trim(), pinpoint: pinpointOf(kind, values), direction, reliability, note });
      setSaved(true);
      setNote('');
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="evidence-form" onSubmit={(e) => void submit(e)} data-testid="evidence-form">
      <h2>{t('cases.evidence.add')}</h2>
      <div className="field">
        <label htmlFor="evidence-element">{t('cases.matrix.element')}</label>
        <select id="evidence-element" value={elementId} onChange={(e) => setElementId(e.target.value)}>
          {elements.map((e) => (
            <option key={e.elementId} value={e.elementId}>
              {e.code} {e.label}
            </option>
          ))}
        </select>
      </div>
      <ItemPicker itemId={itemId} onItem={setItemId} fileId={values.fileId} onFile={(fileId) => setValues((v) => ({ ...v, fileId }))} needFile={kind === 'page' || kind === 'time' || kind === 'region'} />
      <div className="field">
        <label htmlFor="evidence-kind">{t('cases.evidence.kind')}</label>
        <select id="evidence-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`cases.evidence.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {kind === 'page' ? (
        <fieldset>
          <Field label={t('cases.evidence.page')} type="number" min={1} value={values.page} onChange={set('page')} required />
        </fieldset>
      ) : null}
      {kind === 'time' ? (
        <fieldset>
          <Field label={t('cases.evidence.startSeconds')} type="number" min={0} step="any" value={values.start} onChange={set('start')} required />
          <Field label={t('cases.evidence.endSeconds')} type="number" min={0} step="any" value={values.end} onChange={set('end')} required />
        </fieldset>
      ) : null}
      {kind === 'region' ? (
        <fieldset>
          <Field label={t('cases.evidence.x')} type="number" min={0} value={values.x} onChange={set('x')} required />
          <Field label={t('cases.evidence.y')} type="number" min={0} value={values.y} onChange={set('y')} required />
          <Field label={t('cases.evidence.w')} type="number" min={1} value={values.w} onChange={set('w')} required />
          <Field label={t('cases.evidence.h')} type="number" min={1} value={values.h} onChange={set('h')} required />
        </fieldset>
      ) : null}
      {kind === 'span' ? (
        <fieldset>
          <Field label={t('cases.evidence.language')} value={values.language} onChange={set('language')} required maxLength={12} />
          <Field label={t('cases.evidence.start')} type="number" min={0} value={values.start} onChange={set('start')} required />
          <Field label={t('cases.evidence.end')} type="number" min={1} value={values.end} onChange={set('end')} required />
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor="evidence-direction">{t('cases.evidence.direction')}</label>
        <select id="evidence-direction" value={direction} onChange={(e) => setDirection(e.target.value as EvidenceLinkBody['direction'])}>
          {DIRECTIONS.map((d) => (
            <option key={d} value={d}>
              {t(`cases.evidence.dir.${d}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="evidence-reliability">{t('cases.evidence.reliability')}</label>
        <select id="evidence-reliability" value={reliability} onChange={(e) => setReliability(e.target.value as EvidenceLinkBody['reliability'])}>
          {GRADES.map((g) => (
            <option key={g} value={g}>
              {t(`cases.evidence.grade.${g}`)}
            </option>
          ))}
        </select>
      </div>
      <TextArea label={t('cases.evidence.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} rows={3} />
      <button type="submit" className="button-primary" disabled={sending || !elementId}>
        {t('cases.evidence.save')}
      </button>
      {saved ? <Notice kind="info">{t('cases.evidence.saved')}</Notice> : null}
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
    </form>
  );
}
