import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { paths } from '../registry/paths.ts';
import { claimAgreementApi, type ClaimAgreement as ClaimAgreementView, type StatementAgreement } from './api.ts';
import { groupLabel } from './groups.ts';
import { pick } from './localized.ts';
import { usePluralT } from './plural.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

/**
 * On a registry claim's page: how the conversations it was put to voted on it, group by group and community by
 * community, and, for a claim recorded from a conversation, the counts it was recorded with. Shows nothing when the
 * claim was never put to a conversation the reader may see.
 */
export function ClaimAgreement({ claimId }: { claimId: string }) {
  const { t, locale, formatDateTime } = useI18n();
  const [data, setData] = useState<ClaimAgreementView | null>(null);
  useEffect(() => {
    let current = true;
    claimAgreementApi.ofClaim(claimId).then(
      (answer) => current && setData(answer),
      () => current && setData(null),
    );
    return () => {
      current = false;
    };
  }, [claimId]);
  if (!data || (data.conversations.length === 0 && !data.recordedFrom)) return null;
  const from = data.recordedFrom;
  return (
    <section className="panel dialogue-claim-agreement" aria-labelledby="claim-agreement-title">
      <h2 id="claim-agreement-title">{t('dialogue.claimAgreement.title')}</h2>
      <p className="cell-sub">{t('dialogue.claimAgreement.help')}</p>
      {from ? (
        <>
          <p>
            <Link to={`/dialogue/report/${from.conversationId}`}>{t('dialogue.claimAgreement.recordedFrom', { topic: pick(from.topic, locale).text })}</Link>{' '}
            <span className="cell-sub">{formatDateTime(from.recorded.recordedAt)}</span>
          </p>
          <AgreementTable agreement={from.recorded.figures} />
        </>
      ) : null}
      {data.conversations.length > 0 ? (
        <ol>
          {data.conversations.map((c) => {
            const topic = pick(c.topic, locale);
            return (
              <li key={c.conversationId}>
                <Link to={`/dialogue/report/${c.conversationId}`} lang={topic.lang}>
                  {topic.text}
                </Link>{' '}
                <span className="cell-sub">{formatDateTime(c.createdAt)}</span>
                {c.agreement ? <AgreementTable agreement={c.agreement} /> : <p className="cell-sub">{t('dialogue.claimAgreement.noAnalysis')}</p>}
                {c.recorded ? (
                  <p>
                    <Link to={paths.claim(c.recorded.claimId)}>{t('dialogue.claimAgreement.recordedAs', { id: c.recorded.claimId })}</Link>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}

function AgreementTable({ agreement }: { agreement: StatementAgreement }) {
  const { t, locale } = useI18n();
  const tp = usePluralT();
  const verdict = agreement.groups.length < 2 ? tp('dialogue.claimAgreement.fewGroups', { groups: agreement.groups.length }) : t(agreement.acrossGroups ? 'dialogue.claimAgreement.across' : 'dialogue.claimAgreement.notAcross');
  const rows = [
    ...agreement.groups.map((g) => ({ key: `g${g.group}`, who: t('dialogue.claimAgreement.group', { group: groupLabel(g.group) }), lang: undefined, ...g })),
    ...agreement.communities.map((c, i) => {
      const name = c.name ? pick(c.name, locale) : null;
      return { key: `c${i}`, who: name ? name.text : t('dialogue.claimAgreement.otherCommunities'), lang: name?.lang, ...c };
    }),
  ];
  return (
    <ScrollRegion label={verdict}>
      <table className="dense">
        <caption>{verdict}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dialogue.claimAgreement.who')}</th>
            <th scope="col">{t('dialogue.claimAgreement.agreed')}</th>
            <th scope="col">{t('dialogue.claimAgreement.disagreed')}</th>
            <th scope="col">{t('dialogue.claimAgreement.passed')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row" lang={row.lang}>
                {row.who}
              </th>
              <td>{row.agree}</td>
              <td>{row.disagree}</td>
              <td>{row.pass}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
