import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../api/client.ts';
import { PublicationControl } from '../publication/PublicationControl.tsx';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, type Source } from './api.ts';
import { ImportForm } from './ImportForm.tsx';
import { RecordsList } from './RecordsList.tsx';
import { SourceEditForm } from './SourceEditForm.tsx';
import { canEdit, canReview, Section } from './Section.tsx';

/** One list: who compiled it and how, its import form (editors), and its records. */
export function SourcePage() {
  const t = useT();
  const { id = '' } = useParams();
  const { user } = useSession();
  const [source, setSource] = useState<Source | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const load = useCallback(() => {
    casualtiesApi.source(id).then(setSource, (e: unknown) => {
      if (isApiError(e) && e.status === 404) setSource(null);
      else setError(describeError(t, e));
    });
  }, [id, t]);
  useEffect(() => {
    if (user) load();
  }, [user, load]);

  const title = source ? source.name : t('casualties.sources.title');
  return (
    <Section title={title}>
      <p>
        <Link to="/casualties">{t('casualties.back')}</Link>
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {source === undefined && !error ? <p className="loading">{t('casualties.loading')}</p> : null}
      {source === null ? <Notice kind="error">{t('casualties.sources.notFound')}</Notice> : null}
      {source && user && ['admin', 'editor', 'reviewer'].includes(user.role) ? <PublicationControl kind="casualty_source" id={source.id} /> : null}
      {source ? (
        <>
          <dl className="cas-facts">
            <dt>{t('casualties.sources.compiledBy')}</dt>
            <dd>{source.compiledBy ?? '–'}</dd>
            <dt>{t('casualties.sources.compiledAt')}</dt>
            <dd>{source.compiledAt ?? '–'}</dd>
            <dt>{t('casualties.sources.method')}</dt>
            <dd className="cas-method">{source.method ?? '–'}</dd>
            <dt>{t('casualties.sources.archiveItem')}</dt>
            <dd>{source.archiveItemId ? <Link to={`/archive/${encodeURIComponent(source.archiveItemId)}`}>{t('casualties.sources.openItem')}</Link> : '–'}</dd>
            <dt>{t('casualties.sources.records')}</dt>
            <dd>{source.records.toLocaleString()}</dd>
          </dl>
          {canEdit(user?.role) ? <SourceEditForm source={source} onSaved={setSource} /> : null}
          {canEdit(user?.role) ? (
            <ImportForm
              source={source}
              onImported={() => {
                load();
                setGeneration((g) => g + 1);
              }}
            />
          ) : null}
          {canReview(user?.role) ? <RecordsList sourceId={source.id} generation={generation} /> : <p className="muted">{t('casualties.records.hidden')}</p>}
        </>
      ) : null}
    </Section>
  );
}
