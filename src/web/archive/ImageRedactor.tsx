import { useRef, useState, type FormEvent, type PointerEvent } from 'react';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { archiveApi, CONFIDENTIALITIES, fileUrl, type ArchiveFile, type Confidentiality } from './api.ts';

interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Keeps a region inside the image and in whole pixels; null when it has no area. */
function clamp(r: Region, width: number, height: number): Region | null {
  const x = Math.max(0, Math.min(Math.round(r.x), width - 1));
  const y = Math.max(0, Math.min(Math.round(r.y), height - 1));
  const w = Math.min(Math.round(r.w), width - x);
  const h = Math.min(Math.round(r.h), height - y);
  return w >= 1 && h >= 1 ? { x, y, w, h } : null;
}

function ConfidentialitySelect({ id, value, onChange }: { id: string; value: Confidentiality; onChange: (c: Confidentiality) => void }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{t('archive.redact.confidentiality')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Confidentiality)}>
        {CONFIDENTIALITIES.map((c) => (
          <option key={c} value={c}>
            {t(`archive.conf.${c}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

export { ConfidentialitySelect };

/**
 * Draws rectangles over an image to blur. The overlay is an SVG whose viewBox is the image's own pixel size, so a
 * drawn rectangle is already in the coordinates the server expects whatever size the image is shown at. Regions
 * can also be typed in (keyboard users, exact work). The server blurs them into a new derivative file.
 */
export function ImageRedactor({ itemId, file, onDone }: { itemId: string; file: ArchiveFile; onDone: () => void }) {
  const t = useT();
  const svg = useRef<SVGSVGElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [regions, setRegions] = useState<Region[]>([]);
  const [drawing, setDrawing] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const [typed, setTyped] = useState({ x: '', y: '', w: '', h: '' });
  const [confidentiality, setConfidentiality] = useState<Confidentiality>('public');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const point = (event: PointerEvent<SVGSVGElement>) => {
    const box = svg.current!.getBoundingClientRect();
    return { x: ((event.clientX - box.left) / box.width) * size!.width, y: ((event.clientY - box.top) / box.height) * size!.height };
  };
  const down = (event: PointerEvent<SVGSVGElement>) => {
    if (!size) return;
    svg.current?.setPointerCapture(event.pointerId);
    const p = point(event);
    setDrawing({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
  };
  const move = (event: PointerEvent<SVGSVGElement>) => {
    if (!drawing || !size) return;
    const p = point(event);
    setDrawing({ ...drawing, x1: p.x, y1: p.y });
  };
  const up = () => {
    if (!drawing || !size) return;
    const region = clamp({ x: Math.min(drawing.x0, drawing.x1), y: Math.min(drawing.y0, drawing.y1), w: Math.abs(drawing.x1 - drawing.x0), h: Math.abs(drawing.y1 - drawing.y0) }, size.width, size.height);
    setDrawing(null);
    if (region && region.w >= 2 && region.h >= 2) setRegions((r) => [...r, region]);
  };
  const addTyped = (event: FormEvent) => {
    event.preventDefault();
    if (!size) return;
    const region = clamp({ x: Number(typed.x), y: Number(typed.y), w: Number(typed.w), h: Number(typed.h) }, size.width, size.height);
    if (!region || Object.values(typed).some((v) => v.trim() === '' || !Number.isFinite(Number(v)))) {
      setProblem(t('archive.redact.badRegion'));
      return;
    }
    setProblem(null);
    setRegions((r) => [...r, region]);
    setTyped({ x: '', y: '', w: '', h: '' });
  };
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await archiveApi.redact(itemId, file.id, { type: 'image_regions', regions, confidentiality });
      setRegions([]);
      onDone();
    } catch (caught) {
      setProblem(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };
  const live = drawing ? { x: Math.min(drawing.x0, drawing.x1), y: Math.min(drawing.y0, drawing.y1), w: Math.abs(drawing.x1 - drawing.x0), h: Math.abs(drawing.y1 - drawing.y0) } : null;

  return (
    <div className="archive-redactor">
      <p>{t('archive.redact.imageHelp')}</p>
      <div className="archive-redact-canvas">
        <img src={fileUrl(itemId, file.id, true)} alt={t('archive.item.preview', { name: file.filename })} onLoad={(e) => setSize({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })} />
        {size ? (
          <svg
            ref={svg}
            className="archive-redact-overlay"
            viewBox={`0 0 ${size.width} ${size.height}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={t('archive.redact.overlay', { count: regions.length })}
            onPointerDown={down}
            onPointerMove={move}
            onPointerUp={up}
            onPointerCancel={() => setDrawing(null)}
          >
            {regions.map((r, i) => (
              <rect key={i} x={r.x} y={r.y} width={r.w} height={r.h} className="archive-redact-region" />
            ))}
            {live ? <rect x={live.x} y={live.y} width={live.w} height={live.h} className="archive-redact-drawing" /> : null}
          </svg>
        ) : null}
      </div>
      {size ? <p className="archive-meta">{t('archive.redact.imageSize', { width: size.width, height: size.height })}</p> : null}
      <form className="form-row archive-redact-typed" onSubmit={addTyped} aria-label={t('archive.redact.typeRegion')}>
        <Field label={t('archive.redact.x')} inputMode="numeric" value={typed.x} onChange={(e) => setTyped({ ...typed, x: e.target.value })} />
        <Field label={t('archive.redact.y')} inputMode="numeric" value={typed.y} onChange={(e) => setTyped({ ...typed, y: e.target.value })} />
        <Field label={t('archive.redact.w')} inputMode="numeric" value={typed.w} onChange={(e) => setTyped({ ...typed, w: e.target.value })} />
        <Field label={t('archive.redact.h')} inputMode="numeric" value={typed.h} onChange={(e) => setTyped({ ...typed, h: e.target.value })} />
        <button type="submit" className="button-secondary">
          {t('archive.redact.addRegion')}
        </button>
      </form>
      {regions.length ? (
        <ol className="archive-regions">
          {regions.map((r, i) => (
            <li key={i}>
              {t('archive.redact.region', { x: r.x, y: r.y, w: r.w, h: r.h })}{' '}
              <button type="button" className="button-quiet" onClick={() => setRegions(regions.filter((_, j) => j !== i))}>
                {t('archive.redact.remove')}
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      <ConfidentialitySelect id={`redact-conf-${file.id}`} value={confidentiality} onChange={setConfidentiality} />
      {problem ? <Notice kind="error">{problem}</Notice> : null}
      <div className="form-actions">
        <button type="button" className="button-primary" disabled={busy || regions.length === 0} onClick={() => void submit()}>
          {t('archive.redact.blur', { count: regions.length })}
        </button>
      </div>
    </div>
  );
}
