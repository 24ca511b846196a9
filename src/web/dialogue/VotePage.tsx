import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../api/client.ts';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LanguageSelect } from '../shell/LanguageSelect.tsx';
import type { NextStatement, OwnStatement, ParticipantState, VoteChoice } from './api.ts';
import { pick } from './localized.ts';
import { usePluralT } from './plural.ts';
import { participantApi } from './participantApi.ts';
import { takeEarlyJoin, tokenFromHash } from './early-join.ts';
import { StatementCard } from './StatementCard.tsx';
import { WriteStatement } from './WriteStatement.tsx';
import { enqueue, flush, readQueue, type QueuedVote, type SendOutcome, type VoteStore } from './offlineVotes.ts';

/** While votes wait on the phone, how often to try the connection again (besides the browser's `online` event). */
const RETRY_OFFLINE_MS = 15_000;

/** localStorage, or nothing where the browser refuses it (private modes): votes then cannot wait offline. */
function voteStore(): VoteStore | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Whether a failed vote should wait on the phone (no connection, server busy) or can never be stored. */
function outcomeOf(e: unknown): SendOutcome {
  if (!isApiError(e)) return 'retry';
  return e.status === 0 || e.status === 429 || e.status >= 500 ? 'retry' : 'drop';
}

/** How long the vote buttons stay disabled after the server says "too many requests" when it does not say. */
const RATE_LIMIT_PAUSE_MS = 5_000;

/** The pause the server asked for (`details.retryAfterSeconds` on a 429), within reason. */
function retryAfter(details: unknown): number {
  const seconds = typeof details === 'object' && details !== null ? (details as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
  return typeof seconds === 'number' && seconds > 0 ? Math.min(seconds, 120) * 1000 : RATE_LIMIT_PAUSE_MS;
}

/**
 * The participant's page, reached by an invitation link without an account: join (once per device), then one
 * statement at a time with three large buttons; a vote shows the next statement at once. Phone first.
 */
export function VotePage() {
  const { id } = useParams();
  return id ? <Voting conversationId={id} /> : <Join />;
}

function Join() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const [needsId, setNeedsId] = useState(false);
  const [externalId, setExternalId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tried = useRef(false);

  const join = useCallback(
    async (withId?: string) => {
      setBusy(true);
      setError(null);
      try {
        // The first join was most likely sent at start-up (early-join.ts); its answer is taken here.
        const joined = await ((withId === undefined ? takeEarlyJoin(token) : null) ?? participantApi.join(token, withId));
        // replace, so the token leaves the address bar and the history; the first statement came with the answer
        const first: FirstScreen | null =
          joined.state && joined.next ? { conversationId: joined.conversation.id, state: joined.state, next: joined.next } : null;
        navigate(`/dialogue/c/${joined.conversation.id}`, { replace: true, state: first });
      } catch (e) {
        if (isApiError(e, 'external_id_required')) setNeedsId(true);
        else if (isApiError(e, 'not_on_allow_list')) {
          setNeedsId(true);
          setError(t('dialogue.join.notAllowed'));
        } else if (isApiError(e, 'external_id_taken')) setError(t('dialogue.join.idTaken'));
        else if (isApiError(e, 'conversation_closed')) setError(t('dialogue.vote.closed'));
        else if (isApiError(e) && e.status === 429) setError(t('dialogue.vote.rateLimited'));
        else if (isApiError(e) && (e.status === 404 || e.status === 400)) setError(t('dialogue.join.invalid'));
        else setError(describeError(t, e));
      } finally {
        setBusy(false);
      }
    },
    [navigate, t, token],
  );

  useEffect(() => {
    if (tried.current || !token) return;
    tried.current = true;
    void join();
  }, [join, token]);

  return (
    <section className="page dialogue-vote" aria-labelledby="page-title">
      <LanguageSelect className="dialogue-vote-language" />
      <PageHeading>{t('dialogue.join.title')}</PageHeading>
      {!token ? <Notice kind="error">{t('dialogue.join.noToken')}</Notice> : null}
      {token && busy && !needsId ? <p role="status">{t('dialogue.join.joining')}</p> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {needsId ? (
        <form
          className="panel"
          onSubmit={(event) => {
            event.preventDefault();
            if (externalId.trim()) void join(externalId.trim());
          }}
        >
          <p>{t('dialogue.join.allowList')}</p>
          <Field label={t('dialogue.join.externalId')} value={externalId} autoComplete="off" required onChange={(e) => setExternalId(e.target.value)} />
          <button type="submit" className="button-primary dialogue-big" disabled={busy}>
            {t('dialogue.join.submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

type Problem = { kind: 'notJoined' } | { kind: 'error'; message: string } | null;

/** What the join answered with, handed to the voting page so it need not ask again. */
interface FirstScreen {
  conversationId: string;
  state: ParticipantState;
  next: NextStatement;
}

function firstScreenOf(value: unknown, conversationId: string): FirstScreen | null {
  const first = value as FirstScreen | null;
  return first && typeof first === 'object' && first.conversationId === conversationId && first.state && first.next ? first : null;
}

function Voting({ conversationId }: { conversationId: string }) {
  const { t, locale } = useI18n();
  const tp = usePluralT();
  const navigate = useNavigate();
  const location = useLocation();
  const [first] = useState(() => firstScreenOf(location.state, conversationId));
  const [state, setState] = useState<ParticipantState | null>(first?.state ?? null);
  const [next, setNext] = useState<NextStatement | null>(first?.next ?? null);
  const [own, setOwn] = useState<OwnStatement[]>(first?.state.statements ?? []);
  const [problem, setProblem] = useState<Problem>(null);
  const [voteError, setVoteError] = useState<string | null>(null);
  const [pausedUntil, setPausedUntil] = useState(0);
  const [busy, setBusy] = useState(false);
  const [closed, setClosed] = useState(first?.state.conversation.state === 'closed');
  /** The first load is skipped when the join brought it; later ones (language change, reconnection) still ask. */
  const alreadyLoaded = useRef(first !== null);
  const store = useRef(voteStore());
  const [pending, setPending] = useState(() => (store.current ? readQueue(store.current, conversationId).length : 0));
  const [offline, setOffline] = useState(false);
  const [sentLater, setSentLater] = useState(false);

  const load = useCallback(async () => {
    try {
      const [s, n] = await Promise.all([participantApi.state(conversationId), participantApi.next(conversationId)]);
      setState(s);
      setOwn(s.statements);
      setNext(n);
      setClosed(s.conversation.state === 'closed');
      setProblem(null);
    } catch (e) {
      if (isApiError(e) && (e.status === 401 || e.status === 403 || e.status === 404)) setProblem({ kind: 'notJoined' });
      else setProblem({ kind: 'error', message: describeError(t, e) });
    }
  }, [conversationId, t]);
  useEffect(() => {
    if (alreadyLoaded.current) {
      alreadyLoaded.current = false;
      // The history entry must not keep the join's answer: a reload would show it again, stale.
      if (location.state !== null) navigate(location.pathname, { replace: true, state: null });
      return;
    }
    void load();
  }, [load]); // location and navigate matter only at the skipped first load

  useEffect(() => {
    if (pausedUntil <= Date.now()) return;
    const timer = setTimeout(() => setPausedUntil(0), pausedUntil - Date.now());
    return () => clearTimeout(timer);
  }, [pausedUntil]);

  /** Sends the votes kept on this phone, in order, each once; then shows what the server now offers. */
  const sendQueued = useCallback(async () => {
    const votes = store.current;
    if (!votes || readQueue(votes, conversationId).length === 0) return;
    const result = await flush(votes, conversationId, async (v: QueuedVote) => {
      try {
        await participantApi.vote(conversationId, v.tid, v.vote);
        return 'sent';
      } catch (e) {
        return outcomeOf(e);
      }
    });
    setPending(result.left);
    if (result.left === 0) {
      setOffline(false);
      if (result.sent > 0) setSentLater(true);
      await load();
    }
  }, [conversationId, load]);

  useEffect(() => {
    void sendQueued();
    const retry = () => void sendQueued();
    window.addEventListener('online', retry);
    const timer = pending > 0 ? setInterval(retry, RETRY_OFFLINE_MS) : undefined;
    return () => {
      window.removeEventListener('online', retry);
      if (timer) clearInterval(timer);
    };
  }, [sendQueued, pending]);

  /** Keeps a vote on the phone and shows the next statement sent ahead, if any. */
  const keepOffline = (statementTid: number, choice: VoteChoice) => {
    const votes = store.current;
    if (!votes || !next) return false;
    const queue = enqueue(votes, conversationId, { tid: statementTid, vote: choice });
    const queued = new Set(queue.map((v) => v.tid));
    const ahead = (next.upcoming ?? []).filter((s) => !queued.has(s.tid));
    setPending(queue.length);
    setOffline(true);
    setSentLater(false);
    setNext({ statement: ahead[0] ?? null, remaining: Math.max(next.remaining - 1, 0), voted: next.voted + 1, upcoming: ahead.slice(1) });
    return true;
  };

  const answer = async (choice: VoteChoice | 'unreadable') => {
    const statement = next?.statement;
    if (!statement || busy) return;
    setBusy(true);
    setVoteError(null);
    try {
      if (choice === 'unreadable') setNext(await participantApi.unreadable(conversationId, statement.tid, locale));
      else if (pending > 0) {
        // earlier votes still wait: this one queues behind them, so they reach the server in the order made
        keepOffline(statement.tid, choice);
        void sendQueued();
      } else {
        const answered = await participantApi.vote(conversationId, statement.tid, choice);
        setNext(answered.next ?? (await participantApi.next(conversationId)));
      }
    } catch (e) {
      if (choice !== 'unreadable' && isApiError(e, 'network_error') && keepOffline(statement.tid, choice)) {
        // kept on the phone; sent when the connection is back
      } else if (isApiError(e) && e.status === 429) {
        setVoteError(t('dialogue.vote.rateLimited'));
        setPausedUntil(Date.now() + retryAfter(e.details));
      } else if (isApiError(e) && e.code === 'conversation_closed') {
        setClosed(true);
      } else if (isApiError(e) && ['statement_rejected', 'statement_pending', 'statement_not_found'].includes(e.code)) {
        // the statement was moderated out meanwhile: move on
        setVoteError(t('dialogue.vote.skipped'));
        setNext(await participantApi.next(conversationId).catch(() => next));
      } else setVoteError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  if (problem?.kind === 'notJoined') {
    return (
      <section className="page dialogue-vote" aria-labelledby="page-title">
        <LanguageSelect className="dialogue-vote-language" />
        <PageHeading>{t('dialogue.vote.notJoinedTitle')}</PageHeading>
        <p>{t('dialogue.vote.notJoined')}</p>
      </section>
    );
  }
  if (!state || !next) {
    return (
      <section className="page dialogue-vote" aria-labelledby="page-title">
        <LanguageSelect className="dialogue-vote-language" />
        <PageHeading>{t('dialogue.vote.title')}</PageHeading>
        {problem ? (
          <>
            <Notice kind="error">{problem.message}</Notice>
            <button type="button" className="button-secondary" onClick={() => void load()}>
              {t('common.retry')}
            </button>
          </>
        ) : (
          <p className="loading">{t('app.loading')}</p>
        )}
      </section>
    );
  }

  const conversation = state.conversation;
  const topic = pick(conversation.topic, locale);
  const description = pick(conversation.description, locale);
  const total = next.voted + next.remaining;
  const paused = pausedUntil > Date.now();

  return (
    <section className="page dialogue-vote" aria-labelledby="page-title">
      <LanguageSelect className="dialogue-vote-language" />
      <PageHeading>{topic.text}</PageHeading>
      {description.text ? (
        <p className="lead" lang={description.lang}>
          {description.text}
        </p>
      ) : null}

      {closed ? (
        <Notice kind="info">{t('dialogue.vote.closed')}</Notice>
      ) : (
        <>
          <div className="dialogue-progress">
            <label htmlFor="dialogue-progress">{t('dialogue.vote.progress', { voted: next.voted, total })}</label>
            <progress id="dialogue-progress" max={Math.max(total, 1)} value={next.voted} />
          </div>
          {offline ? (
            <Notice kind="info">
              <span className="dialogue-offline">{t(next.statement ? 'dialogue.vote.offlineSaved' : 'dialogue.vote.offlineWaiting')}</span>
            </Notice>
          ) : null}
          {pending > 0 ? (
            <p className="cell-sub" role="status">
              {tp('dialogue.vote.pending', { count: pending })}
            </p>
          ) : null}
          {sentLater && !offline ? <Notice kind="success">{t('dialogue.vote.sentLater')}</Notice> : null}
          {next.statement ? (
            <div className="dialogue-voting">
              <StatementCard statement={next.statement} />
              <div className="dialogue-vote-buttons" role="group" aria-label={t('dialogue.vote.group')}>
                <button type="button" className="vote-agree" disabled={busy || paused} onClick={() => void answer('agree')}>
                  {t('dialogue.vote.agree')}
                </button>
                <button type="button" className="vote-disagree" disabled={busy || paused} onClick={() => void answer('disagree')}>
                  {t('dialogue.vote.disagree')}
                </button>
                <button type="button" className="vote-pass" disabled={busy || paused} onClick={() => void answer('pass')}>
                  {t('dialogue.vote.pass')}
                </button>
              </div>
              {/* Not a vote: counted so facilitators know a translation is missing, and the statement is not shown again. */}
              <button type="button" className="button-quiet dialogue-unreadable" disabled={busy || paused} onClick={() => void answer('unreadable')}>
                {t('dialogue.vote.unreadable')}
              </button>
              {voteError ? <Notice kind="error">{voteError}</Notice> : null}
            </div>
          ) : offline ? null : (
            <div className="panel dialogue-done" role="status">
              <p>{t('dialogue.vote.done')}</p>
              <button type="button" className="button-secondary" onClick={() => void load()}>
                {t('dialogue.vote.checkAgain')}
              </button>
            </div>
          )}
          <WriteStatement
            conversationId={conversationId}
            moderation={conversation.moderation}
            own={own}
            onWritten={(s) => setOwn([...own, s])}
            onClosed={() => setClosed(true)}
          />
        </>
      )}
      {conversation.reportPublic ? (
        <p>
          <Link to={`/dialogue/report/${conversationId}`}>{t('dialogue.vote.report')}</Link>
        </p>
      ) : null}
      <p className="cell-sub">{t('dialogue.vote.privacy')}</p>
    </section>
  );
}
