import { useId, type ReactElement } from 'react';
import { Link, Route, useSearchParams } from 'react-router-dom';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { WhenLoaded } from '../registry/Loading.tsx';
import { useLoad } from '../registry/useLoad.ts';
import { commandApi, type CommandRelation } from './command-api.ts';
import { CommandChartSvg } from './command-chart.tsx';
import './command-chart.css';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The chain of command on a chosen date, drawn as a graph; the date is kept in the address (?date=). */
export function CommandChartPage() {
  const t = useT();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const asked = params.get('date') ?? '';
  const date = DAY.test(asked) ? asked : new Date().toISOString().slice(0, 10);
  const [state, reload] = useLoad(() => commandApi.chart({ date }), `command-chart:${date}`);
  return (
    <div className="cases command-page">
      <h1>{t('cases.command.title')}</h1>
      <p>{t('cases.command.intro')}</p>
      <form className="command-date" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={`${id}-date`}>{t('cases.command.date')}</label>
        <input
          id={`${id}-date`}
          type="date"
          value={date}
          min="1000-01-01"
          max="2999-12-31"
          onChange={(e) => {
            if (DAY.test(e.target.value)) setParams({ date: e.target.value }, { replace: true });
          }}
        />
      </form>
      <WhenLoaded state={state} retry={reload}>
        {(chart) => (chart.edges.length ? <CommandChartSvg chart={chart} /> : <p role="status">{t('cases.command.empty', { date })}</p>)}
      </WhenLoaded>
    </div>
  );
}

export const commandRoutes: ReactElement[] = [<Route key="units" path="units" element={<CommandChartPage />} />];

const sources = (r: CommandRelation) => r.sources.map((s) => `${s.publisher}${s.publisher ? ', ' : ''}“${s.title}”${s.date ? ` (${s.date})` : ''}`).join('; ');
const dates = (r: CommandRelation) => `${r.start ?? '…'} – ${r.end ?? '…'}`;

/** Shown on the incident page: the units present (area of operation at its place and dates) and their commanders then. */
export function IncidentCommand({ incidentId }: { incidentId: string }): ReactElement | null {
  const t = useT();
  const [state, reload] = useLoad(() => commandApi.incidentUnits(incidentId), `incident-command:${incidentId}`);
  return (
    <section className="panel incident-command" aria-labelledby="incident-command-title">
      <h2 id="incident-command-title">{t('cases.command.present.title')}</h2>
      <p className="cell-sub">{t('cases.command.present.intro')}</p>
      <WhenLoaded state={state} retry={reload}>
        {(data) =>
          data.reason ? (
            <p>{t(`cases.command.present.${data.reason}` as MessageKey)}</p>
          ) : data.units.length === 0 ? (
            <p>{t('cases.command.present.none', { place: data.place ?? '' })}</p>
          ) : (
            <>
              {data.units.map((u) => (
                <article key={u.unit.id} className="command-present">
                  <h3>{u.unit.name}</h3>
                  <ul>
                    {u.areas.map((a) => (
                      <li key={a.id}>
                        {t('cases.command.present.area', { place: a.to, dates: dates(a) })} — {t('cases.command.sources', { sources: sources(a) })}
                      </li>
                    ))}
                  </ul>
                  <ol className="command-steps">
                    {u.chain.map((step) => (
                      <li key={step.unit.id}>
                        <strong>{step.unit.name}</strong>
                        {step.via ? (
                          <span className="cell-sub">
                            {' '}
                            ({t('cases.command.edge.subordinate-to', { from: '', to: step.unit.name }).trim()}, {dates(step.via)}; {t('cases.command.sources', { sources: sources(step.via) })})
                          </span>
                        ) : null}
                        <ul>
                          {step.commanders.length === 0 ? <li>{t('cases.command.present.noCommander')}</li> : null}
                          {step.commanders.map((c) => (
                            <li key={c.relation.id}>
                              {t('cases.command.present.commander', { name: c.person.name, dates: dates(c.relation) })}{' '}
                              <em>{t(`cases.command.certainty.${c.relation.certainty ?? 'possible'}` as MessageKey)}</em> — {t('cases.command.sources', { sources: sources(c.relation) })}
                            </li>
                          ))}
                        </ul>
                      </li>
                    ))}
                  </ol>
                </article>
              ))}
              <p>
                <Link to={`/cases/units?date=${encodeURIComponent(data.start && DAY.test(data.start) ? data.start : '')}`}>{t('cases.command.present.openChart')}</Link>
              </p>
            </>
          )
        }
      </WhenLoaded>
    </section>
  );
}
