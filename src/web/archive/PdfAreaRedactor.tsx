import { useEffect, useRef, useState, type FormEvent, type PointerEvent } from 'react';
import { isApiError } from '../api/client.ts';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { findTextBoxes, type PageBox, type PdfTextItem } from '../../core/redaction/pdf-text-boxes.ts';
import { archiveApi, type ArchiveFile, type Confidentiality } from './api.ts';
import { ConfidentialitySelect } from './ImageRedactor.tsx';
import { renderPage, type PdfDocument } from './pdf.ts';

/** The overlay's coordinate space: boxes are fractions of the page, drawn in a 1000 × 1000 viewBox stretched over it. */
const SCALE = 1000;
/** Width of the page as shown, in CSS pixels. */
const PAGE_WIDTH = 720;
const MAX_BOXES = 10_000;

const percent = (v: number) => Math.round(v * 1000) / 10;

/** Keeps a box on its page; null when nothing of it is left. */
function clip(box: PageBox): PageBox | null {
  const x = Math.max(0, Math.min(1, box.x));
  const y = Math.max(0, Math.min(1, box.y));
  const w = Math.min(1, box.x + box.w) - x;
  const h = Math.min(1, box.y + box.h) - y;
  return w > 0 && h > 0 ? { page: box.page, x, y, w, h } : null;
}

/** Every occurrence of a text on every page, from pdf.js's text layer, by the same matcher the server uses. */
async function searchText(doc: PdfDocument, query: string): Promise<PageBox[]> {
  const found: PageBox[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items = content.items.filter((i): i is PdfTextItem & typeof i => 'str' in i);
    found.push(...findTextBoxes(n, items, viewport, query));
    if (found.length > MAX_BOXES) break;
  }
  return found;
}

/**
 * Black out areas of a PDF: draw boxes on a page (or type them, in percent of the page), or search a text and add
 * the boxes proposed around each occurrence. The server removes what lies under the boxes: each page with a box is
 * replaced by a picture of itself with the boxes burned in, so that page loses its text layer; the others are kept
 * as they are, and the original file is never changed.
 */
export function PdfAreaRedactor({ itemId, file, doc, onDone }: { itemId: string; file: ArchiveFile; doc: PdfDocument; onDone: () => void }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const [page, setPage] = useState(1);
  const [rendered, setRendered] = useState(false);
  const [boxes, setBoxes] = useState<PageBox[]>([]);
  const [drawing, setDrawing] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const [typed, setTyped] = useState({ x: '', y: '', w: '', h: '' });
  const [query, setQuery] = useState('');
  const [proposed, setProposed] = useState<PageBox[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [confidentiality, setConfidentiality] = useState<Confidentiality>('public');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const [renderFailed, setRenderFailed] = useState(false);
  useEffect(() => {
    setRendered(false);
    setRenderFailed(false);
    if (canvas.current) renderPage(doc, page, canvas.current, PAGE_WIDTH).then(() => setRendered(true), () => setRenderFailed(true));
  }, [doc, page]);

  const point = (event: PointerEvent<SVGSVGElement>) => {
    const rect = svg.current!.getBoundingClientRect();
    return { x: Math.max(0, Math.min(1, (event.clientX - rect.left) / rect.width)), y: Math.max(0, Math.min(1, (event.clientY - rect.top) / rect.height)) };
  };
  const down = (event: PointerEvent<SVGSVGElement>) => {
    svg.current?.setPointerCapture(event.pointerId);
    const p = point(event);
    setDrawing({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
  };
  const move = (event: PointerEvent<SVGSVGElement>) => {
    if (!drawing) return;
    const p = point(event);
    setDrawing({ ...drawing, x1: p.x, y1: p.y });
  };
  const up = () => {
    if (!drawing) return;
    const box = { page, x: Math.min(drawing.x0, drawing.x1), y: Math.min(drawing.y0, drawing.y1), w: Math.abs(drawing.x1 - drawing.x0), h: Math.abs(drawing.y1 - drawing.y0) };
    setDrawing(null);
    // A click without a drag is not a box.
    if (box.w >= 0.005 && box.h >= 0.005) setBoxes((b) => [...b, box]);
  };
  const addTyped = (event: FormEvent) => {
    event.preventDefault();
    const values = [typed.x, typed.y, typed.w, typed.h].map((v) => Number(v.trim().replace(',', '.')));
    const box = values.every((v, i) => [typed.x, typed.y, typed.w, typed.h][i].trim() !== '' && Number.isFinite(v))
      ? clip({ page, x: values[0] / 100, y: values[1] / 100, w: values[2] / 100, h: values[3] / 100 })
      : null;
    if (!box || values[2] <= 0 || values[3] <= 0) {
      setProblem(t('archive.redactPdf.badBox'));
      return;
    }
    setProblem(null);
    setBoxes((b) => [...b, box]);
    setTyped({ x: '', y: '', w: '', h: '' });
  };
  const find = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setSearching(true);
    try {
      setProposed(await searchText(doc, query));
    } catch {
      setProblem(t('archive.preview.pdfFailed'));
    } finally {
      setSearching(false);
    }
  };
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await archiveApi.redact(itemId, file.id, { type: 'pdf_areas', areas: boxes, texts: [], confidentiality });
      setBoxes([]);
      onDone();
    } catch (caught) {
      setProblem(isApiError(caught, 'pdf_renderer_missing') ? t('archive.redactPdf.rendererMissing') : describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  const onPage = boxes.map((b, index) => ({ b, index })).filter(({ b }) => b.page === page);
  const proposedHere = (proposed ?? []).filter((b) => b.page === page);
  const live = drawing ? { x: Math.min(drawing.x0, drawing.x1), y: Math.min(drawing.y0, drawing.y1), w: Math.abs(drawing.x1 - drawing.x0), h: Math.abs(drawing.y1 - drawing.y0) } : null;
  const pagesWithBoxes = [...new Set(boxes.map((b) => b.page))].sort((a, b) => a - b);
  const rect = (b: { x: number; y: number; w: number; h: number }, className: string, key: string | number) => (
    <rect key={key} x={b.x * SCALE} y={b.y * SCALE} width={b.w * SCALE} height={b.h * SCALE} className={className} />
  );

  return (
    <div className="archive-redactor archive-pdf-areas">
      <p>{t('archive.redactPdf.help')}</p>
      <Notice kind="info">{t('archive.redactPdf.textLayer')}</Notice>
      <nav className="form-row archive-pdf-pager" aria-label={t('archive.redactPdf.pager')}>
        <button type="button" className="button-secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          {t('archive.redactPdf.previous')}
        </button>
        <span role="status">{t('archive.preview.pageOf', { page, pages: doc.numPages })}</span>
        <button type="button" className="button-secondary" disabled={page >= doc.numPages} onClick={() => setPage(page + 1)}>
          {t('archive.redactPdf.next')}
        </button>
      </nav>
      <div className="archive-redact-canvas archive-pdf-page">
        <canvas ref={canvas} role="img" aria-label={t('archive.preview.pageOf', { page, pages: doc.numPages })} />
        {rendered ? (
          <svg
            ref={svg}
            className="archive-redact-overlay"
            viewBox={`0 0 ${SCALE} ${SCALE}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={t('archive.redactPdf.overlay', { count: onPage.length })}
            data-testid="pdf-redact-overlay"
            onPointerDown={down}
            onPointerMove={move}
            onPointerUp={up}
            onPointerCancel={() => setDrawing(null)}
          >
            {proposedHere.map((b, i) => rect(b, 'archive-redact-drawing', `p${i}`))}
            {onPage.map(({ b, index }) => rect(b, 'archive-redact-black', index))}
            {live ? rect(live, 'archive-redact-drawing', 'live') : null}
          </svg>
        ) : null}
      </div>

      <form className="form-row archive-redact-typed" onSubmit={addTyped} aria-label={t('archive.redactPdf.typeBox')}>
        <Field label={t('archive.redactPdf.x')} inputMode="decimal" value={typed.x} onChange={(e) => setTyped({ ...typed, x: e.target.value })} />
        <Field label={t('archive.redactPdf.y')} inputMode="decimal" value={typed.y} onChange={(e) => setTyped({ ...typed, y: e.target.value })} />
        <Field label={t('archive.redactPdf.w')} inputMode="decimal" value={typed.w} onChange={(e) => setTyped({ ...typed, w: e.target.value })} />
        <Field label={t('archive.redactPdf.h')} inputMode="decimal" value={typed.h} onChange={(e) => setTyped({ ...typed, h: e.target.value })} />
        <button type="submit" className="button-secondary">
          {t('archive.redactPdf.addBox', { page })}
        </button>
      </form>

      <form className="form-row" onSubmit={(e) => void find(e)} aria-label={t('archive.redactPdf.findLegend')}>
        <Field label={t('archive.redactPdf.find')} value={query} maxLength={500} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit" className="button-secondary" disabled={searching || query.trim() === ''}>
          {t('archive.redactPdf.findButton')}
        </button>
      </form>
      {proposed ? (
        <div className="form-row" role="status">
          <span>{proposed.length ? t('archive.redactPdf.found', { count: proposed.length, pages: new Set(proposed.map((b) => b.page)).size }) : t('archive.redactPdf.notFound')}</span>
          {proposed.length ? (
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setBoxes((b) => [...b, ...proposed].slice(0, MAX_BOXES));
                setProposed(null);
              }}
            >
              {t('archive.redactPdf.addFound', { count: proposed.length })}
            </button>
          ) : null}
        </div>
      ) : null}

      {onPage.length ? (
        <ol className="archive-regions" aria-label={t('archive.redactPdf.boxesOnPage', { page })}>
          {onPage.map(({ b, index }) => (
            <li key={index}>
              {t('archive.redactPdf.box', { x: percent(b.x), y: percent(b.y), w: percent(b.w), h: percent(b.h) })}{' '}
              <button type="button" className="button-quiet" onClick={() => setBoxes(boxes.filter((_, j) => j !== index))}>
                {t('archive.redact.remove')}
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      {pagesWithBoxes.length ? <p className="archive-meta">{t('archive.redactPdf.pagesWithBoxes', { pages: pagesWithBoxes.join(', ') })}</p> : null}
      <ConfidentialitySelect id={`redact-area-conf-${file.id}`} value={confidentiality} onChange={setConfidentiality} />
      {renderFailed ? <Notice kind="error">{t('archive.preview.pdfFailed')}</Notice> : null}
      {problem ? <Notice kind="error">{problem}</Notice> : null}
      <div className="form-actions">
        <button type="button" className="button-primary" disabled={busy || boxes.length === 0} onClick={() => void submit()}>
          {t('archive.redactPdf.submit', { count: boxes.length, pages: pagesWithBoxes.length })}
        </button>
      </div>
    </div>
  );
}
