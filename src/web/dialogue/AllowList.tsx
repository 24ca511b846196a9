import { useEffect, useState, type FormEvent } from 'react';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { facilitatorExtraApi } from './participantApi.ts';
import { TextArea } from '../components/Field.tsx';

/**
 * The optional allow-list: external ids (one a line) that may join. When required, the join page asks for the id;
 * the server stores the list and audits only its size and hash.
 */
export function AllowList({ conversationId }: { conversationId: string }) {
  const { t } = useI18n();
  const [required, setRequired] = useState(false);
  const [ids, setIds] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    facilitatorExtraApi.allowList(conversationId).then(
      (list) => {
        setRequired(list.required);
        setIds(list.externalIds.join('\n'));
        setLoaded(true);
      },
      (e: unknown) => setError(describeError(t, e)),
    );
  }, [conversationId, t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    const list = [...new Set(ids.split('\n').map((line) => line.trim()).filter((line) => line !== ''))];
    if (required && list.length === 0) return setError(t('dialogue.allow.empty'));
    try {
      const result = await facilitatorExtraApi.setAllowList(conversationId, required, list);
      setIds(result.externalIds.join('\n'));
      setSaved(result.externalIds.length);
    } catch (e) {
      setError(describeError(t, e));
    }
  };

  return (
    <form onSubmit={submit} aria-labelledby="dialogue-allow-title" noValidate>
      <h2 id="dialogue-allow-title">{t('dialogue.allow.title')}</h2>
      <p>{t('dialogue.allow.hint')}</p>
      <label className="dialogue-choice">
        <input type="checkbox" checked={required} disabled={!loaded} onChange={(e) => setRequired(e.target.checked)} />
        <span>{t('dialogue.allow.required')}</span>
      </label>
      <TextArea label={t('dialogue.allow.ids')} hint={t('dialogue.allow.idsHint')} rows={4} value={ids} disabled={!loaded} onChange={(e) => setIds(e.target.value)} />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {saved !== null ? <Notice kind="success">{t('dialogue.allow.saved', { count: saved })}</Notice> : null}
      <button type="submit" className="button-secondary" disabled={!loaded}>
        {t('dialogue.allow.save')}
      </button>
    </form>
  );
}
