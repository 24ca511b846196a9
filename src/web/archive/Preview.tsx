import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/I18nProvider.tsx';
import { fileUrl, type ArchiveFile } from './api.ts';
import { openPdf, renderPage, type PdfDocument } from './pdf.ts';

/** How a file can be previewed in the page, from its sniffed type (never its name). */
export function previewKind(mime: string | null): 'image' | 'video' | 'audio' | 'pdf' | 'text' | null {
  const m = mime ?? '';
  if (/^image\/(png|jpeg|gif|webp|avif|bmp)$/.test(m)) return 'image';
  if (m.startsWith('video/')) return 'video';
  if (m.startsWith('audio/')) return 'audio';
  if (m === 'application/pdf') return 'pdf';
  if (m === 'text/plain') return 'text';
  return null;
}

/** A PDF drawn page by page with PDF.js (the browser's own viewer refuses the sandboxed file responses). */
export function PdfPreview({ url, label }: { url: string; label: string }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [page, setPage] = useState(1);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    openPdf(url, abort.signal).then(setDoc, () => !abort.signal.aborted && setFailed(true));
    return () => abort.abort();
  }, [url]);
  useEffect(() => {
    if (doc && canvas.current) renderPage(doc, page, canvas.current, Math.min(800, canvas.current.parentElement?.clientWidth ?? 800)).catch(() => setFailed(true));
  }, [doc, page]);
  if (failed) return <p className="archive-meta">{t('archive.preview.pdfFailed')}</p>;
  if (!doc) return <p role="status">{t('archive.preview.loading')}</p>;
  return (
    <figure className="archive-pdf">
      <canvas ref={canvas} role="img" aria-label={t('archive.preview.pdfPage', { name: label, page, pages: doc.numPages })} />
      <figcaption className="pager">
        <button type="button" className="button-secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          {t('archive.page.previous')}
        </button>
        <span>{t('archive.preview.pageOf', { page, pages: doc.numPages })}</span>
        <button type="button" className="button-secondary" disabled={page >= doc.numPages} onClick={() => setPage(page + 1)}>
          {t('archive.page.next')}
        </button>
      </figcaption>
    </figure>
  );
}

/** Plain text fetched and shown as text (React escapes it; nothing in it can run). */
function TextPreview({ url, label }: { url: string; label: string }) {
  const t = useT();
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    fetch(url, { credentials: 'same-origin', signal: abort.signal, headers: { range: 'bytes=0-262143' } })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then(setText, () => !abort.signal.aborted && setText(''));
    return () => abort.abort();
  }, [url]);
  if (text === null) return <p role="status">{t('archive.preview.loading')}</p>;
  return (
    // A scrollable region must be reachable by keyboard.
    <pre className="archive-text-preview" tabIndex={0} aria-label={label}>
      {text}
    </pre>
  );
}

export function Preview({ itemId, file }: { itemId: string; file: ArchiveFile }) {
  const t = useT();
  const src = fileUrl(itemId, file.id, true);
  const label = t('archive.item.preview', { name: file.filename });
  switch (previewKind(file.mime)) {
    case 'image':
      return <img src={src} alt={label} className="archive-preview" />;
    case 'video':
      return <video src={src} controls preload="metadata" aria-label={label} className="archive-preview" />;
    case 'audio':
      return <audio src={src} controls preload="metadata" aria-label={label} />;
    case 'pdf':
      return <PdfPreview url={src} label={file.filename} />;
    case 'text':
      return <TextPreview url={src} label={label} />;
    default:
      return <p className="archive-meta">{t('archive.preview.none')}</p>;
  }
}
