import { PublicationControl } from '../publication/PublicationControl.tsx';
import { useSession } from '../auth/SessionProvider.tsx';
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { hasMessage } from '../i18n/languages.ts';
import { casualtiesApi, type CountRow, type Stats } from './api.ts';
import { barsOf, HBarChart, HiddenCount, TimelineChart, type Bar } from './charts.tsx';
import { sexLabel, statusLabel } from './labels.ts';
import { RunSection } from './RunPage.tsx';
import { UpSetChart } from './UpSetChart.tsx';
import { ReceiptLink, statisticsReceiptUrls } from '../receipts/ReceiptLink.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

type T = ReturnType<typeof useT>;
const PLACES = 15;

/** Keys the server uses for persons whose records give no value or disagree. */
function special(t: T, key: string): string | null {
  if (key === 'unknown' || key === '') return t('casualties.stats.unknown');
  if (key === 'conflicting') return t('casualties.stats.conflicting');
  return null;
}

type Counted = Pick<CountRow, 'key' | 'persons'>;

/**
 * Persons by day of death when the days span a few months at most, else by month; records without a date are
 * counted apart (`undated` null when one of those counts is hidden: their sum would give it back).
 */
export function timeline(stats: { byDeathDay: Counted[]; byDeathMonth: Counted[] }): { bars: Bar[]; unit: 'day' | 'month'; undated: number | null } {
  const dated = (rows: Counted[]) => rows.filter((r) => /^\d{4}-\d{2}(-\d{2})?$/.test(r.key)).sort((a, b) => a.key.localeCompare(b.key));
  const undated = (rows: Counted[]) => {
    const rest = rows.filter((r) => !/^\d{4}-\d{2}(-\d{2})?$/.test(r.key));
    return rest.some((r) => r.persons === null) ? null : rest.reduce((s, r) => s + (r.persons ?? 0), 0);
  };
  const days = dated(stats.byDeathDay);
  if (days.length > 0 && days.length <= 120) return { bars: barsOf(days, (k) => k), unit: 'day', undated: undated(stats.byDeathDay) };
  const months = dated(stats.byDeathMonth);
  return { bars: barsOf(months, (k) => k), unit: 'month', undated: undated(stats.byDeathMonth) };
}

/** A count that may be hidden, for a table cell or a list of totals. */
function Count({ value, min }: { value: number | null; min: number }) {
  return value === null ? <HiddenCount min={min} /> : <>{value.toLocaleString()}</>;
}

function disagreementLabel(t: T, field: string): string {
  const key = `casualties.disagree.${field}`;
  return hasMessage(key) ? t(key) : field;
}

/** Statistics of one run: counts of persons by attribute, coverage of each list, their overlap, and disagreements. */
export function StatsPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { user } = useSession();
  // ?minCell=3 shows editors and reviewers the view to publish, as viewers see it
  const [search] = useSearchParams();
  const asked = Number(search.get('minCell') ?? '');
  const minCell = Number.isInteger(asked) && asked > 0 ? asked : undefined;
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    casualtiesApi.stats(id, minCell).then(setStats, (e: unknown) => setError(describeError(t, e)));
  }, [id, t, minCell]);

  const persons = t('casualties.stats.persons');
  const min = stats?.suppression.minCell ?? 0;
  const bars = (rows: CountRow[], label: (key: string) => string) => barsOf(rows, label);
  const line = stats ? timeline(stats) : null;
  const sourceName = (sourceId: string) => stats?.sources.find((s) => s.id === sourceId)?.name ?? sourceId;
  return (
    <RunSection runId={id} title={t('casualties.stats.title')} lead={t('casualties.stats.lead')}>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {stats && user && ['admin', 'editor', 'reviewer'].includes(user.role) ? <PublicationControl kind="casualty_stats" id={id} /> : null}
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
              <dd>
                <Count value={stats.totals.persons} min={min} />
              </dd>
            </div>
            <div>
              <dt>{t('casualties.stats.linked')}</dt>
              <dd>
                <Count value={stats.totals.linkedPersons} min={min} />
              </dd>
            </div>
          </dl>
          <p className="field-hint">{t('casualties.stats.agreeHint')}</p>
          {min > 0 ? (
            <p className="field-hint cas-suppressed-note" id="cas-suppressed-note">
              {t('casualties.stats.suppressedNote', { min })}
            </p>
          ) : null}
          <section aria-labelledby="cas-stats-overlap">
            <h2 id="cas-stats-overlap">{t('casualties.stats.overlap')}</h2>
            <UpSetChart runId={id} sources={stats.sources} overlaps={stats.overlaps} listPersons={stats.coverage.map((c) => c.persons)} min={min} />
            <HBarChart
              title={t('casualties.stats.coverage')}
              bars={stats.coverage.map((c) => ({ key: c.sourceId, label: c.name, value: c.persons ?? 0, hidden: c.persons === null }))}
              labelHeader={t('casualties.stats.list')}
              valueHeader={persons}
              min={min}
            />
            <ScrollRegion label={t('casualties.stats.coverage')}>
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
                      <td className="num">
                        <Count value={c.persons} min={min} />
                      </td>
                      <td className="num">{c.share === null ? <HiddenCount min={min} /> : `${(c.share * 100).toFixed(1)}%`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </section>
          <section aria-labelledby="cas-stats-who">
            <h2 id="cas-stats-who">{t('casualties.stats.who')}</h2>
            <div className="cas-chart-grid">
              <HBarChart title={t('casualties.stats.bySex')} bars={bars(stats.bySex, (k) => special(t, k) ?? sexLabel(t, k))} labelHeader={t('casualties.field.sex')} valueHeader={persons} min={min} />
              <HBarChart title={t('casualties.stats.byAge')} bars={bars(stats.byAgeBand, (k) => special(t, k) ?? k)} labelHeader={t('casualties.stats.ageBand')} valueHeader={persons} min={min} />
              <HBarChart
                title={t('casualties.stats.byStatus')}
                bars={bars(stats.byStatus, (k) => special(t, k) ?? statusLabel(t, k))}
                labelHeader={t('casualties.field.status')}
                valueHeader={persons}
                min={min}
              />
              <HBarChart
                title={t('casualties.stats.byPlace', { count: PLACES })}
                // hidden counts last (the server's order too): their place among the sizes would bound them
                bars={bars([...stats.byPlace].sort((a, b) => (b.persons ?? -1) - (a.persons ?? -1)).slice(0, PLACES), (k) => special(t, k) ?? k)}
                labelHeader={t('casualties.field.place')}
                valueHeader={persons}
                min={min}
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
              min={min}
            />
            {line.undated === null ? (
              <p className="muted">{t('casualties.stats.undatedHidden')}</p>
            ) : line.undated > 0 ? (
              <p className="muted">{t('casualties.stats.undated', { count: line.undated.toLocaleString() })}</p>
            ) : null}
          </section>
          <section aria-labelledby="cas-stats-disagree">
            <h2 id="cas-stats-disagree">{t('casualties.stats.disagreements')}</h2>
            <p>
              {stats.disagreements.persons === null
                ? t('casualties.stats.disagreeLeadHidden')
                : t('casualties.stats.disagreeLead', { count: stats.disagreements.persons.toLocaleString() })}
            </p>
            <HBarChart
              title={t('casualties.stats.disagreeByField')}
              bars={stats.disagreements.byField.map((f) => ({ key: f.field, label: disagreementLabel(t, f.field), value: f.persons ?? 0, hidden: f.persons === null }))}
              labelHeader={t('casualties.stats.what')}
              valueHeader={persons}
              min={min}
            />
            {stats.disagreements.examples === null ? (
              <p className="muted">{t('casualties.stats.examplesHidden')}</p>
            ) : stats.disagreements.examples.length > 0 ? (
              <ScrollRegion label={t('casualties.stats.disagreements')}>
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
              </ScrollRegion>
            ) : null}
          </section>
          <ReceiptLink
            receiptUrl={statisticsReceiptUrls(id, minCell).receipt}
            receiptFile={statisticsReceiptUrls(id).receiptFile}
            inputFile={statisticsReceiptUrls(id).inputFile}
            inputUrl={user && ['admin', 'editor', 'reviewer'].includes(user.role) ? statisticsReceiptUrls(id).input : undefined}
          />
        </>
      ) : null}
    </RunSection>
  );
}
