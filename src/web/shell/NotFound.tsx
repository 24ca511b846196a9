import { Link } from 'react-router-dom';
import { PageHeading } from '../components/PageHeading.tsx';
import { useT } from '../i18n/I18nProvider.tsx';

export function NotFound() {
  const t = useT();
  return (
    <section className="page">
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
