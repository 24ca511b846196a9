import { useCallback, useEffect, useState, type DragEvent, type FormEvent } from 'react';
import { Link, Route, Routes, useParams, useSearchParams } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { archiveApi, fileUrl, uploadFile, type ArchiveFile, type ArchiveItem, type CustodyEvent, type SearchResult } from './api.ts';
import './archive.css';

const FACETS = [
  ['kind', 'archive.facet.kind'],
  ['language', 'archive.facet.language'],
  ['country', 'archive.facet.country'],
  ['confidentiality', 'archive.facet.confidentiality'],
  ['year', 'archive.facet.year'],
  ['extractionState', 'archive.facet.extraction'],
] as const;

function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string | null } {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null }),
      (error: Error) => live && setState({ data: null, error: error.message }),
    );
    return () => {
      live = false;
    };
  }, deps);
  return state;
}

function SearchPage() {
  const t = useT();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const query = Object.fromEntries(params.entries());
  if (query.year) {
    query.dateFrom = query.year;
    query.dateTo = query.year;
    delete query.year;
  }
  const { data, error } = useLoad<SearchResult>(() => archiveApi.search(query), [params.toString()]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (text.trim()) next.set('q', text.trim());
    else next.delete('q');
    setParams(next);
  };
  const toggle = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (next.get(name) === value) next.delete(name);
    else next.set(name, value);
    setParams(next);
  };
  const canUpload = user && (user.role === 'admin' || user.role === 'editor');
  return (
    <>
      <PageHeading lead={t('archive.summary')}>{t('archive.title')}</PageHeading>
      <form role="search" className="archive-search" onSubmit={submit}>
        <label htmlFor="archive-q">{t('archive.search.label')}</label>
        <input id="archive-q" type="search" value={text} placeholder={t('archive.search.placeholder')} onChange={(e) => setText(e.target.value)} />
        <button type="submit">{t('archive.search.submit')}</button>
      </form>
      {canUpload ? <UploadBox /> : null}
      {error ? <p role="alert">{t('archive.error', { message: error })}</p> : null}
      {!data && !error ? <p role="status">{t('archive.loading')}</p> : null}
      {data ? (
        <div className="archive-layout">
          <nav aria-label={t('archive.facets')} className="archive-facets">
            {FACETS.map(([name, label]) =>
              data.facets[name].length ? (
                <fieldset key={name}>
                  <legend>{t(label)}</legend>
                  <ul>
                    {data.facets[name].map((f) => (
                      <li key={f.value}>
                        <button type="button" className={params.get(name) === f.value ? 'facet facet-on' : 'facet'} aria-pressed={params.get(name) === f.value} onClick={() => toggle(name, f.value)}>
                          {f.value} ({f.count})
                        </button>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              ) : null,
            )}
          </nav>
          <section className="archive-results" aria-live="polite">
            <p role="status">{data.total ? t('archive.results', { count: data.total }) : t('archive.noResults')}</p>
            <ol>
              {data.items.map((item) => (
                <li key={item.id}>
                  <Link to={item.id}>{item.title}</Link>
                  <span className="archive-meta">
                    {' '}
                    · {item.kind} · {item.eventDate ?? ''} {item.place.country ?? ''} · {t(`archive.conf.${item.confidentiality}` as MessageKey)}
                  </span>
                </li>
              ))}
            </ol>
          </section>
        </div>
      ) : null}
    </>
  );
}

interface Upload {
  name: string;
  progress: number;
  status: 'sending' | 'done' | 'duplicate' | 'failed';
  message?: string;
  itemId?: string;
}

function UploadBox() {
  const t = useT();
  const [confidentiality, setConfidentiality] = useState('restricted');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const start = useCallback(
    (files: FileList | null) => {
      if (!files) return;
      for (const file of Array.from(files)) {
        const key = `${file.name}-${Date.now()}-${Math.random()}`;
        const update = (patch: Partial<Upload>) => setUploads((list) => list.map((u) => ((u as Upload & { key?: string }).key === key ? { ...u, ...patch } : u)));
        setUploads((list) => [...list, { name: file.name, progress: 0, status: 'sending', key } as Upload]);
        uploadFile(file, confidentiality, (progress) => update({ progress })).then(
          (result) => update({ progress: 1, status: result.duplicate ? 'duplicate' : 'done', itemId: result.item.id }),
          (error: Error) => update({ status: 'failed', message: error.message }),
        );
      }
    },
    [confidentiality],
  );
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    start(event.dataTransfer.files);
  };
  return (
    <section className={over ? 'archive-upload archive-upload-over' : 'archive-upload'} onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}>
      <h2>{t('archive.upload.title')}</h2>
      <p>{t('archive.upload.drop')}</p>
      <label htmlFor="archive-conf">{t('archive.upload.confidentiality')}</label>
      <select id="archive-conf" value={confidentiality} onChange={(e) => setConfidentiality(e.target.value)}>
        {(['public', 'restricted', 'confidential'] as const).map((c) => (
          <option key={c} value={c}>
            {t(`archive.conf.${c}`)}
          </option>
        ))}
      </select>
      <label htmlFor="archive-files" className="button-secondary">
        {t('archive.upload.choose')}
      </label>
      <input id="archive-files" type="file" multiple className="visually-hidden" onChange={(e) => start(e.target.files)} />
      <ul>
        {uploads.map((u, i) => (
          <li key={i}>
            {u.itemId ? <Link to={u.itemId}>{u.name}</Link> : u.name}{' '}
            <progress max={1} value={u.progress} aria-label={u.name} />{' '}
            {u.status === 'done' ? t('archive.upload.done') : u.status === 'duplicate' ? t('archive.upload.duplicate') : u.status === 'failed' ? t('archive.upload.failed', { message: u.message ?? '' }) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Preview({ itemId, file }: { itemId: string; file: ArchiveFile }) {
  const t = useT();
  const src = fileUrl(itemId, file.id, true);
  const mime = file.mime ?? '';
  const label = t('archive.item.preview', { name: file.filename });
  if (mime.startsWith('image/') && mime !== 'image/svg+xml') return <img src={src} alt={label} className="archive-preview" />;
  if (mime.startsWith('video/')) return <video src={src} controls preload="metadata" aria-label={label} className="archive-preview" />;
  if (mime.startsWith('audio/')) return <audio src={src} controls preload="metadata" aria-label={label} />;
  if (mime === 'application/pdf' || mime === 'text/plain') return <iframe src={src} title={label} className="archive-preview archive-preview-doc" sandbox="" />;
  return null;
}

function ItemPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { user } = useSession();
  const [version, setVersion] = useState(0);
  const { data: item, error } = useLoad(() => archiveApi.item(id), [id, version]);
  const documenter = user && ['admin', 'editor', 'reviewer'].includes(user.role);
  const { data: custody } = useLoad<{ events: CustodyEvent[] } | null>(() => (documenter ? archiveApi.custody(id) : Promise.resolve(null)), [id, version, documenter]);
  if (error) return <p role="alert">{t('archive.error', { message: error })}</p>;
  if (!item) return <p role="status">{t('archive.loading')}</p>;
  const toggleState = async () => {
    await archiveApi.setState(item.id, item.state === 'published' ? 'unpublish' : 'publish');
    setVersion((v) => v + 1);
  };
  return (
    <>
      <p>
        <Link to="..">{t('archive.item.back')}</Link>
      </p>
      <PageHeading>{item.title}</PageHeading>
      <p className="archive-description">{item.description}</p>
      <dl className="archive-fields">
        <dt>{t('archive.item.kind')}</dt>
        <dd>{item.kind}</dd>
        <dt>{t('archive.item.date')}</dt>
        <dd>{item.eventDate ?? '—'}</dd>
        <dt>{t('archive.item.place')}</dt>
        <dd>{[item.place.name, item.place.country].filter(Boolean).join(', ') || '—'}</dd>
        <dt>{t('archive.item.languages')}</dt>
        <dd>{item.languages.join(', ') || '—'}</dd>
        <dt>{t('archive.facet.confidentiality')}</dt>
        <dd>{t(`archive.conf.${item.confidentiality}` as MessageKey)}</dd>
        <dt>{t('archive.item.state')}</dt>
        <dd>
          {item.state}{' '}
          {documenter ? (
            <button type="button" onClick={toggleState}>
              {item.state === 'published' ? t('archive.item.unpublish') : t('archive.item.publish')}
            </button>
          ) : null}
        </dd>
      </dl>
      <h2>{t('archive.item.files')}</h2>
      <ul className="archive-files">
        {item.files.map((file) => (
          <li key={file.id}>
            <a href={fileUrl(item.id, file.id)}>{t('archive.item.download', { name: file.filename })}</a> {file.role === 'derivative' ? `(${t('archive.item.derivative')})` : null} · {file.mime ?? ''} · {file.size}
            <div className="archive-hash">
              {t('archive.item.sha256')}: <code>{file.sha256}</code> <CopyButton text={file.sha256} />
            </div>
            <div className="archive-hash">
              {t('archive.item.sha512')}: <code>{file.sha512}</code> <CopyButton text={file.sha512} />
            </div>
            <Preview itemId={item.id} file={file} />
          </li>
        ))}
      </ul>
      {custody ? (
        <>
          <h2>{t('archive.item.custody')}</h2>
          {custody.events.length === 0 ? <p>{t('archive.item.custodyEmpty')}</p> : null}
          <ol className="archive-custody">
            {custody.events.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> · {e.actorName} · <code>{e.action}</code>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </>
  );
}

export default function ArchiveModule() {
  return (
    <Routes>
      <Route index element={<SearchPage />} />
      <Route path=":id" element={<ItemPage />} />
    </Routes>
  );
}

export type { ArchiveItem };
