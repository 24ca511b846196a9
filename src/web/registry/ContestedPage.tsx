import { useT } from '../i18n/I18nProvider.tsx';
import { registryApi } from './api.ts';
import { ContestedPairs } from './ContestedPairs.tsx';
import { RegistrySection } from './Section.tsx';
import { WhenLoaded } from './Loading.tsx';
import { useLoad } from './useLoad.ts';

export function ContestedPage() {
  const t = useT();
  const [state, reload] = useLoad(() => registryApi.contested(), 'contested');
  return (
    <RegistrySection title={t('registry.tab.contested')}>
      <WhenLoaded state={state} retry={reload}>
        {(data) => <ContestedPairs pairs={data.pairs} />}
      </WhenLoaded>
    </RegistrySection>
  );
}
