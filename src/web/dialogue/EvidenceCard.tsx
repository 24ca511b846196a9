import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Evidence } from './api.ts';

const LEVELS = ['primary-seen', 'reported', 'not-verified'] as const;
type Level = (typeof LEVELS)[number];

/**
 * Where a statement seeded from the registry comes from: who makes the claim, according to which sources, how the
 * registry rates its verification, and archived copies the public may open. Always in the claimant's voice, with a
 * line saying Reckon does not rule on it. Facilitators also see cited items that are not public, marked as such.
 */
export function EvidenceCard({ evidence }: { evidence: Evidence }) {
  const { t } = useI18n();
  const level = (LEVELS as readonly string[]).includes(evidence.verification) ? t(`dialogue.evidence.level.${evidence.verification as Level}`) : evidence.verification;
  return (
    <details className="dialogue-evidence">
      <summary>
        {t('dialogue.evidence.title')}: {t('dialogue.evidence.claimBy', { actor: evidence.assertedBy })}
      </summary>
      <p>{t('dialogue.evidence.verification', { level })}</p>
      {evidence.contested ? <p>{t('dialogue.evidence.contested')}</p> : null}
      {evidence.sources.length > 0 ? (
        <>
          <p className="cell-sub">{t('dialogue.evidence.sources')}</p>
          <ul>
            {evidence.sources.map((s, i) => (
              <li key={i}>
                {s.publisher}, <cite>{s.title}</cite>
                {s.date ? ` (${s.date})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {evidence.archiveItems.length > 0 ? (
        <ul>
          {evidence.archiveItems.map((item) => (
            <li key={item.id}>
              {item.public ? <a href={`/public/archive/${encodeURIComponent(item.id)}`}>{t('dialogue.evidence.item')}</a> : t('dialogue.evidence.itemNotPublic', { id: item.id })}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="cell-sub">{t('dialogue.evidence.neutral')}</p>
    </details>
  );
}
