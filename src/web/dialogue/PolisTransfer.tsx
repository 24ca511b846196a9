import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../api/client.ts';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { POLIS_FILE_NAMES, type Conversation, type PolisFileName, type PolisFiles, type PolisImported } from './api.ts';
import { LanguageChoice } from './CreateConversation.tsx';
import { InvitationLinks } from './InvitationLinks.tsx';
import { facilitatorExtraApi } from './participantApi.ts';

/** Export a conversation as the four Pol.is open-data files, each offered for download on its own. */
export function PolisTransfer({ conversationId }: { conversationId: string }) {
  const { t } = useI18n();
  const [links, setLinks] = useState<{ name: PolisFileName; url: string; bytes: number }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => () => links.forEach((link) => URL.revokeObjectURL(link.url)), [links]);

  const exportFiles = async () => {
    setBusy(true);
    setError(null);
    try {
      const { files } = await facilitatorExtraApi.exportPolis(conversationId);
      setLinks(
        POLIS_FILE_NAMES.map((name) => {
          const blob = new Blob([files[name] ?? ''], { type: 'text/csv;charset=utf-8' });
          return { name, url: URL.createObjectURL(blob), bytes: blob.size };
        }),
      );
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="dialogue-export-title">
      <h2 id="dialogue-export-title">{t('dialogue.polis.exportTitle')}</h2>
      <p>{t('dialogue.polis.exportHint')}</p>
      <button type="button" className="button-secondary" disabled={busy} onClick={() => void exportFiles()}>
        {t('dialogue.polis.export')}
      </button>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {links.length > 0 ? (
        <ul className="dialogue-downloads">
          {links.map((link) => (
            <li key={link.name}>
              <a href={link.url} download={link.name}>
                {link.name}
              </a>{' '}
              <span className="cell-sub">{t('dialogue.polis.bytes', { bytes: link.bytes })}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** A Pol.is export brought in as a new conversation: the files are matched by their names. */
export function PolisImport({ onImported }: { onImported?: (conversation: Conversation) => void }) {
  const { t, locale } = useI18n();
  const [files, setFiles] = useState<PolisFiles>({});
  const [ignored, setIgnored] = useState<string[]>([]);
  const [language, setLanguage] = useState<string>(locale);
  const [topic, setTopic] = useState('');
  const [grouping, setGrouping] = useState<'default' | 'polis'>('polis');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PolisImported | null>(null);

  const choose = async (list: FileList | null) => {
    const chosen: PolisFiles = {};
    const other: string[] = [];
    for (const file of Array.from(list ?? [])) {
      const name = file.name.toLowerCase() as PolisFileName;
      if (POLIS_FILE_NAMES.includes(name)) chosen[name] = await file.text();
      else other.push(file.name);
    }
    setFiles(chosen);
    setIgnored(other);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const comments = files['comments.csv'];
    if (!comments) return setError(t('dialogue.polis.needComments'));
    setBusy(true);
    try {
      const imported = await facilitatorExtraApi.importPolis({
        files: { ...files, 'comments.csv': comments },
        language,
        grouping,
        ...(topic.trim() ? { topic: { [language]: topic.trim() } } : {}),
      });
      setResult(imported);
      onImported?.(imported.conversation);
    } catch (e) {
      if (isApiError(e, 'polis_format')) {
        const d = (e.details ?? {}) as { file?: string; line?: number; field?: string };
        setError(t('dialogue.polis.formatError', { file: d.file ?? '?', line: d.line ?? '?', field: d.field ?? '?', message: e.message }));
      } else if (isApiError(e, 'topic_required')) setError(t('dialogue.polis.topicRequired'));
      else if (isApiError(e, 'polis_history_missing')) setError(e.message);
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <div className="stack">
        <Notice kind="success">{t('dialogue.polis.imported', result.imported)}</Notice>
        <InvitationLinks communities={result.conversation.communities} invitations={result.invitations} />
        <p>
          <Link to={`/dialogue/${result.conversation.id}`}>{t('dialogue.form.openConsole')}</Link>
        </p>
      </div>
    );
  }
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="dialogue-import-title">
      <h2 id="dialogue-import-title">{t('dialogue.polis.importTitle')}</h2>
      <p>{t('dialogue.polis.importHint')}</p>
      <div className="field">
        <label htmlFor="dialogue-import-files">{t('dialogue.polis.files')}</label>
        <input id="dialogue-import-files" type="file" multiple accept=".csv,text/csv" onChange={(e) => void choose(e.target.files)} />
      </div>
      {Object.keys(files).length > 0 ? <p className="cell-sub">{t('dialogue.polis.chosen', { files: Object.keys(files).join(', ') })}</p> : null}
      {ignored.length > 0 ? <p className="cell-sub">{t('dialogue.polis.ignored', { files: ignored.join(', ') })}</p> : null}
      <LanguageChoice label={t('dialogue.polis.language')} value={language} onChange={setLanguage} />
      <Field label={t('dialogue.polis.topic')} hint={t('dialogue.polis.topicHint')} value={topic} maxLength={300} onChange={(e) => setTopic(e.target.value)} />
      <fieldset className="field">
        <legend>{t('dialogue.polis.grouping')}</legend>
        <label>
          <input type="radio" name="dialogue-import-grouping" checked={grouping === 'polis'} onChange={() => setGrouping('polis')} />{' '}
          {t('dialogue.polis.groupingPolis')}
        </label>
        <label>
          <input type="radio" name="dialogue-import-grouping" checked={grouping === 'default'} onChange={() => setGrouping('default')} />{' '}
          {t('dialogue.polis.groupingDefault')}
        </label>
        <p className="cell-sub">{t('dialogue.polis.groupingHint')}</p>
      </fieldset>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? t('dialogue.polis.importing') : t('dialogue.polis.import')}
      </button>
    </form>
  );
}
