import { useState } from 'react';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { facilitatorApi, type Statement } from './api.ts';
import { langAttribute } from './localized.ts';

/**
 * Statements waiting for a decision, oldest first. Under strict moderation participants see only approved ones;
 * under open moderation everything not rejected is shown, so the queue is a review list rather than a gate.
 */
export function ModerationQueue({ statements, onModerated }: { statements: Statement[]; onModerated: (statement: Statement) => void }) {
  const { t, formatDateTime } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const pending = statements.filter((s) => s.moderation === 'pending').sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  const decide = async (statement: Statement, moderation: 'approved' | 'rejected') => {
    setBusy(statement.id);
    setError(null);
    try {
      onModerated((await facilitatorApi.moderate(statement.id, moderation)).statement);
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
      {pending.length === 0 ? <p>{t('dialogue.queue.empty')}</p> : null}
      <ul className="dialogue-queue">
        {pending.map((statement) => {
          const textId = `statement-${statement.id}`;
          return (
            <li key={statement.id} className="panel">
              <p id={textId} className="dialogue-queue-text" lang={langAttribute(statement.language)}>
                {statement.text}
              </p>
              <p className="cell-sub">
                {t('dialogue.queue.meta', { tid: statement.tid, language: statement.language, when: formatDateTime(statement.createdAt) })}
              </p>
              <div className="form-actions">
                <button type="button" className="button-primary" aria-describedby={textId} disabled={busy === statement.id} onClick={() => void decide(statement, 'approved')}>
                  {t('dialogue.queue.approve')}
                </button>
                <button type="button" className="button-danger" aria-describedby={textId} disabled={busy === statement.id} onClick={() => void decide(statement, 'rejected')}>
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
