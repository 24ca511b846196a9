import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { claimKinds, registryApi, verificationLevels } from './api.ts';
import { ClaimCard } from './Bits.tsx';
import { Filters, useFilterQuery } from './Filters.tsx';
import { RegistrySection } from './Section.tsx';
import { WhenLoaded } from './Loading.tsx';
import { useLoad } from './useLoad.ts';

const NAMES = ['actor', 'kind', 'verification', 'from', 'to', 'q'] as const;

export function ClaimsPage() {
  const t = useT();
  const query = useFilterQuery(NAMES);
  const [actors] = useLoad(() => registryApi.actors(), 'actors');
  const [state, reload] = useLoad(() => registryApi.claims(query), `claims:${JSON.stringify(query)}`);
  const actorOptions = actors.status === 'ready' ? actors.data.actors.map((a) => [a.id, a.name] as const) : [];
  return (
    <RegistrySection title={t('registry.tab.claims')}>
      <Filters
        specs={[
          { name: 'actor', label: 'registry.filter.actor', options: actorOptions },
          { name: 'kind', label: 'registry.filter.kind', options: claimKinds.map((k) => [k, t(`registry.kind.${k}` as MessageKey)] as const) },
          { name: 'verification', label: 'registry.filter.verification', options: verificationLevels.map((v) => [v, t(`registry.verification.badge.${v}` as MessageKey)] as const) },
          { name: 'from', label: 'registry.filter.from' },
          { name: 'to', label: 'registry.filter.to' },
          { name: 'q', label: 'registry.filter.search' },
        ]}
      />
      <WhenLoaded state={state} retry={reload}>
        {(data) => (
          <>
            <p role="status">{t('registry.filter.results', { count: data.claims.length })}</p>
            <div className="claim-grid">
              {data.claims.map((claim) => (
                <ClaimCard key={claim.id} claim={claim} />
              ))}
            </div>
          </>
        )}
      </WhenLoaded>
    </RegistrySection>
  );
}
