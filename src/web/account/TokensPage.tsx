import { PageHeading } from '../components/PageHeading.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { TokensPanel } from './TokensPanel.tsx';

export function TokensPage() {
  const t = useT();
  return (
    <section className="page">
      <PageHeading>{t('tokens.title')}</PageHeading>
      <TokensPanel />
    </section>
  );
}
