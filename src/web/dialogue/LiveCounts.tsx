import { useI18n } from '../i18n/I18nProvider.tsx';
import { LiveIndicator } from './LiveIndicator.tsx';
import { pick } from './localized.ts';
import { usePluralT } from './plural.ts';
import { useLiveReport } from './useLiveReport.ts';

/**
 * The facilitator's running figures: participants, votes and opinion groups from the live analysis, and the
 * statements by moderation state from the console's own list.
 */
export function LiveCounts({ conversationId, statements }: { conversationId: string; statements: { approved: number; pending: number; rejected: number } }) {
  const { t, locale } = useI18n();
  const tp = usePluralT();
  const { summary, report, mode } = useLiveReport(conversationId);
  const turnout = report?.communities?.rows ?? [];
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
      {turnout.length > 0 ? (
        <>
          <h3>{t('dialogue.console.turnout')}</h3>
          <ul>
            {turnout.map((row, i) => {
              const name = row.name ? pick(row.name, locale) : { text: t('dialogue.report.pooled'), lang: undefined };
              return (
                <li key={row.id ?? `pooled-${i}`}>
                  <span lang={name.lang}>{name.text}</span> {tp('dialogue.report.members', { count: row.members, votes: row.votes })}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
