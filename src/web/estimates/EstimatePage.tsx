import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { estimatesApi, type EstimateDetail, type MethodResult } from './api.ts';
import { PosteriorChart } from './PosteriorChart.tsx';

const fmt = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n).toLocaleString() : null);

export function EstimatePage() {
  const t = useT();
  const { id = '' } = useParams();
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

  return (
    <div className="estimate-page">
      <PageHeading lead={t('estimates.lead')}>{detail.title}</PageHeading>
      <p>
        <Link to="..">{t('estimates.back')}</Link>
      </p>
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
          <section>
            <h2>{t('estimates.byMethod')}</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('estimates.method')}</th>
                    <th scope="col">{t('estimates.estimate')}</th>
                    <th scope="col">{t('estimates.interval')}</th>
                  </tr>
                </thead>
                <tbody>
                  {estimated.map((m) => (
                    <tr key={m.method}>
                      <th scope="row">{t(`estimates.method.${m.method}`)}</th>
                      <td>{fmt(m.estimate)}</td>
                      <td>{interval(m)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {result.strata.length > 1 ? (
            <section>
              <h2>{t('estimates.byStratum')}</h2>
              <div className="table-wrap">
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
              </div>
            </section>
          ) : null}
          <section>
            <h2>{t('estimates.diagnostics')}</h2>
            <p>{t('estimates.rhatHelp')}</p>
            <p>{t('estimates.essHelp')}</p>
            {estimated.map((m) => (
              <div key={m.method}>
                <h3>{t(`estimates.method.${m.method}`)}</h3>
                <ul>
                  {Object.entries(m.diagnostics ?? {}).map(([k, v]) => (
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
            </a>
          </p>
        </>
      ) : null}
    </div>
  );
}
