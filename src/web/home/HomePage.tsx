import { Link } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { HomeDemoOffer } from '../registry/DemoOffer.tsx';

interface Pillar {
  id: string;
  title: MessageKey;
  body: MessageKey;
  links: readonly { path: string; label: MessageKey }[];
}

const PILLARS: readonly Pillar[] = [
  { id: 'truth', title: 'home.pillar.truth.title', body: 'home.pillar.truth.body', links: [{ path: '/archive', label: 'nav.archive' }] },
  {
    id: 'recognition',
    title: 'home.pillar.recognition.title',
    body: 'home.pillar.recognition.body',
    links: [{ path: '/claims', label: 'nav.claims' }],
  },
  {
    id: 'accounting',
    title: 'home.pillar.accounting.title',
    body: 'home.pillar.accounting.body',
    links: [
      { path: '/casualties', label: 'nav.casualties' },
      { path: '/estimates', label: 'nav.estimates' },
    ],
  },
  {
    id: 'reconciliation',
    title: 'home.pillar.reconciliation.title',
    body: 'home.pillar.reconciliation.body',
    links: [{ path: '/dialogue', label: 'nav.dialogue' }],
  },
];

export function HomePage() {
  const { t, language } = useI18n();
  const { user } = useSession();
  return (
    <section className="page home">
      <PageHeading lead={t('home.lead')}>{t('home.title')}</PageHeading>
      <p className="home-audience">{t('home.audience')}</p>
      <section className="home-portal" aria-labelledby="home-portal-title">
        <h2 id="home-portal-title">{t('publication.portal.title')}</h2>
        <p>{t('publication.portal.body')}</p>
        <p>
          {/* A plain link: the portal is served as HTML by the server, readable without JavaScript. */}
          <a href={`/public?lang=${language.locale}`}>{t('publication.portal.open')}</a>
        </p>
      </section>
      <HomeDemoOffer />
      <h2>{t('home.pillarsTitle')}</h2>
      <ul className="pillars">
        {PILLARS.map((pillar) => (
          <li key={pillar.id} className={`pillar pillar-${pillar.id}`}>
            <h3>{t(pillar.title)}</h3>
            <p>{t(pillar.body)}</p>
            <p className="pillar-links">
              {pillar.links.map((link) => (
                <Link key={link.path} to={link.path}>
                  {t('home.open', { module: t(link.label) })}
                </Link>
              ))}
            </p>
          </li>
        ))}
      </ul>
      {user ? null : (
        <p className="home-signin">
          {t('home.signInPrompt')} <Link to="/login">{t('userMenu.login')}</Link>
        </p>
      )}
    </section>
  );
}
