import { useI18n } from '../i18n/I18nProvider.tsx';
import { usePluralT } from './plural.ts';
import type { DialogueReport } from './api.ts';
import { heatClass, percent } from './groups.ts';
import { pick, statementText } from './localized.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

/**
 * Agreement by declared community as a heat map: one row a statement, one column a community, each cell the share
 * of that community's votes on the statement that agree. The figure is printed in the cell, so the colour never
 * carries meaning alone; communities below the minimum size are pooled by the server and shown as one column.
 */
export function CommunityTable({ communities }: { communities: NonNullable<DialogueReport['communities']> }) {
  const { t, locale } = useI18n();
  const tp = usePluralT();
  const columns = communities.rows.map((row) => (row.name ? pick(row.name, locale) : { text: t('dialogue.report.pooled'), lang: undefined }));
  return (
    <>
      <ScrollRegion label={t('dialogue.report.heatCaption')}>
        <table className="dialogue-heat dense">
          <caption>{t('dialogue.report.heatCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dialogue.report.statement')}</th>
              {communities.rows.map((row, index) => (
                <th scope="col" key={row.id ?? 'pooled'} lang={columns[index].lang}>
                  {columns[index].text}
                  <span className="cell-sub"> {tp('dialogue.report.members', { count: row.members, votes: row.votes })}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {communities.statements.map((s) => {
              const shown = statementText(s, locale);
              return (
                <tr key={s.tid}>
                  <th scope="row" lang={shown.lang}>
                    {shown.text}
                  </th>
                  {s.cells.map((cell, index) => (
                    <td key={communities.rows[index]?.id ?? `pooled-${index}`} className={heatClass(cell.votes > 0 ? cell.agreeShare : null)}>
                      {cell.votes > 0 ? t('dialogue.report.cell', { share: percent(cell.agreeShare), votes: cell.votes }) : t('dialogue.report.noVotes')}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      {communities.pooled > 0 ? <p className="cell-sub">{tp('dialogue.report.pooledNote', { count: communities.pooled })}</p> : null}
      <h3>{t('dialogue.report.commonGround')}</h3>
      {communities.commonGround.length === 0 ? (
        <p>{t(communities.rows.length < 2 ? 'dialogue.report.commonGroundNeedsTwo' : 'dialogue.report.commonGroundNone')}</p>
      ) : (
        <ol className="dialogue-statements">
          {communities.commonGround.map((s) => {
            const shown = statementText(s, locale);
            return (
              <li key={s.tid}>
                <span lang={shown.lang}>{shown.text}</span>
                <span className="cell-sub"> {t('dialogue.report.minAgreement', { share: percent(s.minAgreement) })}</span>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
