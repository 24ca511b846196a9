import { PublicationControl } from '../publication/PublicationControl.tsx';
import { useSession } from '../auth/SessionProvider.tsx';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { convergenceOfEntry } from '../../core/estimation/defaults.ts';
import { estimatesApi, type EstimateDetail, type MethodResult } from './api.ts';
import { estimateReceiptUrls, ReceiptLink, receiptProps } from '../receipts/ReceiptLink.tsx';
import { DensityPlot, TracePlot } from './ChainPlots.tsx';
import { PosteriorChart } from './PosteriorChart.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

const fmt = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n).toLocaleString() : null);
const fixed = (n: unknown, digits: number) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : '–');

/** A person records why an unconverged estimate may be made public anyway; the server audits it. */
function OverrideForm({ id, onDone }: { id: string; onDone: (d: EstimateDetail) => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await estimatesApi.overrideConvergence(id, reason));
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="estimate-override">
      <summary>{t('estimates.override.title')}</summary>
      <form onSubmit={(e) => void submit(e)}>
        {error ? <Notice kind="error">{error}</Notice> : null}
        <div className="field">
          <label htmlFor="estimate-override-reason">{t('estimates.override.reason')}</label>
          <textarea id="estimate-override-reason" rows={3} required minLength={10} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <button type="submit" disabled={busy || reason.trim().length < 10}>
          {t('estimates.override.submit')}
        </button>
      </form>
    </details>
  );
}

export function EstimatePage() {
  const t = useT();
  const { id = '' } = useParams();
  const { user } = useSession();
  const [detail, setDetail] = useState<EstimateDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const d = await estimatesApi.get(id);
        if (!live) return;
        setDetail(d);
        if (d.state === 'queued' || d.state === 'running') timer = setTimeout(() => void load(), 2000);
      } catch (e) {
        if (live) setError(describeError(t, e));
      }
    };
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, t]);

  if (error) return <Notice kind="error">{error}</Notice>;
  if (!detail) return <p>{t('estimates.loading')}</p>;
  const result = detail.result;
  const interval = (m: MethodResult) => `${fmt(m.lower) ?? '–'} – ${fmt(m.upper) ?? t('estimates.noUpper')}`;
  const warnings = result ? [...result.warnings, ...result.total.flatMap((m) => m.warnings), ...result.strata.flatMap((s) => s.warnings)] : [];
  const estimated = result?.total.filter((m) => m.estimate !== null) ?? [];
  const withPosterior = estimated.find((m) => m.posterior && m.posterior.length > 0);
  const withChains = estimated.find((m) => m.method === 'lcmcr' && m.chainDraws && m.chainDraws.length > 0);
  const chainLabel = (n: number) => t('estimates.chain', { n });
  const convergenceText = (m: MethodResult) => {
    const c = convergenceOfEntry(m);
    if (!c) return null;
    const values = { rhat: fixed(c.rhat, 3), ess: fmt(c.ess) ?? '–' };
    return <span className={c.converged ? 'convergence-ok' : 'convergence-bad'}>{t(c.converged ? 'estimates.converged' : 'estimates.notConverged', values)}</span>;
  };
  const pointText = (m: MethodResult) => {
    const d = m.diagnostics ?? {};
    return m.method === 'dga' && typeof d.median === 'number' && m.pointEstimate?.startsWith('Bayes') ? t('estimates.bayesWithMedian', { median: fmt(d.median) ?? '–' }) : null;
  };
  const settingsText = (m: MethodResult) => {
    const d = m.diagnostics ?? {};
    if (m.method === 'dga' && d.delta !== undefined) return t('estimates.dgaSettings', { delta: Number(d.delta).toPrecision(3), prior: String(d.prior), graph: String(d.topModel), p: fixed(d.topModelProbability, 2) });
    if (m.method === 'lcmcr' && d.maxClasses !== undefined) {
      return t('estimates.lcmcrSettings', { k: String(d.maxClasses), mean: fixed(d.occupiedClassesMean, 1), min: String(d.occupiedClassesMin), max: String(d.occupiedClassesMax), hits: String(d.truncationRedraws ?? 0) });
    }
    if (m.method === 'loglinear' && d.model !== undefined) return t('estimates.loglinearSettings', { model: String(d.model), criterion: String(d.criterion) });
    return null;
  };

  return (
    <div className="estimate-page">
      <PageHeading lead={t('estimates.lead')}>{detail.title}</PageHeading>
      <p>
        <Link to="..">{t('estimates.back')}</Link>
      </p>
      {detail.state === 'done' && user && ['admin', 'editor', 'reviewer'].includes(user.role) ? <PublicationControl kind="estimate" id={id} /> : null}
      <p>
        {t(`estimates.state.${detail.state}`)}
        {detail.state === 'running' || detail.state === 'queued' ? (
          <>
            {' '}
            <progress max={1} value={detail.progress} aria-label={t('estimates.progress')} /> {Math.round(detail.progress * 100)}%
          </>
        ) : null}
      </p>
      {detail.error ? <Notice kind="error">{detail.error}</Notice> : null}
      {detail.converged === false ? (
        <section className="estimate-warnings" role="alert">
          <p className="convergence-bad">{t('estimates.notConvergedNotice')}</p>
          {detail.convergenceOverride ? (
            <p>{t('estimates.override.recorded', { by: detail.convergenceOverride.by, at: detail.convergenceOverride.at.slice(0, 16).replace('T', ' '), reason: detail.convergenceOverride.reason })}</p>
          ) : (
            <OverrideForm id={detail.id} onDone={setDetail} />
          )}
        </section>
      ) : null}
      {result ? (
        <>
          {warnings.length > 0 ? (
            <section className="estimate-warnings" role="alert">
              <h2>{t('estimates.warnings')}</h2>
              <ul>
                {warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </section>
          ) : null}
          <dl className="estimate-headline">
            <dt>{t('estimates.documented')}</dt>
            <dd>{fmt(result.observed)}</dd>
            {estimated.map((m) => (
              <div key={m.method}>
                <dt>{t('estimates.estimated', { method: t(`estimates.method.${m.method}`) })}</dt>
                <dd>
                  {fmt(m.estimate)} ({t('estimates.interval')}: {interval(m)})
                </dd>
                {pointText(m) || convergenceText(m) ? (
                  <dd className="estimate-note">
                    {pointText(m)} {convergenceText(m)}
                  </dd>
                ) : null}
              </div>
            ))}
          </dl>
          {withPosterior ? (
            <section>
              <h2>{t('estimates.posterior')}</h2>
              <p>{t('estimates.posteriorHint')}</p>
              <PosteriorChart draws={withPosterior.posterior!} observed={result.observed} label={t('estimates.posterior')} />
            </section>
          ) : null}
          {withChains ? (
            <section>
              <h2>{t('estimates.trace')}</h2>
              <p>{t('estimates.traceHint')}</p>
              <TracePlot chains={withChains.chainDraws!} label={t('estimates.trace')} chainLabel={chainLabel} />
              <h2>{t('estimates.density')}</h2>
              <p>{t('estimates.densityHint')}</p>
              <DensityPlot chains={withChains.chainDraws!} observed={result.observed} label={t('estimates.density')} chainLabel={chainLabel} />
            </section>
          ) : null}
          <section>
            <h2>{t('estimates.byMethod')}</h2>
            <ScrollRegion label={t('estimates.byMethod')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('estimates.method')}</th>
                    <th scope="col">{t('estimates.estimate')}</th>
                    <th scope="col">{t('estimates.interval')}</th>
                    <th scope="col">{t('estimates.settings')}</th>
                  </tr>
                </thead>
                <tbody>
                  {estimated.map((m) => (
                    <tr key={m.method}>
                      <th scope="row">{t(`estimates.method.${m.method}`)}</th>
                      <td>
                        {fmt(m.estimate)}
                        {pointText(m) ? <> ({pointText(m)})</> : null}
                      </td>
                      <td>{interval(m)}</td>
                      <td>
                        {settingsText(m)} {convergenceText(m)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </section>
          {result.strata.length > 1 ? (
            <section>
              <h2>{t('estimates.byStratum')}</h2>
              <ScrollRegion label={t('estimates.byStratum')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('estimates.stratum')}</th>
                      <th scope="col">{t('estimates.documented')}</th>
                      {estimated.map((m) => (
                        <th scope="col" key={m.method}>
                          {t(`estimates.method.${m.method}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {result.strata.map((s) => (
                      <tr key={s.label}>
                        <th scope="row">{s.label}</th>
                        <td>{fmt(s.observed)}</td>
                        {estimated.map((m) => {
                          const own = s.methods.find((x) => x.method === m.method);
                          return <td key={m.method}>{own ? `${fmt(own.estimate)} (${interval(own)})` : '–'}</td>;
                        })}
                      </tr>
                    ))}
                    <tr>
                      <th scope="row">{t('estimates.sum')}</th>
                      <td>{fmt(result.observed)}</td>
                      {estimated.map((m) => (
                        <td key={m.method}>{`${fmt(m.estimate)} (${interval(m)})`}</td>
                      ))}
                    </tr>
                  </tbody>
                </table>
              </ScrollRegion>
            </section>
          ) : null}
          <section>
            <h2>{t('estimates.diagnostics')}</h2>
            <p>{t('estimates.rhatHelp')}</p>
            <p>{t('estimates.essHelp')}</p>
            {withChains?.perChain ? (
              <ScrollRegion label={t('estimates.perChain')}>
                <table>
                  <caption>{t('estimates.perChain')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('estimates.chain', { n: '' }).trim()}</th>
                      <th scope="col">{t('estimates.chainMedian')}</th>
                      <th scope="col">{t('estimates.chainRhat')}</th>
                      <th scope="col">{t('estimates.chainEss')}</th>
                      <th scope="col">{t('estimates.chainOccupied')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {withChains.perChain.map((c) => (
                      <tr key={c.chain}>
                        <th scope="row">{c.chain}</th>
                        <td>{fmt(c.median)}</td>
                        <td>{fixed(c.rhat, 3)}</td>
                        <td>{fmt(c.ess) ?? '–'}</td>
                        <td>{fixed(c.occupiedClassesMean, 1)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            ) : null}
            {estimated.map((m) => (
              <div key={m.method}>
                <h3>{t(`estimates.method.${m.method}`)}</h3>
                <ul>
                  {Object.entries(m.diagnostics ?? {}).filter(([, v]) => typeof v !== 'object' || v === null).map(([k, v]) => (
                    <li key={k}>{`${k}: ${typeof v === 'number' ? Number(v.toPrecision(4)) : String(v)}`}</li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
          <section>
            <h2>{t('estimates.assumptions')}</h2>
            <ul>
              <li>{t('estimates.assumption1')}</li>
              <li>{t('estimates.assumption2')}</li>
              <li>{t('estimates.assumption3')}</li>
              <li>{t('estimates.assumption4')}</li>
            </ul>
          </section>
          <p className="estimate-downloads">
            <a href={`/api/estimates/${encodeURIComponent(detail.id)}/report`} download>
              {t('estimates.downloadHtml')}
            </a>{' '}
            <a href={`/api/estimates/${encodeURIComponent(detail.id)}/report.json`} download>
              {t('estimates.downloadJson')}
            </a>{' '}
            <a href={estimatesApi.drawsUrl(detail.id)} download>
              {t('estimates.downloadDraws')}
            </a>
          </p>
          <ReceiptLink {...receiptProps(estimateReceiptUrls(detail.id))} />
        </>
      ) : null}
    </div>
  );
}
