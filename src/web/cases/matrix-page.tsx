import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { CaseFileButton } from './case-file-button.tsx';
import { matrixOf } from './early-matrix.ts';
import { evidenceApi, type EvidenceLink, type EvidenceMatrix } from './evidence-api.ts';
import { EvidenceForm } from './evidence-form.tsx';
import { EvidenceList } from './evidence-list.tsx';
import './matrix.css';

type Row = EvidenceMatrix['rows'][number];
/** An element as its heading names it (`1(a) Killing`): the name of its links' table. */
const elementName = (row: Row | undefined) => (row ? `${row.code} ${row.label}` : '');

/** The status cell: a gap, only low-reliability evidence, or evidence linked. */
export function RowStatus({ row }: { row: Row }) {
  const { t } = useI18n();
  if (row.gap) return <span className="matrix-gap">{t('cases.matrix.gap')}</span>;
  if (row.onlyLowReliability) return <span className="matrix-low">{t('cases.matrix.onlyLow')}</span>;
  return <span>{t('cases.matrix.covered')}</span>;
}

/** The matrix of an allegation: elements × independent sources supporting and undermining each, gaps flagged. */
export function MatrixPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { user } = useSession();
  const [matrix, setMatrix] = useState<EvidenceMatrix | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [links, setLinks] = useState<EvidenceLink[] | null>(null);
  const analyst = Boolean(user && (user.role === 'editor' || user.role === 'admin'));
  const exporter = Boolean(user && ['editor', 'reviewer', 'admin'].includes(user.role));

  const load = useCallback(() => {
    evidenceApi.matrix(id).then(setMatrix, setError);
  }, [id]);
  // The first load takes the request sent at start-up when the app opened on this page (early-matrix.ts).
  useEffect(() => {
    matrixOf(id).then(setMatrix, setError);
  }, [id]);
  useEffect(() => {
    setLinks(null);
    if (!open) return;
    let live = true;
    evidenceApi.links(id, { element: open, limit: 1000 }).then((answer) => live && setLinks(answer.links), (caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [id, open, matrix]);

  if (error && !matrix) return <Notice kind="error">{describeError(t, error)}</Notice>;
  if (!matrix) return <p>{t('cases.loading')}</p>;
  const a = matrix.allegation;
  const totals = matrix.totals;
  return (
    <article className="cases-matrix">
      <PageHeading lead={t('cases.matrix.allegation', { proponent: a.proponent, incident: a.incidentId, characterisation: a.characterisation })}>{t('cases.matrix.title')}</PageHeading>
      <p className="cases-voice">{t('cases.voice')}</p>
      <p data-testid="matrix-totals">{t('cases.matrix.totals', { links: totals.links, items: totals.items, sources: totals.sources, gaps: totals.gaps, low: totals.lowReliability })}</p>
      <p className="field-hint">{t('cases.matrix.independence')}</p>
      <p className="matrix-actions">
        <Link to={`/cases/allegations/${encodeURIComponent(id)}/matrix/print`}>{t('cases.matrix.print')}</Link>
      </p>
      {exporter ? <CaseFileButton allegationId={id} /> : null}
      <ScrollRegion label={t('cases.matrix.title')}>
        <table className="matrix-table">
          <thead>
            <tr>
              <th scope="col">{t('cases.matrix.element')}</th>
              <th scope="col">{t('cases.matrix.supporting')}</th>
              <th scope="col">{t('cases.matrix.undermining')}</th>
              <th scope="col">{t('cases.matrix.low')}</th>
              <th scope="col">{t('cases.matrix.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('cases.matrix.show')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((row) => (
              <tr key={row.elementId} className={row.gap ? 'matrix-row-gap' : row.onlyLowReliability ? 'matrix-row-low' : undefined}>
                <th scope="row">
                  <span className="matrix-code">{row.code}</span> {row.label}
                </th>
                <td>{t('cases.matrix.sourcesLinks', { sources: row.supporting.sources, links: row.supporting.links })}</td>
                <td>{t('cases.matrix.sourcesLinks', { sources: row.undermining.sources, links: row.undermining.links })}</td>
                <td>{row.supporting.lowReliability + row.undermining.lowReliability}</td>
                <td>
                  <RowStatus row={row} />
                </td>
                <td>
                  <button type="button" className="button-secondary" aria-expanded={open === row.elementId} onClick={() => setOpen(open === row.elementId ? null : row.elementId)}>
                    {open === row.elementId ? t('cases.matrix.hide') : t('cases.matrix.show')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {open ? (
        links === null ? (
          <p>{t('cases.loading')}</p>
        ) : (
          <EvidenceList links={links} label={elementName(matrix.rows.find((row) => row.elementId === open))} canRemove={analyst} onRemoved={load} />
        )
      ) : null}
      {analyst ? <EvidenceForm allegationId={id} elements={matrix.rows} onSaved={load} /> : null}
    </article>
  );
}

/** Every element with every link the reader may see, laid out for paper (and "print to PDF"). */
export function MatrixPrintPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const [matrix, setMatrix] = useState<EvidenceMatrix | null>(null);
  const [links, setLinks] = useState<EvidenceLink[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const early = matrixOf(id);
    // The links' pages are asked for several at a time once the matrix says how many there are.
    Promise.all([early, evidenceApi.allLinks(id, early.then((m) => m.totals.links))]).then(([m, l]) => {
      setMatrix(m);
      setLinks(l);
    }, setError);
  }, [id]);
  if (error) return <Notice kind="error">{describeError(t, error)}</Notice>;
  if (!matrix || !links) return <p>{t('cases.loading')}</p>;
  const a = matrix.allegation;
  const byElement = new Map<string, EvidenceLink[]>();
  for (const l of links) {
    const list = byElement.get(l.elementId);
    if (list) list.push(l);
    else byElement.set(l.elementId, [l]);
  }
  return (
    <article className="cases-matrix cases-matrix-print">
      <PageHeading lead={t('cases.matrix.allegation', { proponent: a.proponent, incident: a.incidentId, characterisation: a.characterisation })}>{t('cases.matrix.title')}</PageHeading>
      <p className="cases-voice">{t('cases.voice')}</p>
      <p>{t('cases.matrix.totals', { links: matrix.totals.links, items: matrix.totals.items, sources: matrix.totals.sources, gaps: matrix.totals.gaps, low: matrix.totals.lowReliability })}</p>
      <p>{t('cases.matrix.independence')}</p>
      <p className="matrix-actions no-print">
        <Link to={`/cases/allegations/${encodeURIComponent(id)}/matrix`}>{t('cases.matrix.back')}</Link>{' '}
        <button type="button" className="button-secondary" onClick={() => window.print()}>
          {t('cases.matrix.printNow')}
        </button>
      </p>
      {matrix.rows.map((row) => (
        <section key={row.elementId} className="matrix-print-element">
          <h2>
            {row.code} {row.label}
          </h2>
          <p>
            {t('cases.matrix.supporting')}: {t('cases.matrix.sourcesLinks', { sources: row.supporting.sources, links: row.supporting.links })} · {t('cases.matrix.undermining')}:{' '}
            {t('cases.matrix.sourcesLinks', { sources: row.undermining.sources, links: row.undermining.links })} · <RowStatus row={row} />
          </p>
          {(byElement.get(row.elementId) ?? []).length ? <EvidenceList links={byElement.get(row.elementId) ?? []} label={elementName(row)} canRemove={false} /> : <p>{t('cases.matrix.none')}</p>}
        </section>
      ))}
    </article>
  );
}
