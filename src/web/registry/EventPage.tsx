import { useParams } from 'react-router-dom';
import { useT } from '../i18n/I18nProvider.tsx';
import { registryApi } from './api.ts';
import { ClaimCard, VerificationLegend } from './Bits.tsx';
import { ContestedPairs } from './ContestedPairs.tsx';
import { FigureChart } from './FigureChart.tsx';
import { RegistrySection } from './Section.tsx';
import { WhenLoaded } from './Loading.tsx';
import { RecognitionMap } from './RecognitionMap.tsx';
import { RecognitionTable } from './RecognitionTable.tsx';
import { Timeline } from './Timeline.tsx';
import { useLoad } from './useLoad.ts';

/** One event: competing figures side by side, recognition map and timeline, contested pairs, other claims. */
export function EventPage() {
  const t = useT();
  const { id = '' } = useParams();
  const [state, reload] = useLoad(() => registryApi.event(id), `event:${id}`);
  return (
    <WhenLoaded state={state} retry={reload}>
      {(data) => (
        <RegistrySection title={data.event.name}>
          {data.event.startDate ? <p>{t('registry.eventDates', { start: data.event.startDate, end: data.event.endDate ?? data.event.startDate })}</p> : null}
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
            </section>
          ) : null}
          {data.recognitionActs.length ? (
            <>
              <RecognitionMap acts={data.recognitionActs} />
              <Timeline acts={data.recognitionActs} />
              <RecognitionTable acts={data.recognitionActs} />
            </>
          ) : null}
          <ContestedPairs pairs={data.contested} />
          {data.claims.length ? (
            <section className="panel" aria-labelledby="other-title">
              <h2 id="other-title">{t('registry.otherClaims')}</h2>
              <div className="claim-grid">
                {data.claims.map((claim) => (
                  <ClaimCard key={claim.id} claim={claim} />
                ))}
              </div>
            </section>
          ) : null}
        </RegistrySection>
      )}
    </WhenLoaded>
  );
}
