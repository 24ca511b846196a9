import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client.ts';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Moderation, OwnStatement } from './api.ts';
import { LanguageChoice } from './CreateConversation.tsx';
import { langAttribute } from './localized.ts';
import { participantApi } from './participantApi.ts';
import { TextArea } from '../components/Field.tsx';

const MAX_LENGTH = 1000;

/** A participant writes a statement of their own and sees what became of the ones they wrote. */
export function WriteStatement({
  conversationId,
  moderation,
  own,
  onWritten,
  onClosed,
}: {
  conversationId: string;
  moderation: Moderation;
  own: OwnStatement[];
  onWritten: (statement: OwnStatement) => void;
  onClosed: () => void;
}) {
  const { t, locale } = useI18n();
  const [text, setText] = useState('');
  const [language, setLanguage] = useState<string>(locale);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<OwnStatement | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSent(null);
    const trimmed = text.trim();
    if (!trimmed) return setError(t('dialogue.write.empty'));
    if (trimmed.length > MAX_LENGTH) return setError(t('dialogue.write.tooLong', { max: MAX_LENGTH }));
    setBusy(true);
    try {
      const { statement } = await participantApi.write(conversationId, trimmed, language);
      onWritten(statement);
      setSent(statement);
      setText('');
    } catch (e) {
      if (isApiError(e, 'duplicate_statement')) setError(t('dialogue.write.duplicate'));
      else if (isApiError(e, 'conversation_closed')) onClosed();
      else if (isApiError(e) && e.status === 429) setError(t('dialogue.write.rateLimited'));
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <details className="dialogue-write">
        <summary>{t('dialogue.write.open')}</summary>
        <form onSubmit={submit} noValidate>
          <p className="field-hint">{t(moderation === 'strict' ? 'dialogue.write.strictHint' : 'dialogue.write.openHint')}</p>
          <TextArea
            label={t('dialogue.write.label')}
            hint={t('dialogue.write.hint', { used: text.trim().length, max: MAX_LENGTH })}
            rows={3}
            value={text}
            lang={langAttribute(language)}
            onChange={(e) => setText(e.target.value)}
          />
          <LanguageChoice label={t('dialogue.write.language')} value={language} onChange={setLanguage} />
          {error ? <Notice kind="error">{error}</Notice> : null}
          {sent ? <Notice kind="success">{t(sent.moderation === 'pending' ? 'dialogue.write.sentPending' : 'dialogue.write.sentShown')}</Notice> : null}
          <button type="submit" className="button-primary dialogue-big" disabled={busy}>
            {t('dialogue.write.submit')}
          </button>
        </form>
      </details>
      {own.length > 0 ? (
        <>
          <h2 className="dialogue-own-title">{t('dialogue.write.yours')}</h2>
          <ul className="dialogue-own">
            {own.map((s) => (
              <li key={s.id}>
                <span lang={langAttribute(s.language)}>{s.text}</span>{' '}
                <span className={`badge ${s.moderation === 'approved' ? 'badge-ok' : s.moderation === 'rejected' ? 'badge-muted' : 'badge-warn'}`}>
                  {t(`dialogue.own.${s.moderation}`)}
                </span>
                {s.moderation === 'rejected' && s.moderationReason ? <p className="cell-sub">{t('dialogue.own.reason', { reason: s.moderationReason })}</p> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
