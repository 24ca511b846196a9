import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { isApiError } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { archiveApi, type ItemDetail } from './api.ts';
import { Custody } from './Custody.tsx';
import { ExportPackage } from './ExportPackage.tsx';
import { Files } from './Files.tsx';
import { useArchiveRoles, useLoad } from './hooks.ts';
import { MetadataForm } from './MetadataForm.tsx';
import { TestimonyPanel } from './TestimonyPanel.tsx';
import { UploadBox } from './UploadBox.tsx';
import { PublicationControl } from '../publication/PublicationControl.tsx';

function Description({ item }: { item: ItemDetail }) {
  const { t } = useI18n();
  const place = [item.place.name, item.place.country].filter(Boolean).join(', ');
  const coordinates = item.place.latitude !== null && item.place.longitude !== null ? ` (${item.place.latitude}, ${item.place.longitude})` : '';
  return (
    <>
      {item.description ? <p className="archive-description">{item.description}</p> : null}
      <dl className="archive-fields">
        <dt>{t('archive.item.kind')}</dt>
        <dd>{t(`archive.kind.${item.kind}` as MessageKey)}</dd>
        <dt>{t('archive.item.date')}</dt>
        <dd>{item.eventDate ?? '—'}</dd>
        <dt>{t('archive.item.place')}</dt>
        <dd>{place || coordinates ? `${place}${coordinates}` : '—'}</dd>
        <dt>{t('archive.item.languages')}</dt>
        <dd>{item.languages.join(', ') || '—'}</dd>
        <dt>{t('archive.meta.providedBy')}</dt>
        <dd>{item.providedBy ?? '—'}</dd>
        {item.tags.length ? (
          <>
            <dt>{t('archive.meta.tags')}</dt>
            <dd>{item.tags.map((tag) => `${tag.vocabulary}: ${tag.term}`).join(' · ')}</dd>
          </>
        ) : null}
        {item.related.length ? (
          <>
            <dt>{t('archive.meta.related')}</dt>
            <dd>
              <ul className="archive-inline">
                {item.related.map((id) => (
                  <li key={id}>
                    <Link to={`../${id}`}>{id.slice(0, 8)}</Link>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{t('archive.facet.confidentiality')}</dt>
        <dd>{t(`archive.conf.${item.confidentiality}`)}</dd>
        <dt>{t('archive.item.state')}</dt>
        <dd>{t(item.state === 'published' && item.confidentiality === 'public' ? 'publication.state.public' : 'publication.state.notPublic')}</dd>
      </dl>
    </>
  );
}

/** One item: what it is, its files (previews, hashes, redaction), its testimony, and for staff the custody timeline. */
export function ItemPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const roles = useArchiveRoles();
  const { data: item, error, reload } = useLoad(() => archiveApi.item(id), id);
  // Bumped after every change so the custody timeline and ledger entries are read again.
  const [version, setVersion] = useState(0);
  const changed = () => {
    reload();
    setVersion((v) => v + 1);
  };
  if (error) {
    return (
      <>
        <PageHeading>{isApiError(error) && error.status === 404 ? t('archive.item.notFound') : t('archive.title')}</PageHeading>
        {isApiError(error) && error.status === 404 ? <p>{t('archive.item.notFoundLead')}</p> : <Notice kind="error">{describeError(t, error)}</Notice>}
        <p>
          <Link to="..">{t('archive.item.back')}</Link>
        </p>
      </>
    );
  }
  if (!item) return <p role="status">{t('archive.loading')}</p>;
  return (
    <>
      <p>
        <Link to="..">{t('archive.item.back')}</Link>
      </p>
      <PageHeading>{item.title}</PageHeading>
      <Description item={item} />
      {roles.publish ? (
        <div className="archive-publish">
          <PublicationControl kind="item" id={item.id} onChange={changed} />
        </div>
      ) : null}
      <section aria-labelledby="archive-files-title">
        <h2 id="archive-files-title">{t('archive.item.files')}</h2>
        <Files item={item} canEdit={roles.edit} onChanged={changed} />
        {roles.edit ? <UploadBox itemId={item.id} onUploaded={changed} /> : null}
      </section>
      {item.kind === 'testimony' ? <TestimonyPanel item={item} canEdit={roles.edit} onChanged={changed} /> : null}
      {roles.edit ? <MetadataForm item={item} onSaved={changed} /> : null}
      {roles.exportPackage ? <ExportPackage itemIds={[item.id]} mayHoldTestimony={item.kind === 'testimony'} onDone={() => setVersion((v) => v + 1)} /> : null}
      {roles.custody ? <Custody item={item} version={version} /> : null}
    </>
  );
}
