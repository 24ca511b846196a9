import { Link, useParams } from 'react-router-dom';
import type { MessageKey } from '../i18n/en.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { WhenLoaded } from '../registry/Loading.tsx';
import { useLoad } from '../registry/useLoad.ts';
import { casesApi } from './api.ts';

export function FrameworksPage() {
  const t = useT();
  const [state, reload] = useLoad(() => casesApi.frameworks(), 'frameworks');
  return (
    <section className="cases" aria-labelledby="page-title">
      <p>
        <Link to="/cases">{t('cases.back')}</Link>
      </p>
      <PageHeading>{t('cases.frameworks')}</PageHeading>
      <WhenLoaded state={state} retry={reload}>
        {({ frameworks }) => (
          <ul>
            {frameworks.map((f) => (
              <li key={f.id}>
                <Link to={`/cases/frameworks/${encodeURIComponent(f.id)}`}>{f.name}</Link> — {f.instrument} {t('cases.framework.counts', { crimes: f.crimes, modes: f.modes, elements: f.elements })}
              </li>
            ))}
          </ul>
        )}
      </WhenLoaded>
    </section>
  );
}

/** A framework as data: each crime and mode with its article, the short quoted terms, and its numbered elements. */
export function FrameworkPage() {
  const t = useT();
  const { id = '' } = useParams();
  const [state, reload] = useLoad(() => casesApi.framework(id), `framework:${id}`);
  return (
    <WhenLoaded state={state} retry={reload}>
      {({ framework, crimes, modes }) => (
        <section className="cases" aria-labelledby="page-title">
          <p>
            <Link to="/cases/frameworks">{t('cases.frameworks')}</Link>
          </p>
          <PageHeading>{framework.name}</PageHeading>
          <p>{framework.instrument}</p>
          {framework.summarySource ? <p>{t('cases.framework.summarySource', { source: framework.summarySource })}</p> : null}
          {[
            { title: t('cases.framework.crimes'), items: crimes },
            { title: t('cases.framework.modes'), items: modes },
          ].map((group) => (
            <section key={group.title}>
              <h2>{group.title}</h2>
              {group.items.map((c) => (
                <article key={c.id} className="panel">
                  <h3>{t('cases.article', { article: c.article, title: c.title })}</h3>
                  {c.quotedTerms ? <p>{c.quotedTerms}</p> : null}
                  <p>{c.summary}</p>
                  <ol>
                    {c.elements.map((e) => (
                      <li key={e.id} value={e.number}>
                        [{t(`cases.element.kind.${e.kind}` as MessageKey)}] {e.summary} <small>({e.citation})</small>
                      </li>
                    ))}
                  </ol>
                </article>
              ))}
            </section>
          ))}
        </section>
      )}
    </WhenLoaded>
  );
}
