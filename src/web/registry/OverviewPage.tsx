import { Link } from 'react-router-dom';
import { useT } from '../i18n/I18nProvider.tsx';
import { registryApi } from './api.ts';
import { VerificationLegend } from './Bits.tsx';
import { DemoOffer } from './DemoOffer.tsx';
import { RegistrySection } from './Section.tsx';
import { WhenLoaded } from './Loading.tsx';
import { paths } from './paths.ts';
import { useLoad } from './useLoad.ts';

export function OverviewPage() {
  const t = useT();
  const [state, reload] = useLoad(() => registryApi.overview(), 'overview');
  return (
    <RegistrySection title={t('claims.title')}>
      <WhenLoaded state={state} retry={reload}>
        {(overview) => (
          <>
            <DemoOffer demo={overview.demo} onLoaded={reload} />
            <div className="panel">
              <p>
                {t('registry.counts', {
                  claims: overview.counts.claims,
                  acts: overview.counts.recognitionActs,
                  sources: overview.counts.sources,
                  actors: overview.counts.actors,
                })}
              </p>
              <h2>{t('registry.events')}</h2>
              {overview.events.length === 0 ? <p className="muted">{t('registry.noEvents')}</p> : null}
              <ul>
                {overview.events.map((event) => (
                  <li key={event.id}>
                    <Link to={paths.event(event.id)} aria-label={t('registry.openEvent', { name: event.name })}>
                      {event.name}
                    </Link>
                    {event.startDate ? <span className="cell-sub"> {t('registry.eventDates', { start: event.startDate, end: event.endDate ?? event.startDate })}</span> : null}
                  </li>
                ))}
              </ul>
            </div>
            <VerificationLegend />
          </>
        )}
      </WhenLoaded>
    </RegistrySection>
  );
}
