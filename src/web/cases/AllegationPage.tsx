import { Link, useParams } from 'react-router-dom';
import type { MessageKey } from '../i18n/en.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { WhenLoaded } from '../registry/Loading.tsx';
import { useLoad } from '../registry/useLoad.ts';
import { casesApi } from './api.ts';
import { AllegationCard, IncidentDate } from './Bits.tsx';
import { AllegationEvidence } from './evidence-pages.tsx';
import { CorrectionHistory } from './correction-form.tsx';
import { CorrectAllegationForm, StandingForm, StandingHistory } from './record-forms.tsx';
import { useSession } from '../auth/SessionProvider.tsx';

/** One allegation: who says what, the elements the crime and mode require (those it relies on marked), the others. */
export function AllegationPage() {
  const t = useT();
  const { id = '' } = useParams();
  const [state, reload] = useLoad(() => casesApi.allegation(id), `allegation:${id}`);
  const { user } = useSession();
  const analyst = Boolean(user && (user.role === 'editor' || user.role === 'admin'));
  return (
    <WhenLoaded state={state} retry={reload}>
      {(data) => (
        <section className="cases" aria-labelledby="page-title">
          <p>
            <Link to={`/cases/incidents/${encodeURIComponent(data.incident.id)}`} id="allegation-incident">
              {data.incident.title}
            </Link>{' '}
            — <IncidentDate date={data.incident.date} />
          </p>
          <PageHeading>{t('cases.allegation.title', { proponent: data.allegation.proponent.name })}</PageHeading>
          <AllegationCard allegation={data.allegation} link={false} />
          <CorrectionHistory corrections={data.allegation.corrections} />
          {analyst ? <CorrectAllegationForm key={data.allegation.corrections.length} detail={data} onSaved={reload} /> : null}
          {/* The card says whether it is withdrawn now; the history lists every step. */}
          <StandingHistory standing={data.allegation} historyOnly />
          {analyst ? <StandingForm key={`s${data.allegation.withdrawals.length}`} kind="allegation" id={data.allegation.id} standing={data.allegation} onDone={reload} /> : null}
          {data.elements.length ? (
            <section aria-labelledby="elements-title">
              <h2 id="elements-title">{t('cases.elements')}</h2>
              <ScrollRegion labelledBy="elements-title">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('cases.element.owner')}</th>
                      <th scope="col">{t('cases.element.number')}</th>
                      <th scope="col">{t('cases.element.kind')}</th>
                      <th scope="col">{t('cases.element.summary')}</th>
                      <th scope="col">{t('cases.element.reliedOn')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.elements.map((e) => (
                      <tr key={e.id} data-relied-on={e.reliedOn ? 'yes' : 'no'}>
                        <td>{t('cases.article', { article: e.owner.article, title: e.owner.title })}</td>
                        <td>{e.number}</td>
                        <td>{t(`cases.element.kind.${e.kind}` as MessageKey)}</td>
                        <td>
                          {e.summary} <small>({e.citation})</small>
                        </td>
                        <td>{e.reliedOn ? t('cases.yes') : t('cases.no')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            </section>
          ) : null}
          <AllegationEvidence allegationId={data.allegation.id} />
          {data.competing.length ? (
            <section aria-labelledby="competing-title">
              <h2 id="competing-title">{t('cases.competing')}</h2>
              <div className="cases-side-by-side">
                {data.competing.map((a) => (
                  <AllegationCard key={a.id} allegation={a} />
                ))}
              </div>
            </section>
          ) : null}
        </section>
      )}
    </WhenLoaded>
  );
}
