import { useRef, useState, type FormEvent } from 'react';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { archiveApi, type Confidentiality, type Testimony } from './api.ts';
import { ConfidentialitySelect } from './ImageRedactor.tsx';

type Text = Testimony['texts'][number];

/** Marks passages of a saved text to black out; the server writes the redacted copy as a derivative file. */
function Redactor({ itemId, text, onDone }: { itemId: string; text: Text; onDone: () => void }) {
  const { t } = useI18n();
  const area = useRef<HTMLTextAreaElement>(null);
  const [ranges, setRanges] = useState<Array<{ start: number; end: number }>>([]);
  const [confidentiality, setConfidentiality] = useState<Confidentiality>('public');
  const [error, setError] = useState<unknown>(null);
  const [hint, setHint] = useState(false);
  const mark = () => {
    const el = area.current;
    if (!el || el.selectionEnd <= el.selectionStart) {
      setHint(true);
      return;
    }
    setHint(false);
    setRanges((r) => [...r, { start: el.selectionStart, end: el.selectionEnd }].sort((a, b) => a.start - b.start));
  };
  const submit = async () => {
    setError(null);
    try {
      await archiveApi.redactText(itemId, text.language, ranges, confidentiality);
      setRanges([]);
      onDone();
    } catch (caught) {
      setError(caught);
    }
  };
  const id = `redact-text-${text.language}`;
  return (
    <div className="archive-redactor">
      <label htmlFor={id}>{t('archive.transcript.selectToRedact')}</label>
      <textarea id={id} ref={area} readOnly rows={8} value={text.text} />
      <div className="form-actions">
        <button type="button" className="button-secondary" onClick={mark}>
          {t('archive.transcript.mark')}
        </button>
      </div>
      {hint ? <p role="status">{t('archive.transcript.selectFirst')}</p> : null}
      {ranges.length ? (
        <ol className="archive-regions">
          {ranges.map((r, i) => (
            <li key={`${r.start}-${r.end}`}>
              <q>{text.text.slice(r.start, r.end)}</q>{' '}
              <button type="button" className="button-quiet" onClick={() => setRanges(ranges.filter((_, j) => j !== i))}>
                {t('archive.redact.remove')}
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      <ConfidentialitySelect id={`${id}-conf`} value={confidentiality} onChange={setConfidentiality} />
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      <div className="form-actions">
        <button type="button" className="button-primary" disabled={!ranges.length} onClick={() => void submit()}>
          {t('archive.transcript.redact', { count: ranges.length })}
        </button>
      </div>
    </div>
  );
}

function TextBlock({ itemId, text, canEdit, onSaved }: { itemId: string; text: Text; canEdit: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState(text.text);
  const [redacting, setRedacting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const id = `text-${text.language}`;
  const save = async () => {
    setError(null);
    try {
      await archiveApi.putText(itemId, text.language, text.kind, value);
      setSaved(true);
      onSaved();
    } catch (caught) {
      setError(caught);
    }
  };
  const heading = t(text.kind === 'transcript' ? 'archive.transcript.transcriptIn' : 'archive.transcript.translationIn', { language: text.language });
  return (
    <article className="archive-text" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{heading}</h4>
      {canEdit ? (
        <>
          <label htmlFor={id} className="visually-hidden">
            {heading}
          </label>
          <textarea
            id={id}
            rows={8}
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setSaved(false);
            }}
          />
          <div className="form-actions">
            <button type="button" className="button-primary" disabled={value === text.text} onClick={() => void save()}>
              {t('archive.transcript.save')}
            </button>
            <button type="button" className="button-secondary" aria-expanded={redacting} onClick={() => setRedacting(!redacting)}>
              {t('archive.transcript.openRedact')}
            </button>
          </div>
          {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
          {saved ? <Notice kind="success">{t('common.saved')}</Notice> : null}
          {redacting ? <Redactor itemId={itemId} text={text} onDone={() => { setRedacting(false); onSaved(); }} /> : null}
        </>
      ) : (
        // Shown as text: whatever the transcript contains, nothing in it runs.
        <p className="archive-transcript">{text.text}</p>
      )}
    </article>
  );
}

/** The transcript and its translations, one text a language; editors add and change them. */
export function TranscriptEditor({ testimony, canEdit, onSaved }: { testimony: Testimony; canEdit: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const [language, setLanguage] = useState(testimony.texts.length ? '' : (testimony.language ?? ''));
  const [kind, setKind] = useState<'transcript' | 'translation'>(testimony.texts.some((x) => x.kind === 'transcript') ? 'translation' : 'transcript');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await archiveApi.putText(testimony.itemId, language.trim().toLowerCase(), kind, text);
      setText('');
      setLanguage('');
      onSaved();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section aria-labelledby="texts-title">
      <h3 id="texts-title">{t('archive.transcript.title')}</h3>
      {testimony.texts.length === 0 ? <p>{t('archive.transcript.none')}</p> : null}
      {testimony.texts.map((x) => (
        <TextBlock key={`${x.language}-${x.text.length}`} itemId={testimony.itemId} text={x} canEdit={canEdit} onSaved={onSaved} />
      ))}
      {canEdit ? (
        <form onSubmit={add} noValidate className="archive-form" aria-labelledby="text-new-title">
          <h4 id="text-new-title">{t('archive.transcript.add')}</h4>
          <div className="form-row">
            <Field label={t('archive.testimony.language')} hint={t('archive.testimony.languageHint')} maxLength={3} value={language} onChange={(e) => setLanguage(e.target.value)} required />
            <div className="field">
              <label htmlFor="text-new-kind">{t('archive.transcript.kind')}</label>
              <select id="text-new-kind" value={kind} onChange={(e) => setKind(e.target.value as 'transcript' | 'translation')}>
                <option value="transcript">{t('archive.transcript.kind.transcript')}</option>
                <option value="translation">{t('archive.transcript.kind.translation')}</option>
              </select>
            </div>
          </div>
          <label htmlFor="text-new-body">{t('archive.transcript.text')}</label>
          <textarea id="text-new-body" rows={8} value={text} onChange={(e) => setText(e.target.value)} />
          {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
          <div className="form-actions">
            <button type="submit" className="button-primary">
              {t('archive.transcript.saveNew')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
