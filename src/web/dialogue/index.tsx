import { lazy, useEffect, useState } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { RequireAccess } from '../auth/RequireAccess.tsx';
import { Notice } from '../components/Notice.tsx';
import { PageLoading } from '../components/PageLoading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { withCatalogues } from '../i18n/languages.ts';
import { NotFound } from '../shell/NotFound.tsx';
import { facilitatorApi, type Conversation } from './api.ts';
import { pick } from './localized.ts';
import { VotePage } from './VotePage.tsx';
import './dialogue.css';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

// A participant on a phone loads the voting page only: the facilitators' pages, the report and the translators'
// queue come in their own chunks when opened (issue 16's weight goal for the participant page).
// The participant's pages carry only the dialogue's words (issue 16's phone budget); the facilitator's console and
// the report show a publication control and a receipt, whose words load with them.
const Console = lazy(() => withCatalogues(['publication', 'receipts'], () => import('./Console.tsx')).then((m) => ({ default: m.Console })));
const CreateConversation = lazy(() => import('./CreateConversation.tsx').then((m) => ({ default: m.CreateConversation })));
const PolisImport = lazy(() => import('./PolisTransfer.tsx').then((m) => ({ default: m.PolisImport })));
const ReportPage = lazy(() => withCatalogues(['publication', 'receipts'], () => import('./ReportPage.tsx')).then((m) => ({ default: m.ReportPage })));
const TranslatorQueue = lazy(() => import('./TranslatorQueue.tsx').then((m) => ({ default: m.TranslatorQueue })));


const FACILITATORS = ['facilitator', 'admin'] as const;
const TRANSLATORS = ['translator', 'facilitator', 'admin'] as const;

/** The dialogue landing page: facilitators see their conversations and the form for a new one. */
function DialogueHome() {
  const { t, locale, formatDateTime } = useI18n();
  const { user } = useSession();
  const [list, setList] = useState<Conversation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const facilitator = user !== null && (FACILITATORS as readonly string[]).includes(user.role);
  useEffect(() => {
    if (!facilitator) return;
    facilitatorApi.list().then((r) => setList(r.conversations), (e: unknown) => setError(describeError(t, e)));
  }, [facilitator, t]);

  return (
    <section className="page dialogue" aria-labelledby="page-title">
      <PageHeading lead={t('dialogue.summary')}>{t('dialogue.title')}</PageHeading>
      {!facilitator ? (
        <div className="panel">
          <p>{t('dialogue.visitor.invited')}</p>
          <p>{t('dialogue.visitor.reports')}</p>
          {user?.role === 'translator' ? (
            <p>
              <Link to="/dialogue/translations">{t('dialogue.translator.title')}</Link>
            </p>
          ) : user ? (
            <p>{t('dialogue.visitor.notFacilitator')}</p>
          ) : (
            <p>{t('dialogue.visitor.facilitators')}</p>
          )}
        </div>
      ) : (
        <>
          <section aria-labelledby="dialogue-list-title">
            <h2 id="dialogue-list-title">{t('dialogue.list.title')}</h2>
            {error ? <Notice kind="error">{error}</Notice> : null}
            {list === null && !error ? <p>{t('app.loading')}</p> : null}
            {list && list.length === 0 ? <p>{t('dialogue.list.none')}</p> : null}
            {list && list.length > 0 ? (
              <ScrollRegion labelledBy="dialogue-list-title">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('dialogue.list.topic')}</th>
                      <th scope="col">{t('dialogue.list.state')}</th>
                      <th scope="col">{t('dialogue.list.communities')}</th>
                      <th scope="col">{t('dialogue.list.created')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((c) => {
                      const topic = pick(c.topic, locale);
                      return (
                        <tr key={c.id}>
                          <th scope="row">
                            <Link to={c.id} lang={topic.lang}>
                              {topic.text}
                            </Link>
                          </th>
                          <td>{t(c.state === 'open' ? 'dialogue.state.open' : 'dialogue.state.closed')}</td>
                          <td>{c.communities.map((m) => pick(m.name, locale).text).join(', ')}</td>
                          <td>{formatDateTime(c.createdAt)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </ScrollRegion>
            ) : null}
          </section>
          <PageLoading>
            <CreateConversation onCreated={(c) => setList((old) => [c, ...(old ?? [])])} />
            <PolisImport onImported={(c) => setList((old) => [c, ...(old ?? [])])} />
          </PageLoading>
        </>
      )}
    </section>
  );
}

/**
 * The dialogue module. Registered as public because participants arrive by invitation link without an account and
 * reports may be public; the facilitator's console is guarded here (the server enforces the same roles).
 */
export default function DialogueModule() {
  return (
    <Routes>
      <Route index element={<DialogueHome />} />
      <Route path="join" element={<VotePage />} />
      <Route path="c/:id" element={<VotePage />} />
      <Route
        path="report/:id"
        element={
          <PageLoading>
            <ReportPage />
          </PageLoading>
        }
      />
      <Route
        path="translations"
        element={
          <RequireAccess access={TRANSLATORS}>
            <PageLoading>
              <TranslatorQueue />
            </PageLoading>
          </RequireAccess>
        }
      />
      <Route
        path=":id"
        element={
          <RequireAccess access={FACILITATORS}>
            <PageLoading>
              <Console />
            </PageLoading>
          </RequireAccess>
        }
      />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
