import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { acknowledgmentGroups, recognitionLevels, recognitionTerms, registryApi, verificationLevels } from './api.ts';
import { VerificationLegend } from './Bits.tsx';
import { Filters, useFilterQuery } from './Filters.tsx';
import { RegistrySection } from './Section.tsx';
import { WhenLoaded } from './Loading.tsx';
import { RecognitionMap } from './RecognitionMap.tsx';
import { RecognitionTable } from './RecognitionTable.tsx';
import { Timeline } from './Timeline.tsx';
import { useLoad } from './useLoad.ts';

const NAMES = ['group', 'term', 'level', 'verification', 'country', 'from', 'to'] as const;
const COUNTRY = /^[A-Z]{2}$/;

export function RecognitionPage() {
  const t = useT();
  const raw = useFilterQuery(NAMES);
  // A malformed country code is dropped rather than sent (the server would refuse it).
  const query = { ...raw, country: raw.country && COUNTRY.test(raw.country) ? raw.country : undefined } as Parameters<typeof registryApi.acts>[0];
  const [state, reload] = useLoad(() => registryApi.acts(query), `acts:${JSON.stringify(query)}`);
  return (
    <RegistrySection title={t('registry.tab.recognition')}>
      <Filters
        specs={[
          { name: 'group', label: 'registry.filter.group', options: acknowledgmentGroups.map((x) => [x, t(`registry.ack.group.${x}` as MessageKey)] as const) },
          { name: 'term', label: 'registry.filter.term', options: recognitionTerms.map((x) => [x, t(`registry.term.${x}` as MessageKey)] as const) },
          { name: 'level', label: 'registry.filter.level', options: recognitionLevels.map((x) => [x, t(`registry.level.${x}` as MessageKey)] as const) },
          { name: 'verification', label: 'registry.filter.verification', options: verificationLevels.map((v) => [v, t(`registry.verification.badge.${v}` as MessageKey)] as const) },
          { name: 'country', label: 'registry.filter.country', placeholder: 'AZ' },
          { name: 'from', label: 'registry.filter.from' },
          { name: 'to', label: 'registry.filter.to' },
        ]}
      />
      <VerificationLegend />
      <WhenLoaded state={state} retry={reload}>
        {(data) => (
          <>
            <p role="status">{t('registry.filter.results', { count: data.acts.length })}</p>
            <RecognitionMap acts={data.acts} />
            <Timeline acts={data.acts} />
            <RecognitionTable acts={data.acts} onChange={reload} />
          </>
        )}
      </WhenLoaded>
    </RegistrySection>
  );
}
