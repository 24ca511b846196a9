/**
 * PDF rendering in the browser with PDF.js (the single-file build that ships inside unpdf, which runs without a
 * separate worker script). Loaded on demand, so only pages that show a PDF download it. Evaluated code and
 * injected @font-face rules are switched off: glyphs are drawn as paths, which the strict CSP needs.
 */
type PdfJs = typeof import('unpdf/pdfjs');
export type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

let pdfjs: Promise<PdfJs> | null = null;

export async function openPdf(url: string, signal?: AbortSignal): Promise<PdfDocument> {
  pdfjs ??= import('unpdf/pdfjs');
  const [lib, response] = await Promise.all([pdfjs, fetch(url, { credentials: 'same-origin', signal })]);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const data = new Uint8Array(await response.arrayBuffer());
  return lib.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false }).promise;
}

/** Draws one page (1-based) into a canvas, scaled to `width` CSS pixels at the screen's density. */
export async function renderPage(doc: PdfDocument, pageNumber: number, canvas: HTMLCanvasElement, width: number): Promise<void> {
  const page = await doc.getPage(pageNumber);
  const base = page.getViewport({ scale: 1 });
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: (width / base.width) * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  await page.render({ canvas, canvasContext: context, viewport }).promise;
}
