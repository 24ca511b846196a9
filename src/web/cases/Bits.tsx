import { Link } from 'react-router-dom';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { Allegation, Incident } from './api.ts';

/** An incident's date as recorded: exact, partial (a month or a year), a range, or unknown. */
export function IncidentDate({ date }: { date: Incident['date'] }) {
  const t = useT();
  if (date.kind === 'unknown' || date.start === null) return <>{t('cases.date.unknownValue')}</>;
  if (date.kind === 'range') return <>{t('cases.date.rangeValue', { start: date.start, end: date.end ?? '' })}</>;
  return <>{date.start}</>;
}

/**
 * One allegation: always introduced by its proponent ("X characterises this incident as"), with the crime, mode,
 * perpetrator, the proponent's words and the sources. Reckon's own voice never names what the incident is.
 */
export function AllegationCard({ allegation, link = true }: { allegation: Allegation; link?: boolean }) {
  const t = useT();
  const a = allegation;
  return (
    <article className="panel cases-allegation" data-characterisation={a.characterisation} aria-labelledby={`allegation-${a.id}`}>
      <h3 id={`allegation-${a.id}`}>
        {t('cases.allegation.says', { proponent: a.proponent.name })} <strong>{t(`cases.char.${a.characterisation}` as MessageKey)}</strong>
      </h3>
      {a.withdrawn ? (
        <p className="cases-withdrawn" role="note">
          {t('cases.allegation.withdrawn', { date: a.withdrawn.at.slice(0, 10), by: a.withdrawn.by, reason: a.withdrawn.reason })}
        </p>
      ) : null}
      <dl>
        {a.crime ? (
          <>
            <dt>{t('cases.allegation.crime')}</dt>
            <dd>{t('cases.article', { article: a.crime.article, title: a.crime.title })}</dd>
          </>
        ) : null}
        {a.mode ? (
          <>
            <dt>{t('cases.allegation.mode')}</dt>
            <dd>{t('cases.article', { article: a.mode.article, title: a.mode.title })}</dd>
          </>
        ) : null}
        {a.perpetratorActor || a.perpetratorDescription || a.perpetratorUnitId ? (
          <>
            <dt>{t('cases.allegation.perpetrator')}</dt>
            <dd>{[a.perpetratorActor?.name, a.perpetratorUnitId, a.perpetratorDescription].filter(Boolean).join(' · ')}</dd>
          </>
        ) : null}
        <dt>{t('cases.allegation.statement')}</dt>
        <dd>
          <q>{a.statement}</q>
        </dd>
        {a.date ? (
          <>
            <dt>{t('cases.allegation.date')}</dt>
            <dd>{a.date}</dd>
          </>
        ) : null}
        <dt>{t('cases.allegation.sources')}</dt>
        <dd>
          <ul>
            {a.sources.map((s) => (
              <li key={s.id}>
                {s.pinpoint ? t('cases.sourcePinpoint', { publisher: s.publisher, title: s.title, pinpoint: s.pinpoint }) : t('cases.source', { publisher: s.publisher, title: s.title })}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('cases.allegation.verification')}</dt>
        <dd>{t(`cases.verification.${a.verification}` as MessageKey)}</dd>
      </dl>
      {link ? <Link to={`/cases/allegations/${encodeURIComponent(a.id)}`}>{t('cases.allegation.open')}</Link> : null}
    </article>
  );
}
