import { Link } from 'react-router-dom';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n, useT } from '../i18n/I18nProvider.tsx';
import { verificationLevels, type Claim, type VerificationLevel } from './api.ts';
import { attributionText, figureText } from './format.ts';
import { paths } from './paths.ts';

/** The level in a few words of the reader's language ("Reported by a secondary source"), explained on hover and in the legend. */
export function VerificationBadge({ level }: { level: VerificationLevel }) {
  const t = useT();
  return (
    <span className={`badge verif verif-${level}`} title={t(`registry.verification.${level}` as MessageKey)}>
      {t(`registry.verification.badge.${level}` as MessageKey)}
    </span>
  );
}

export function VerificationLegend() {
  const t = useT();
  return (
    <div className="registry-legend-wrap">
      <p className="registry-legend-title">{t('registry.verification.legend')}</p>
      <dl className="registry-legend">
      {verificationLevels.map((level) => (
        <div key={level}>
          <dt>
            <VerificationBadge level={level} />
          </dt>
          <dd>{t(`registry.verification.${level}` as MessageKey)}</dd>
        </div>
      ))}
      </dl>
    </div>
  );
}

/** One claim, always introduced by who makes it and where. */
export function ClaimCard({ claim, headingLevel = 3 }: { claim: Claim; headingLevel?: 3 | 4 }) {
  const t = useT();
  const { locale } = useI18n();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <article className="claim-card" aria-labelledby={`claim-${claim.id}`}>
      <Heading id={`claim-${claim.id}`} className="claim-attribution">
        {attributionText(t, claim.actor.name, claim.attributionNote, claim.sources)}
      </Heading>
      <p className="claim-statement">{claim.statement}</p>
      {claim.figures.length ? (
        <ul className="claim-figures">
          {claim.figures.map((f, i) => (
            <li key={i}>{figureText(t, f, locale)}</li>
          ))}
        </ul>
      ) : null}
      {claim.valueText ? <p className="cell-sub">{t('registry.asWorded', { value: claim.valueText })}</p> : null}
      <p className="claim-meta">
        <VerificationBadge level={claim.verification} /> <span>{t(`registry.kind.${claim.kind}` as MessageKey)}</span> ·{' '}
        <span>{claim.date ? t('registry.claimDate', { date: claim.date }) : t('registry.undated')}</span>
        {claim.published ? null : (
          <>
            {' '}
            · <span className="badge badge-warn">{t('registry.unpublished')}</span>
          </>
        )}
      </p>
      {claim.contests.map((id) => (
        <p key={id} className="cell-sub">
          <Link to={paths.claim(id)}>{t('registry.contests', { id })}</Link>
        </p>
      ))}
      {claim.contestedBy.map((id) => (
        <p key={id} className="cell-sub">
          <Link to={paths.claim(id)}>{t('registry.contestedBy', { id })}</Link>
        </p>
      ))}
      <p>
        <Link to={paths.claim(claim.id)}>{t('registry.openClaim', { id: claim.id })}</Link>
      </p>
    </article>
  );
}
