import { useState } from 'react';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LANGUAGES } from '../i18n/languages.ts';
import { facilitatorApi, type Conversation, type Statement, type TranslationState } from './api.ts';
import { pick } from './localized.ts';
import { usePluralT } from './plural.ts';

const endonym = (tag: string) => LANGUAGES.find((l) => l.locale === tag.split('-')[0])?.endonym ?? tag;
/** Language tags are codes, the same in every interface language. */
const EXAMPLE_TAGS = ['hy', 'ru'].join(', ');
const TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** A statement's state in each language the communities read, as short badges. */
export function TranslationBadges({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const tp = usePluralT();
  const entries = Object.entries(statement.translationStatus).filter(([, state]) => state !== 'original');
  return (
    <span className="dialogue-translation-badges">
      {entries.map(([tag, state]) => (
        <span key={tag} className={`badge ${state === 'human' ? 'badge-ok' : state === 'machine' ? 'badge-warn' : 'badge-muted'}`}>
          {t(`dialogue.translation.${state}`, { language: endonym(tag) })}
        </span>
      ))}
      {statement.unreadable > 0 ? <span className="badge badge-muted">{tp('dialogue.translation.unreadable', { count: statement.unreadable })}</span> : null}
    </span>
  );
}

/** What translators still have to do: missing, failed and unchecked machine translations per language. */
export function translationWork(statements: Statement[]): Array<{ language: string; missing: number; machine: number }> {
  const byLanguage = new Map<string, { missing: number; machine: number }>();
  for (const s of statements) {
    if (s.moderation === 'rejected') continue;
    for (const [tag, state] of Object.entries(s.translationStatus) as Array<[string, TranslationState]>) {
      const row = byLanguage.get(tag) ?? { missing: 0, machine: 0 };
      if (state === 'missing' || state === 'failed') row.missing += 1;
      if (state === 'machine') row.machine += 1;
      byLanguage.set(tag, row);
    }
  }
  return [...byLanguage].map(([language, row]) => ({ language, ...row })).filter((r) => r.missing + r.machine > 0);
}

/**
 * The translation desk of a conversation: the languages each community reads, what is missing or machine-made in
 * each, and a button asking the configured translation service for what is missing.
 */
export function TranslationDesk({
  conversation,
  statements,
  onConversation,
  onRefresh,
}: {
  conversation: Conversation;
  statements: Statement[];
  onConversation: (c: Conversation) => void;
  onRefresh: () => void;
}) {
  const { t, locale } = useI18n();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const work = translationWork(statements);

  const save = async (communityId: string) => {
    setError(null);
    setMessage(null);
    const languages = (drafts[communityId] ?? '')
      .split(/[\s,]+/u)
      .map((tag) => tag.trim())
      .filter((tag) => tag !== '');
    const bad = languages.find((tag) => !TAG.test(tag));
    if (bad) return setError(t('dialogue.translation.badTag', { tag: bad }));
    try {
      onConversation(await facilitatorApi.setCommunityLanguages(communityId, languages));
      setMessage(t('dialogue.translation.languagesSaved'));
      onRefresh();
    } catch (e) {
      setError(describeError(t, e));
    }
  };

  const machine = async () => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const run = await facilitatorApi.machineTranslate(conversation.id);
      setMessage(run.configured ? t('dialogue.translation.machineDone', { requested: run.requested, translated: run.translated, failed: run.failed }) : t('dialogue.translation.notConfigured'));
      onRefresh();
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="dialogue-translation-title">
      <h2 id="dialogue-translation-title">{t('dialogue.translation.title')}</h2>
      <p>{t('dialogue.translation.hint')}</p>
      <ul className="dialogue-community-languages">
        {conversation.communities.map((community) => {
          const name = pick(community.name, locale);
          const inputId = `languages-${community.id}`;
          return (
            <li key={community.id} className="field">
              <label htmlFor={inputId}>
                {t('dialogue.translation.reads')} <span lang={name.lang}>{name.text}</span>
              </label>
              <input
                id={inputId}
                type="text"
                maxLength={200}
                placeholder={EXAMPLE_TAGS}
                value={drafts[community.id] ?? community.languages.join(', ')}
                onChange={(e) => setDrafts({ ...drafts, [community.id]: e.target.value })}
              />
              <button type="button" className="button-secondary" onClick={() => void save(community.id)}>
                {t('dialogue.translation.saveLanguages')}
              </button>
            </li>
          );
        })}
      </ul>
      {work.length === 0 ? (
        <p>{t('dialogue.translation.allDone')}</p>
      ) : (
        <ul>
          {work.map((row) => (
            <li key={row.language}>{t('dialogue.translation.work', { language: endonym(row.language), missing: row.missing, machine: row.machine })}</li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="button" className="button-secondary" disabled={busy} onClick={() => void machine()}>
          {t('dialogue.translation.machineRun')}
        </button>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {message ? <Notice kind="info">{message}</Notice> : null}
    </section>
  );
}
