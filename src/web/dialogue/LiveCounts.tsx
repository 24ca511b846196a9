import { useI18n } from '../i18n/I18nProvider.tsx';
import { LiveIndicator } from './LiveIndicator.tsx';
import { useLiveReport } from './useLiveReport.ts';

/**
 * The facilitator's running figures: participants, votes and opinion groups from the live analysis, and the
 * statements by moderation state from the console's own list.
 */
export function LiveCounts({ conversationId, statements }: { conversationId: string; statements: { approved: number; pending: number; rejected: number } }) {
  const { t } = useI18n();
  const { summary, mode } = useLiveReport(conversationId);
  const figure = (value: number | undefined) => (value === undefined ? '–' : String(value));
  return (
    <section aria-labelledby="dialogue-counts-title">
      <h2 id="dialogue-counts-title">{t('dialogue.console.counts')}</h2>
      <LiveIndicator mode={mode} updatedAt={summary?.updatedAt} />
      <dl className="dialogue-totals">
        <div>
          <dt>{t('dialogue.count.participants')}</dt>
          <dd>{figure(summary?.participants)}</dd>
        </div>
        <div>
          <dt>{t('dialogue.count.votes')}</dt>
          <dd>{figure(summary?.votes)}</dd>
        </div>
        <div>
          <dt>{t('dialogue.count.groups')}</dt>
          <dd>{figure(summary?.groups)}</dd>
        </div>
        <div>
          <dt>{t('dialogue.count.approved')}</dt>
          <dd>{statements.approved}</dd>
        </div>
        <div>
          <dt>{t('dialogue.count.pending')}</dt>
          <dd>{statements.pending}</dd>
        </div>
        <div>
          <dt>{t('dialogue.count.rejected')}</dt>
          <dd>{statements.rejected}</dd>
        </div>
      </dl>
    </section>
  );
}
