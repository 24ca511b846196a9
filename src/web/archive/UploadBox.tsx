import { useRef, useState, type DragEvent } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { CONFIDENTIALITIES, uploadFile, UploadError, type Confidentiality } from './api.ts';
import { formatBytes } from './hooks.ts';

interface Upload {
  key: number;
  name: string;
  size: number;
  progress: number;
  status: 'sending' | 'storing' | 'done' | 'duplicate' | 'failed';
  message?: string;
  itemId?: string;
  abort: AbortController;
}

/** Server refusals a person can act on, by the API's error code. */
const KNOWN_FAILURES: Record<string, MessageKey> = {
  file_too_large: 'archive.upload.tooLarge',
  disk_full: 'archive.upload.diskFull',
  network_error: 'archive.upload.network',
  aborted: 'archive.upload.aborted',
};

/**
 * Drag-and-drop upload of several files at once, each sent as its own streaming multipart request with its own
 * progress bar. Without `itemId` each file becomes a new item; with it, files are attached to that item.
 */
export function UploadBox({ itemId, onUploaded }: { itemId?: string; onUploaded?: () => void }) {
  const t = useT();
  const [confidentiality, setConfidentiality] = useState<Confidentiality>('restricted');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const counter = useRef(0);
  const inputId = itemId ? 'archive-attach-files' : 'archive-files';

  const start = (files: FileList | null) => {
    if (!files) return;
    for (const file of Array.from(files)) {
      const key = ++counter.current;
      const abort = new AbortController();
      const update = (patch: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
      setUploads((list) => [...list, { key, name: file.name, size: file.size, progress: 0, status: 'sending', abort }]);
      uploadFile(file, itemId ? { itemId } : { metadata: { confidentiality } }, (progress) => update({ progress, status: progress >= 1 ? 'storing' : 'sending' }), abort.signal).then(
        (result) => {
          update({ progress: 1, status: result.duplicate ? 'duplicate' : 'done', itemId: result.item.id });
          onUploaded?.();
        },
        (error: unknown) => {
          const code = error instanceof UploadError ? error.code : 'unknown';
          const known = KNOWN_FAILURES[code];
          update({ status: 'failed', message: known ? t(known) : error instanceof Error ? error.message : String(error) });
        },
      );
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    start(event.dataTransfer.files);
  };
  const describe = (u: Upload) => {
    switch (u.status) {
      case 'sending':
        return t('archive.upload.sending', { percent: Math.floor(u.progress * 100) });
      case 'storing':
        return t('archive.upload.storing');
      case 'done':
        return t('archive.upload.done');
      case 'duplicate':
        return t('archive.upload.duplicate');
      default:
        return t('archive.upload.failed', { message: u.message ?? '' });
    }
  };
  return (
    <section
      className={over ? 'archive-upload archive-upload-over' : 'archive-upload'}
      aria-labelledby={`${inputId}-title`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <h2 id={`${inputId}-title`}>{itemId ? t('archive.upload.attachTitle') : t('archive.upload.title')}</h2>
      <p>{t('archive.upload.drop')}</p>
      <div className="form-row">
        {itemId ? null : (
          <div className="field">
            <label htmlFor="archive-conf">{t('archive.upload.confidentiality')}</label>
            <select id="archive-conf" value={confidentiality} onChange={(e) => setConfidentiality(e.target.value as Confidentiality)}>
              {CONFIDENTIALITIES.map((c) => (
                <option key={c} value={c}>
                  {t(`archive.conf.${c}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={inputId}>{t('archive.upload.choose')}</label>
          <input id={inputId} type="file" multiple onChange={(e) => start(e.target.files)} />
        </div>
      </div>
      {uploads.length ? (
        <ul className="archive-uploads">
          {uploads.map((u) => (
            <li key={u.key} className={`archive-upload-${u.status}`}>
              <span className="archive-upload-name">
                {u.itemId && !itemId ? <Link to={u.itemId}>{u.name}</Link> : u.name} <span className="archive-meta">({formatBytes(u.size)})</span>
              </span>
              <progress max={1} value={u.progress} aria-label={t('archive.upload.progress', { name: u.name })} />
              <span role="status" className="archive-upload-status">
                {describe(u)}
              </span>
              {u.status === 'sending' ? (
                <button type="button" className="button-quiet" onClick={() => u.abort.abort()}>
                  {t('archive.upload.cancel')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
