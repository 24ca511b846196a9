import { useState } from 'react';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LANGUAGES } from '../i18n/languages.ts';
import { facilitatorApi, type Statement, type StatementModeration } from './api.ts';
import { langAttribute } from './localized.ts';

const endonym = (tag: string) => LANGUAGES.find((l) => l.locale === tag.split('-')[0])?.endonym ?? tag;

/**
 * Statements waiting for a decision, oldest first, each with its original and every translation side by side (a
 * moderator may not read the language it was written in; machine translations are labelled). A rejection may carry a
 * reason its author sees; the last decision can be undone. Under strict moderation participants see only approved
 * statements; under open moderation everything not rejected is shown, so the queue is a review list.
 */
export function ModerationQueue({ statements, onModerated }: { statements: Statement[]; onModerated: (statement: Statement) => void }) {
  const { t, formatDateTime } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [last, setLast] = useState<{ statement: Statement; before: StatementModeration } | null>(null);
  const pending = statements.filter((s) => s.moderation === 'pending').sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  const decide = async (statement: Statement, moderation: StatementModeration, reason?: string) => {
    setBusy(statement.id);
    setError(null);
    try {
      const { statement: updated } = await facilitatorApi.moderate(statement.id, moderation, reason);
      onModerated(updated);
      setLast(moderation === 'pending' ? null : { statement: updated, before: statement.moderation });
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="dialogue-queue-title">
      <h2 id="dialogue-queue-title">{t('dialogue.queue.title', { count: pending.length })}</h2>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {last ? (
        <div className="notice notice-info dialogue-undo" role="status">
          <span>{t(last.statement.moderation === 'rejected' ? 'dialogue.queue.rejectedOne' : 'dialogue.queue.approvedOne', { tid: last.statement.tid })}</span>{' '}
          <button type="button" className="button-secondary" disabled={busy === last.statement.id} onClick={() => void decide(last.statement, last.before)}>
            {t('dialogue.queue.undo')}
          </button>
        </div>
      ) : null}
      {pending.length === 0 ? <p>{t('dialogue.queue.empty')}</p> : null}
      <ul className="dialogue-queue">
        {pending.map((statement) => {
          const textId = `statement-${statement.id}`;
          const reasonId = `reason-${statement.id}`;
          const versions = [
            ...Object.entries(statement.translations).map(([tag, text]) => ({ tag, text, machine: false })),
            ...Object.entries(statement.machineTranslations).map(([tag, text]) => ({ tag, text, machine: true })),
          ];
          return (
            <li key={statement.id} className="panel">
              <div className="dialogue-side-by-side">
                <div>
                  <p className="cell-sub">{t('dialogue.queue.original', { language: endonym(statement.language) })}</p>
                  <p id={textId} className="dialogue-queue-text" lang={langAttribute(statement.language)}>
                    {statement.text}
                  </p>
                </div>
                {versions.map((v) => (
                  <div key={`${v.tag}-${v.machine}`}>
                    <p className="cell-sub">{t(v.machine ? 'dialogue.queue.machine' : 'dialogue.queue.translation', { language: endonym(v.tag) })}</p>
                    <p lang={langAttribute(v.tag)}>{v.text}</p>
                  </div>
                ))}
              </div>
              <p className="cell-sub">
                {t('dialogue.queue.meta', { tid: statement.tid, language: statement.language, when: formatDateTime(statement.createdAt) })}
              </p>
              <div className="field">
                <label htmlFor={reasonId}>{t('dialogue.queue.reason')}</label>
                <input
                  id={reasonId}
                  type="text"
                  maxLength={500}
                  value={reasons[statement.id] ?? ''}
                  onChange={(e) => setReasons({ ...reasons, [statement.id]: e.target.value })}
                />
              </div>
              <div className="form-actions">
                <button type="button" className="button-primary" aria-describedby={textId} disabled={busy === statement.id} onClick={() => void decide(statement, 'approved')}>
                  {t('dialogue.queue.approve')}
                </button>
                <button
                  type="button"
                  className="button-danger"
                  aria-describedby={textId}
                  disabled={busy === statement.id}
                  onClick={() => void decide(statement, 'rejected', reasons[statement.id]?.trim() || undefined)}
                >
                  {t('dialogue.queue.reject')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
