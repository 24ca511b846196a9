import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { useSession } from '../auth/SessionProvider.tsx';
import { Link } from 'react-router-dom';
import type { Act } from './api.ts';
import { paths } from './paths.ts';
import { VerificationBadge } from './Bits.tsx';
import { sourceText } from './format.ts';
import { ActPublication } from './ActPublication.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

/** Every act as a table: the accessible equivalent of the map and the timeline. */
export function RecognitionTable({ acts, onChange }: { acts: Act[]; onChange?: () => void }) {
  const t = useT();
  const { user } = useSession();
  const team = Boolean(user && ['admin', 'editor', 'reviewer'].includes(user.role));
  return (
    <section aria-labelledby="acts-table-title">
      <h2 id="acts-table-title">{t('registry.table.title')}</h2>
      <p className="cell-sub">{t('registry.ack.note')}</p>
      <ScrollRegion labelledBy="acts-table-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('registry.col.date')}</th>
              <th scope="col">{t('registry.col.kind')}</th>
              <th scope="col">{t('registry.col.body')}</th>
              <th scope="col">{t('registry.col.jurisdiction')}</th>
              <th scope="col">{t('registry.col.level')}</th>
              <th scope="col">{t('registry.col.term')}</th>
              <th scope="col">{t('registry.col.verification')}</th>
              <th scope="col">{t('registry.col.sources')}</th>
              <th scope="col">{t('registry.col.notes')}</th>
              {team ? <th scope="col">{t('publication.column')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {acts.map((act) => (
              <tr key={act.id}>
                <td>{act.date ?? t('registry.timeline.undated')}</td>
                <td>
                  {t(`registry.ack.kind.${act.kind}` as MessageKey)}
                  {act.court ? <div className="cell-sub">{t('registry.ack.court', { name: act.court.name })}</div> : null}
                  {act.roles.map((r) => (
                    <div key={`${r.actor.id}:${r.role}`} className="cell-sub">
                      {t('registry.ack.role', { name: r.actor.name, role: r.role })}
                    </div>
                  ))}
                </td>
                <td>{act.body.name}</td>
                <td>{act.country ? <Link to={paths.country(act.country)}>{act.jurisdiction}</Link> : (act.jurisdiction ?? '—')}</td>
                <td>{t(`registry.level.${act.level}` as MessageKey)}</td>
                <td>{act.term ?? t('registry.term.none')}</td>
                <td>
                  <VerificationBadge level={act.verification} />
                </td>
                <td>{act.sources.length ? t('registry.reportedBy', { source: act.sources.map(sourceText).join('; ') }) : t('registry.noSource')}</td>
                <td>{act.notes ?? ''}</td>
                {team ? (
                  <td>
                    <ActPublication id={act.id} onChange={onChange} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
