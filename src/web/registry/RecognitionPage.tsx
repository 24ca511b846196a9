import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { recognitionLevels, recognitionTerms, registryApi, verificationLevels } from './api.ts';
import { VerificationLegend } from './Bits.tsx';
import { Filters, useFilterQuery } from './Filters.tsx';
import { RegistrySection } from './Section.tsx';
import { WhenLoaded } from './Loading.tsx';
import { RecognitionMap } from './RecognitionMap.tsx';
import { RecognitionTable } from './RecognitionTable.tsx';
import { Timeline } from './Timeline.tsx';
import { useLoad } from './useLoad.ts';

const NAMES = ['term', 'level', 'verification', 'from', 'to'] as const;

export function RecognitionPage() {
  const t = useT();
  const query = useFilterQuery(NAMES);
  const [state, reload] = useLoad(() => registryApi.acts(query), `acts:${JSON.stringify(query)}`);
  return (
    <RegistrySection title={t('registry.tab.recognition')}>
      <Filters
        specs={[
          { name: 'term', label: 'registry.filter.term', options: recognitionTerms.map((x) => [x, t(`registry.term.${x}` as MessageKey)] as const) },
          { name: 'level', label: 'registry.filter.level', options: recognitionLevels.map((x) => [x, t(`registry.level.${x}` as MessageKey)] as const) },
          { name: 'verification', label: 'registry.filter.verification', options: verificationLevels.map((v) => [v, v] as const) },
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
            <RecognitionTable acts={data.acts} />
          </>
        )}
      </WhenLoaded>
    </RegistrySection>
  );
}
