import { useParams } from 'react-router-dom';
import { isApiError } from '../api/client.ts';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { DialogueReport, StatementRef } from './api.ts';
import { CommunityTable } from './CommunityTable.tsx';
import { groupLabel, percent } from './groups.ts';
import { LiveIndicator } from './LiveIndicator.tsx';
import { pick, statementText } from './localized.ts';
import { OpinionMap } from './OpinionMap.tsx';
import { usePluralT } from './plural.ts';
import { useLiveReport } from './useLiveReport.ts';
import { dialogueReceiptUrls, ReceiptLink, receiptProps } from '../receipts/ReceiptLink.tsx';
import { useSession } from '../auth/SessionProvider.tsx';

/**
 * The plain share of votes (count of of) for display. The report also carries Pol.is's smoothed share,
 * (count + 1) / (of + 2), which ranks statements fairly but reads wrongly as a percentage ("1 of 1, 67%").
 */
const rawShare = (s: { count: number; of: number }) => (s.of > 0 ? s.count / s.of : 0);

/** A statement in the reader's language where a translation exists, followed by what was measured about it. */
function Line({ statement, note }: { statement: StatementRef; note: string }) {
  const { locale } = useI18n();
  const shown = statementText(statement, locale);
  return (
    <li>
      <span lang={shown.lang}>{shown.text}</span>
      <span className="cell-sub"> {note}</span>
    </li>
  );
}

/**
 * The public report of a conversation: the opinion map, each group's representative statements, consensus,
 * group-aware consensus, bridging statements and agreement by community, kept up to date live. No participant is
 * identified anywhere; groups below the conversation's minimum size are not shown separately.
 */
export function ReportPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const tp = usePluralT();
  const { report, error, mode } = useLiveReport(id);
  const { user } = useSession();
  const facilitator = user?.role === 'facilitator' || user?.role === 'admin';

  if (!report) {
    const hidden = isApiError(error) && (error.status === 401 || error.status === 403 || error.status === 404);
    return (
      <section className="page dialogue-report" aria-labelledby="page-title">
        <PageHeading>{t('dialogue.report.title')}</PageHeading>
        {hidden ? <Notice kind="info">{t('dialogue.report.notPublic')}</Notice> : error ? <Notice kind="error">{describeError(t, error)}</Notice> : <p className="loading">{t('app.loading')}</p>}
      </section>
    );
  }

  /** The model's intercept and factor in words: how much more than the average statement, and how much viewpoint matters. */
  const bridgingNote = (s: { intercept: number; factor: number; ratings: number }) => {
    const f = Math.abs(s.factor);
    const lean = t(f < 0.15 ? 'dialogue.report.leanLittle' : f < 0.5 ? 'dialogue.report.leanSome' : 'dialogue.report.leanStrong');
    return tp('dialogue.report.bridgingNote', { intercept: s.intercept.toLocaleString(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }), lean, ratings: s.ratings });
  };
  const topic = pick(report.conversation.topic, locale);
  const description = pick(report.conversation.description, locale);
  return (
    <section className="page dialogue-report" aria-labelledby="page-title">
      <PageHeading lead={t('dialogue.report.lead')}>{topic.text}</PageHeading>
      {description.text ? <p lang={description.lang}>{description.text}</p> : null}
      <LiveIndicator mode={mode} updatedAt={report.updatedAt} />
      {error ? (
        <Notice kind="error">
          {t('dialogue.report.stale', { reason: isApiError(error) && (error.status === 403 || error.status === 404) ? t('dialogue.report.notPublic') : describeError(t, error) })}
        </Notice>
      ) : null}
      {report.conversation.state === 'closed' ? <Notice kind="info">{t('dialogue.report.closed')}</Notice> : null}
      <Totals report={report} />
      <p className="cell-sub">{t('dialogue.report.privacy', { size: report.conversation.minGroupSize })}</p>

      <section aria-labelledby="dialogue-map-heading">
        <h2 id="dialogue-map-heading">{t('dialogue.report.map')}</h2>
        <OpinionMap report={report} />
        {report.smallGroupsMerged.groups > 0 ? (
          <p className="cell-sub">{tp('dialogue.report.smallGroups', { groups: report.smallGroupsMerged.groups, count: report.smallGroupsMerged.participants })}</p>
        ) : null}
      </section>

      <section aria-labelledby="dialogue-groups-heading">
        <h2 id="dialogue-groups-heading">{t('dialogue.report.groups')}</h2>
        {report.groups.length === 0 ? <p>{t('dialogue.report.noGroups')}</p> : <GroupingWhy report={report} />}
        <div className="dialogue-groups">
          {report.groups.map((group) => (
            <article key={group.id} className="panel" aria-labelledby={`dialogue-group-${group.id}`}>
              <h3 id={`dialogue-group-${group.id}`}>{tp('dialogue.report.groupSize', { group: groupLabel(group.id), count: group.size })}</h3>
              <ul className="dialogue-statements">
                {group.representative.map((s) => (
                  <Line
                    key={s.tid}
                    statement={s}
                    note={t(s.repfulFor === 'agree' ? 'dialogue.report.repAgree' : 'dialogue.report.repDisagree', { count: s.count, of: s.of, share: percent(rawShare(s)) })}
                  />
                ))}
              </ul>
            </article>
          ))}
        </div>
      </section>

      <section aria-labelledby="dialogue-consensus-heading">
        <h2 id="dialogue-consensus-heading">{t('dialogue.report.consensus')}</h2>
        <p>{t('dialogue.report.consensusHint')}</p>
        <h3>{t('dialogue.report.groupAware')}</h3>
        {report.groups.length >= 2 ? (
          <>
            <p className="cell-sub">{t('dialogue.report.groupAwareHint')}</p>
            <StatementList items={report.groupAwareConsensus} note={(s) => t('dialogue.report.score', { score: percent(s.score) })} />
          </>
        ) : (
          <p>{tp('dialogue.report.groupAwareNeedsGroups', { groups: report.groups.length })}</p>
        )}
        <h3>{t('dialogue.report.agreedByMost')}</h3>
        <StatementList items={report.consensus.agree} note={(s) => t('dialogue.report.agreed', { count: s.count, of: s.of, share: percent(rawShare(s)) })} />
        <h3>{t('dialogue.report.rejectedByMost')}</h3>
        <StatementList items={report.consensus.disagree} note={(s) => t('dialogue.report.disagreed', { count: s.count, of: s.of, share: percent(rawShare(s)) })} />
      </section>

      <section aria-labelledby="dialogue-bridging-heading">
        <h2 id="dialogue-bridging-heading">{t('dialogue.report.bridging')}</h2>
        <p>{t('dialogue.report.bridgingHint')}</p>
        {report.bridging.length > 0 ? (
          <StatementList items={report.bridging} note={(s) => bridgingNote(s)} />
        ) : (
          <>
            <p>{t('dialogue.report.bridgingNone')}</p>
            {report.bridgingCandidates.length > 0 ? (
              <>
                <h3>{t('dialogue.report.bridgingCandidates')}</h3>
                <StatementList
                  items={report.bridgingCandidates}
                  note={(s) => bridgingNote(s)}
                />
              </>
            ) : null}
          </>
        )}
      </section>

      <section aria-labelledby="dialogue-communities-heading">
        <h2 id="dialogue-communities-heading">{t('dialogue.report.byCommunity')}</h2>
        {report.communities ? <CommunityTable communities={report.communities} /> : <p>{t('dialogue.report.noCommunities')}</p>}
      </section>
      {/* the vote table (participant numbers and groups) is for facilitators; others get the receipt and why */}
      <ReceiptLink {...receiptProps(dialogueReceiptUrls(id), facilitator)} inputNotPublic={!facilitator} />
    </section>
  );
}

/** Why this many groups: the silhouette of the k shown, and for the Pol.is mode the replay and its k-buffer. */
function GroupingWhy({ report }: { report: DialogueReport }) {
  const { locale } = useI18n();
  const tp = usePluralT();
  const k = report.groups.length;
  const g = report.grouping;
  const own = g.silhouettes.find((s) => s.k === k);
  const score = own ? own.score.toLocaleString(locale, { maximumFractionDigits: 2 }) : '–';
  return (
    <>
      <p className="cell-sub">{g.mode === 'polis' ? tp('dialogue.report.whyPolis', { updates: g.updates ?? 0, score }) : tp('dialogue.report.whyDefault', { k, score })}</p>
      {g.mode === 'polis' && g.bestK !== null && g.bestK !== k ? <p className="cell-sub">{tp('dialogue.report.polisHeld', { best: g.bestK })}</p> : null}
    </>
  );
}

function StatementList<S extends StatementRef>({ items, note }: { items: S[]; note: (statement: S) => string }) {
  const t = useI18n().t;
  if (items.length === 0) return <p>{t('dialogue.report.none')}</p>;
  return (
    <ol className="dialogue-statements">
      {items.map((s) => (
        <Line key={s.tid} statement={s} note={note(s)} />
      ))}
    </ol>
  );
}

function Totals({ report }: { report: DialogueReport }) {
  const t = useI18n().t;
  return (
    <dl className="dialogue-totals">
      <div>
        <dt>{t('dialogue.count.participants')}</dt>
        <dd>{report.totals.participants}</dd>
      </div>
      <div>
        <dt>{t('dialogue.count.votes')}</dt>
        <dd>{report.totals.votes}</dd>
      </div>
      <div>
        <dt>{t('dialogue.count.statements')}</dt>
        <dd>{report.totals.statements}</dd>
      </div>
      <div>
        <dt>{t('dialogue.count.groups')}</dt>
        <dd>{report.groups.length}</dd>
      </div>
    </dl>
  );
}
