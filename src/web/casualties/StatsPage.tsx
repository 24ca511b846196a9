import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { en, type MessageKey } from '../i18n/en.ts';
import { casualtiesApi, type CountRow, type Stats } from './api.ts';
import { HBarChart, TimelineChart, type Bar } from './charts.tsx';
import { sexLabel, statusLabel } from './labels.ts';
import { RunSection } from './RunPage.tsx';
import { UpSetChart } from './UpSetChart.tsx';

type T = ReturnType<typeof useT>;
const PLACES = 15;

/** Keys the server uses for persons whose records give no value or disagree. */
function special(t: T, key: string): string | null {
  if (key === 'unknown' || key === '') return t('casualties.stats.unknown');
  if (key === 'conflicting') return t('casualties.stats.conflicting');
  return null;
}

const bars = (rows: CountRow[], label: (key: string) => string): Bar[] => rows.map((r) => ({ key: r.key, label: label(r.key), value: r.persons }));

/** Persons by day of death when the days span a few months at most, else by month; records without a date are counted apart. */
export function timeline(stats: Pick<Stats, 'byDeathDay' | 'byDeathMonth'>): { bars: Bar[]; unit: 'day' | 'month'; undated: number } {
  const dated = (rows: CountRow[]) => rows.filter((r) => /^\d{4}-\d{2}(-\d{2})?$/.test(r.key)).sort((a, b) => a.key.localeCompare(b.key));
  const undated = (rows: CountRow[]) => rows.filter((r) => !/^\d{4}-\d{2}(-\d{2})?$/.test(r.key)).reduce((s, r) => s + r.persons, 0);
  const days = dated(stats.byDeathDay);
  if (days.length > 0 && days.length <= 120) return { bars: days.map((r) => ({ key: r.key, label: r.key, value: r.persons })), unit: 'day', undated: undated(stats.byDeathDay) };
  const months = dated(stats.byDeathMonth);
  return { bars: months.map((r) => ({ key: r.key, label: r.key, value: r.persons })), unit: 'month', undated: undated(stats.byDeathMonth) };
}

function disagreementLabel(t: T, field: string): string {
  const key = `casualties.disagree.${field}`;
  return key in en ? t(key as MessageKey) : field;
}

/** Statistics of one run: counts of persons by attribute, coverage of each list, their overlap, and disagreements. */
export function StatsPage() {
  const t = useT();
  const { id = '' } = useParams();
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    casualtiesApi.stats(id).then(setStats, (e: unknown) => setError(describeError(t, e)));
  }, [id, t]);

  const persons = t('casualties.stats.persons');
  const line = stats ? timeline(stats) : null;
  const sourceName = (sourceId: string) => stats?.sources.find((s) => s.id === sourceId)?.name ?? sourceId;
  return (
    <RunSection runId={id} title={t('casualties.stats.title')} lead={t('casualties.stats.lead')}>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!stats && !error ? <p className="loading">{t('casualties.loading')}</p> : null}
      {stats && line ? (
        <>
          <dl className="cas-totals">
            <div>
              <dt>{t('casualties.stats.records')}</dt>
              <dd>{stats.totals.records.toLocaleString()}</dd>
            </div>
            <div>
              <dt>{t('casualties.stats.personsTotal')}</dt>
              <dd>{stats.totals.persons.toLocaleString()}</dd>
            </div>
            <div>
              <dt>{t('casualties.stats.linked')}</dt>
              <dd>{stats.totals.linkedPersons.toLocaleString()}</dd>
            </div>
          </dl>
          <p className="field-hint">{t('casualties.stats.agreeHint')}</p>
          <section aria-labelledby="cas-stats-overlap">
            <h2 id="cas-stats-overlap">{t('casualties.stats.overlap')}</h2>
            <UpSetChart runId={id} sources={stats.sources} overlaps={stats.overlaps} />
            <HBarChart
              title={t('casualties.stats.coverage')}
              bars={stats.coverage.map((c) => ({ key: c.sourceId, label: c.name, value: c.persons }))}
              labelHeader={t('casualties.stats.list')}
              valueHeader={persons}
            />
            <div className="table-wrap">
              <table className="dense">
                <caption className="visually-hidden">{t('casualties.stats.coverage')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('casualties.stats.list')}</th>
                    <th scope="col" className="num">
                      {t('casualties.stats.records')}
                    </th>
                    <th scope="col" className="num">
                      {persons}
                    </th>
                    <th scope="col" className="num">
                      {t('casualties.stats.share')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {stats.coverage.map((c) => (
                    <tr key={c.sourceId}>
                      <th scope="row">{c.name}</th>
                      <td className="num">{c.records.toLocaleString()}</td>
                      <td className="num">{c.persons.toLocaleString()}</td>
                      <td className="num">{`${(c.share * 100).toFixed(1)}%`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="cas-stats-who">
            <h2 id="cas-stats-who">{t('casualties.stats.who')}</h2>
            <div className="cas-chart-grid">
              <HBarChart title={t('casualties.stats.bySex')} bars={bars(stats.bySex, (k) => special(t, k) ?? sexLabel(t, k))} labelHeader={t('casualties.field.sex')} valueHeader={persons} />
              <HBarChart title={t('casualties.stats.byAge')} bars={bars(stats.byAgeBand, (k) => special(t, k) ?? k)} labelHeader={t('casualties.stats.ageBand')} valueHeader={persons} />
              <HBarChart title={t('casualties.stats.byStatus')} bars={bars(stats.byStatus, (k) => special(t, k) ?? statusLabel(t, k))} labelHeader={t('casualties.field.status')} valueHeader={persons} />
              <HBarChart
                title={t('casualties.stats.byPlace', { count: PLACES })}
                bars={bars([...stats.byPlace].sort((a, b) => b.persons - a.persons).slice(0, PLACES), (k) => special(t, k) ?? k)}
                labelHeader={t('casualties.field.place')}
                valueHeader={persons}
              />
            </div>
          </section>
          <section aria-labelledby="cas-stats-when">
            <h2 id="cas-stats-when">{t('casualties.stats.when')}</h2>
            <TimelineChart
              title={t(line.unit === 'day' ? 'casualties.stats.byDay' : 'casualties.stats.byMonth')}
              bars={line.bars}
              labelHeader={t('casualties.field.death_date')}
              valueHeader={persons}
            />
            {line.undated > 0 ? <p className="muted">{t('casualties.stats.undated', { count: line.undated.toLocaleString() })}</p> : null}
          </section>
          <section aria-labelledby="cas-stats-disagree">
            <h2 id="cas-stats-disagree">{t('casualties.stats.disagreements')}</h2>
            <p>{t('casualties.stats.disagreeLead', { count: stats.disagreements.persons.toLocaleString() })}</p>
            <HBarChart
              title={t('casualties.stats.disagreeByField')}
              bars={stats.disagreements.byField.map((f) => ({ key: f.field, label: disagreementLabel(t, f.field), value: f.persons }))}
              labelHeader={t('casualties.stats.what')}
              valueHeader={persons}
            />
            {stats.disagreements.examples === null ? (
              <p className="muted">{t('casualties.stats.examplesHidden')}</p>
            ) : stats.disagreements.examples.length > 0 ? (
              <div className="table-wrap">
                <table className="dense cas-disagreements">
                  <caption className="visually-hidden">{t('casualties.stats.disagreements')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('casualties.stats.person')}</th>
                      <th scope="col">{t('casualties.stats.what')}</th>
                      <th scope="col">{t('casualties.stats.values')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {stats.disagreements.examples.map((ex, i) => (
                      <tr key={`${ex.personId}-${ex.field}-${i}`}>
                        <th scope="row">
                          {t('casualties.persons.person', { id: ex.personId })}
                        </th>
                        <td>{disagreementLabel(t, ex.field)}</td>
                        <td>
                          <ul className="cas-values">
                            {ex.values.map((v) => (
                              <li key={v.recordId}>
                                <span dir="auto">{v.value ?? t('casualties.review.notGiven')}</span> ·{' '}
                                <Link to={`/casualties/records/${encodeURIComponent(v.recordId)}`}>{sourceName(v.sourceId)}</Link>
                              </li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
        </>
      ) : null}
    </RunSection>
  );
}
