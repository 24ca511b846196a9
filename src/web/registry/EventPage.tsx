import { useId, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { paths } from './paths.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { acknowledgmentGroups, registryApi, type Act } from './api.ts';
import { ClaimCard, VerificationLegend } from './Bits.tsx';
import { ContestedPairs } from './ContestedPairs.tsx';
import { FigureChart } from './FigureChart.tsx';
import { RegistrySection } from './Section.tsx';
import { WhenLoaded } from './Loading.tsx';
import { RecognitionMap } from './RecognitionMap.tsx';
import { RecognitionTable } from './RecognitionTable.tsx';
import { Timeline } from './Timeline.tsx';
import { useLoad } from './useLoad.ts';
import { ReceiptLink, registryReceiptUrls } from '../receipts/ReceiptLink.tsx';

/** One event: competing figures side by side, recognition map and timeline, contested pairs, other claims. */
export function EventPage() {
  const t = useT();
  const { id = '' } = useParams();
  const [state, reload] = useLoad(() => registryApi.event(id), `event:${id}`);
  const { user } = useSession();
  return (
    <WhenLoaded state={state} retry={reload}>
      {(data) => (
        <RegistrySection title={data.event.name}>
          {data.event.startDate ? <p>{t('registry.eventDates', { start: data.event.startDate, end: data.event.endDate ?? data.event.startDate })}</p> : null}
          {user && ['admin', 'editor'].includes(user.role) ? (
            <p className="form-actions">
              <Link className="button-secondary" to={paths.editRecord('events', data.event.id)}>
                {t('registry.form.editThis')}
              </Link>
              <Link className="button-secondary" to={paths.newRecord('claims')}>
                {t('registry.form.title.claims')}
              </Link>
              <Link className="button-secondary" to={paths.newRecord('recognition')}>
                {t('registry.form.title.recognition')}
              </Link>
            </p>
          ) : null}
          <VerificationLegend />
          {data.casualtyFigures.length ? (
            <section className="panel" aria-labelledby="figures-title">
              <h2 id="figures-title">{t('registry.figures.title')}</h2>
              <p>{t('registry.figures.intro')}</p>
              <FigureChart claims={data.casualtyFigures} />
              <div className="claim-grid">
                {data.casualtyFigures.map((claim) => (
                  <ClaimCard key={claim.id} claim={claim} />
                ))}
              </div>
              {/* the published figures of this event, recomputable from the public import files */}
              <ReceiptLink
                receiptUrl={registryReceiptUrls(id).receipt}
                receiptFile={registryReceiptUrls(id).receiptFile}
                inputs={registryReceiptUrls(id).inputs}
              />
            </section>
          ) : null}
          {data.recognitionActs.length ? <ActsByKind acts={data.recognitionActs} /> : null}
          <ContestedPairs pairs={data.contested} />
          {data.claims.length ? (
            <section className="panel" aria-labelledby="other-title">
              <h2 id="other-title">{t('registry.otherClaims')}</h2>
              <div className="claim-grid">
                {data.claims.map((claim) => (
                  <ClaimCard key={claim.id} claim={claim} />
                ))}
              </div>
              {/* the published figures of this event, recomputable from the public import files */}
              <ReceiptLink
                receiptUrl={registryReceiptUrls(id).receipt}
                receiptFile={registryReceiptUrls(id).receiptFile}
                inputs={registryReceiptUrls(id).inputs}
              />
            </section>
          ) : null}
        </RegistrySection>
      )}
    </WhenLoaded>
  );
}

/** The event's acts of acknowledgment, filtered by kind (as reported); the map, timeline and table follow the filter. */
function ActsByKind({ acts }: { acts: Act[] }) {
  const t = useT();
  const id = useId();
  const [group, setGroup] = useState('');
  const present = acknowledgmentGroups.filter((g) => acts.some((a) => a.group === g));
  const shown = group ? acts.filter((a) => a.group === group) : acts;
  return (
    <>
      <form className="registry-filters" role="search" aria-label={t('registry.filter.title')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-group`}>{t('registry.filter.group')}</label>
          <select id={`${id}-group`} value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value="">{t('registry.filter.any')}</option>
            {present.map((g) => (
              <option key={g} value={g}>
                {`${t(`registry.ack.group.${g}` as MessageKey)} (${acts.filter((a) => a.group === g).length})`}
              </option>
            ))}
          </select>
        </div>
      </form>
      <RecognitionMap key={group} acts={shown} />
      <Timeline acts={shown} />
      <RecognitionTable acts={shown} />
    </>
  );
}
