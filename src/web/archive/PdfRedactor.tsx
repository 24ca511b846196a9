import { useEffect, useRef, useState } from 'react';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { archiveApi, fileUrl, type ArchiveFile, type Confidentiality } from './api.ts';
import { ConfidentialitySelect } from './ImageRedactor.tsx';
import { openPdf, renderPage, type PdfDocument } from './pdf.ts';
import { PdfAreaRedactor } from './PdfAreaRedactor.tsx';

function Thumbnail({ doc, page, label }: { doc: PdfDocument; page: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) renderPage(doc, page, canvas.current, 140).catch(() => {});
  }, [doc, page]);
  return <canvas ref={canvas} role="img" aria-label={label} className="archive-thumb" />;
}

/**
 * Redact a PDF into a derivative: black out areas or text on its pages (PdfAreaRedactor), or remove whole pages.
 * The server writes the new PDF; the original is never changed.
 */
export function PdfRedactor({ itemId, file, onDone }: { itemId: string; file: ArchiveFile; onDone: () => void }) {
  const t = useT();
  const [mode, setMode] = useState<'areas' | 'pages'>('areas');
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [failed, setFailed] = useState(false);
  const [pages, setPages] = useState<number[]>([]);
  const [confidentiality, setConfidentiality] = useState<Confidentiality>('public');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    openPdf(fileUrl(itemId, file.id, true), abort.signal).then(setDoc, () => !abort.signal.aborted && setFailed(true));
    return () => abort.abort();
  }, [itemId, file.id]);
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await archiveApi.redact(itemId, file.id, { type: 'pdf_pages', pages, confidentiality });
      setPages([]);
      onDone();
    } catch (caught) {
      setProblem(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };
  if (failed) return <Notice kind="error">{t('archive.preview.pdfFailed')}</Notice>;
  if (!doc) return <p role="status">{t('archive.preview.loading')}</p>;
  const all = Array.from({ length: doc.numPages }, (_, i) => i + 1);
  const modes = (
    <fieldset className="archive-radios">
      <legend>{t('archive.redactPdf.mode')}</legend>
      {(['areas', 'pages'] as const).map((m) => (
        <label key={m} className="archive-check">
          <input type="radio" name={`redact-mode-${file.id}`} value={m} checked={mode === m} onChange={() => setMode(m)} /> {t(`archive.redactPdf.mode.${m}`)}
        </label>
      ))}
    </fieldset>
  );
  if (mode === 'areas') {
    return (
      <>
        {modes}
        <PdfAreaRedactor itemId={itemId} file={file} doc={doc} onDone={onDone} />
      </>
    );
  }
  return (
    <div className="archive-redactor">
      {modes}
      <fieldset>
        <legend>{t('archive.redact.pagesLegend', { pages: doc.numPages })}</legend>
        <ul className="archive-pages">
          {all.map((n) => (
            <li key={n}>
              <label className="archive-check">
                <input type="checkbox" checked={pages.includes(n)} onChange={(e) => setPages(e.target.checked ? [...pages, n].sort((a, b) => a - b) : pages.filter((p) => p !== n))} />{' '}
                {t('archive.redact.removePage', { page: n })}
              </label>
              {n <= 50 ? <Thumbnail doc={doc} page={n} label={t('archive.preview.pageOf', { page: n, pages: doc.numPages })} /> : null}
            </li>
          ))}
        </ul>
      </fieldset>
      <ConfidentialitySelect id={`redact-conf-${file.id}`} value={confidentiality} onChange={setConfidentiality} />
      {problem ? <Notice kind="error">{problem}</Notice> : null}
      <div className="form-actions">
        <button type="button" className="button-primary" disabled={busy || pages.length === 0 || pages.length >= doc.numPages} onClick={() => void submit()}>
          {t('archive.redact.removePages', { count: pages.length })}
        </button>
      </div>
    </div>
  );
}
