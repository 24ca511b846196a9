import { useState } from 'react';
import { CopyButton } from '../components/CopyButton.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { archiveEn } from './i18n/en.ts';
import { fileUrl, type ArchiveFile, type ItemDetail } from './api.ts';
import { formatBytes } from './hooks.ts';
import { ImageRedactor } from './ImageRedactor.tsx';
import { PhotoDetails } from './PhotoDetails.tsx';
import { PdfRedactor } from './PdfRedactor.tsx';
import { Preview, previewKind } from './Preview.tsx';

const EXTRACTION_STATES = new Set(['pending', 'running', 'done', 'failed', 'unavailable']);
/** An extractor has a name in words unless it is newer than the catalogue; then its code is shown. */
const extractorKey = (name: string): MessageKey | null => (`archive.extractor.${name}` in archiveEn ? (`archive.extractor.${name}` as MessageKey) : null);

function Extraction({ item, file }: { item: ItemDetail; file: ArchiveFile }) {
  const t = useT();
  const rows = item.extractions.filter((e) => e.blobSha256 === file.sha256);
  if (!rows.length) return null;
  return (
    <div className="archive-extraction">
      <h4>{t('archive.extraction.title')}</h4>
      <ul>
        {rows.map((e) => (
          <li key={e.extractor} className={`archive-extraction-${e.state}`}>
            {extractorKey(e.extractor) ? t(extractorKey(e.extractor)!) : <code>{e.extractor}</code>}:{' '}
            {EXTRACTION_STATES.has(e.state) ? t(`archive.extraction.${e.state}` as MessageKey) : e.state}
            {e.error ? ` — ${t('archive.extraction.reason', { reason: e.error })}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The files of an item: originals first, each followed by its redacted derivatives, with hashes (copyable),
 * extraction state, a preview and, for editors, the redaction tools.
 */
export function Files({ item, canEdit, onChanged }: { item: ItemDetail; canEdit: boolean; onChanged: () => void }) {
  const t = useT();
  const [redacting, setRedacting] = useState<string | null>(null);
  const byId = new Map(item.files.map((f) => [f.id, f]));
  // Originals in order, each followed by what was derived from it; derivatives whose original is hidden come last.
  const ordered: ArchiveFile[] = [];
  for (const f of item.files.filter((f) => f.role === 'original')) ordered.push(f, ...item.files.filter((d) => d.derivedFrom === f.id));
  for (const f of item.files) if (!ordered.includes(f)) ordered.push(f);
  if (!ordered.length) return <p>{t('archive.item.noFiles')}</p>;
  return (
    <ul className="archive-files">
      {ordered.map((file) => {
        const kind = previewKind(file.mime);
        const redactable = canEdit && (kind === 'image' || kind === 'pdf');
        const source = file.derivedFrom ? byId.get(file.derivedFrom) : undefined;
        return (
          <li key={file.id} className={file.role === 'derivative' ? 'archive-file archive-derivative' : 'archive-file'} id={`file-${file.id}`}>
            <h3>
              {file.filename} <span className={file.role === 'derivative' ? 'badge badge-ok' : 'badge badge-muted'}>{file.role === 'derivative' ? t('archive.item.derivative') : t('archive.item.original')}</span>{' '}
              <span className="badge">{t(`archive.conf.${file.confidentiality}`)}</span>
            </h3>
            {file.role === 'derivative' ? (
              <p className="archive-derived">
                {source ? (
                  <>
                    {t('archive.item.derivedFrom')} <a href={`#file-${source.id}`}>{source.filename}</a>
                  </>
                ) : (
                  t('archive.item.derivedFromHidden')
                )}
                {file.redaction && typeof file.redaction.type === 'string' ? ` · ${t(`archive.redact.kind.${file.redaction.type}` as MessageKey)}` : ''}
              </p>
            ) : null}
            <p className="archive-meta">
              {file.mime ?? t('archive.item.unknownType')} · {formatBytes(file.size)}
              {file.encrypted ? ` · ${t('archive.item.encrypted')}` : ''}
              {file.originalFilename && file.originalFilename !== file.filename ? ` · ${t('archive.item.sentAs', { name: file.originalFilename })}` : ''}
            </p>
            <dl className="archive-hashes">
              <dt>{t('archive.item.sha256')}</dt>
              <dd className="archive-hash">
                <code>{file.sha256}</code> <CopyButton text={file.sha256} label={t('archive.item.copyHash', { algorithm: 'SHA-256' })} />
              </dd>
              <dt>{t('archive.item.sha512')}</dt>
              <dd className="archive-hash">
                <code>{file.sha512}</code> <CopyButton text={file.sha512} label={t('archive.item.copyHash', { algorithm: 'SHA-512' })} />
              </dd>
            </dl>
            <Extraction item={item} file={file} />
            {file.role === 'original' && kind === 'image' ? (
              <PhotoDetails
                item={item}
                metadata={item.extractions.find((e) => e.blobSha256 === file.sha256 && e.extractor === 'image-metadata' && e.state === 'done')?.metadata ?? null}
                canEdit={canEdit}
                onChanged={onChanged}
              />
            ) : null}
            <p>
              <a href={fileUrl(item.id, file.id)}>{t('archive.item.download', { name: file.filename })}</a>
            </p>
            <Preview itemId={item.id} file={file} />
            {redactable ? (
              <div className="archive-redact">
                <button type="button" className="button-secondary" aria-expanded={redacting === file.id} onClick={() => setRedacting(redacting === file.id ? null : file.id)}>
                  {kind === 'image' ? t('archive.redact.openImage', { name: file.filename }) : t('archive.redact.openPdf', { name: file.filename })}
                </button>
                {redacting === file.id ? (
                  kind === 'image' ? (
                    <ImageRedactor itemId={item.id} file={file} onDone={() => { setRedacting(null); onChanged(); }} />
                  ) : (
                    <PdfRedactor itemId={item.id} file={file} onDone={() => { setRedacting(null); onChanged(); }} />
                  )
                ) : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
