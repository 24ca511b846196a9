import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { PublicationControl } from '../publication/PublicationControl.tsx';
import { Link, useParams } from 'react-router-dom';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LANGUAGES } from '../i18n/languages.ts';
import { facilitatorApi, type Conversation, type Invitation, type Localized, type Statement } from './api.ts';
import { LanguageChoice } from './CreateConversation.tsx';
import { InvitationLinks } from './InvitationLinks.tsx';
import { AllowList } from './AllowList.tsx';
import { LiveCounts } from './LiveCounts.tsx';
import { CONTENT_LANGUAGES, compact, langAttribute, pick } from './localized.ts';
import { ModerationQueue } from './ModerationQueue.tsx';
import { PolisTransfer } from './PolisTransfer.tsx';
import { TextArea } from '../components/Field.tsx';
import { TranslateStatement } from './TranslateStatement.tsx';
import { TranslationBadges, TranslationDesk } from './TranslationWork.tsx';
import { EvidenceCard } from './EvidenceCard.tsx';
import { SeedFromClaims } from './SeedFromClaims.tsx';
import { RecordAgreement } from './RecordAgreement.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

const STATEMENTS_REFRESH_MS = 15_000;

/** One conversation, for its facilitator: state, invitations, live counts, the moderation queue and statements. */
export function Console() {
  const { id = '' } = useParams();
  const { t, locale, formatDateTime } = useI18n();
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [statements, setStatements] = useState<Statement[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [renewed, setRenewed] = useState<Invitation[]>([]);
  const [busy, setBusy] = useState(false);
  const [needingWork, setNeedingWork] = useState(false);

  const load = useCallback(async () => {
    try {
      const [c, s] = await Promise.all([facilitatorApi.get(id), facilitatorApi.statements(id)]);
      setConversation(c);
      setStatements(s.statements);
    } catch (e) {
      setError(describeError(t, e));
    }
  }, [id, t]);
  useEffect(() => void load(), [load]);
  // participants' statements arrive without an analysis update, so the queue is re-read on its own
  useEffect(() => {
    const timer = setInterval(() => {
      facilitatorApi.statements(id).then((s) => setStatements(s.statements), () => undefined);
    }, STATEMENTS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [id]);

  if (!conversation) {
    return (
      <section className="page">
        <PageHeading>{t('dialogue.console.title')}</PageHeading>
        {error ? <Notice kind="error">{error}</Notice> : <p className="loading">{t('app.loading')}</p>}
      </section>
    );
  }

  const topic = pick(conversation.topic, locale);
  const description = pick(conversation.description, locale);
  const open = conversation.state === 'open';

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await facilitatorApi.setState(conversation.id, open ? 'closed' : 'open');
      setConversation(next);
      setMessage(next.state === 'open' ? t('dialogue.console.opened') : t('dialogue.console.closed'));
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const renew = async (communityId: string) => {
    if (!window.confirm(t('dialogue.console.renewConfirm'))) return;
    setError(null);
    try {
      const invitation = await facilitatorApi.renewInvitation(communityId);
      setRenewed([...renewed.filter((r) => r.communityId !== communityId), invitation]);
    } catch (e) {
      setError(describeError(t, e));
    }
  };

  const counts = {
    approved: statements.filter((s) => s.moderation === 'approved').length,
    pending: statements.filter((s) => s.moderation === 'pending').length,
    rejected: statements.filter((s) => s.moderation === 'rejected').length,
  };

  return (
    <section className="page dialogue-console" aria-labelledby="page-title">
      <PageHeading lead={description.text || undefined}>{topic.text}</PageHeading>
      <p>
        <span className={`badge ${open ? 'badge-ok' : 'badge-muted'}`}>{t(open ? 'dialogue.state.open' : 'dialogue.state.closed')}</span>{' '}
        <span className="badge">{t(conversation.moderation === 'strict' ? 'dialogue.badge.strict' : 'dialogue.badge.open')}</span>{' '}
        <span className="cell-sub">{t('dialogue.console.created', { when: formatDateTime(conversation.createdAt), size: conversation.minGroupSize })}</span>
      </p>
      <div className="form-actions">
        <button type="button" className={open ? 'button-danger' : 'button-primary'} disabled={busy} onClick={() => void toggle()}>
          {t(open ? 'dialogue.console.close' : 'dialogue.console.open')}
        </button>
        <Link className="button-secondary" to={`/dialogue/report/${conversation.id}`}>
          {t('dialogue.console.report')}
        </Link>
      </div>
      {/* The report goes public through the one publication control: the same confirmation and audit as everything else. */}
      <PublicationControl kind="dialogue_report" id={conversation.id} onChange={() => void load()} />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {message ? <Notice kind="success">{message}</Notice> : null}

      {/* What waits for a decision comes first: participants cannot see a pending statement in a strict conversation. */}
      <ModerationQueue statements={statements} onModerated={(s) => setStatements(statements.map((x) => (x.id === s.id ? s : x)))} />

      <LiveCounts conversationId={conversation.id} statements={counts} />

      <section aria-labelledby="dialogue-communities-title">
        <h2 id="dialogue-communities-title">{t('dialogue.console.communities')}</h2>
        <p>{t('dialogue.console.communitiesHint')}</p>
        <ScrollRegion labelledBy="dialogue-communities-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('dialogue.console.community')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {conversation.communities.map((community) => {
                const name = pick(community.name, locale);
                const rowId = `community-${community.id}`;
                return (
                  <tr key={community.id}>
                    <th scope="row" id={rowId} lang={name.lang}>
                      {name.text}
                    </th>
                    <td className="actions">
                      <button type="button" className="button-secondary" aria-describedby={rowId} onClick={() => void renew(community.id)}>
                        {t('dialogue.console.renew')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
        <InvitationLinks communities={conversation.communities} invitations={renewed} />
      </section>

      <TranslationDesk
        conversation={conversation}
        statements={statements}
        onConversation={setConversation}
        onRefresh={() => facilitatorApi.statements(id).then((s) => setStatements(s.statements), () => undefined)}
      />

      <AllowList conversationId={conversation.id} />

      <SeedForm conversationId={conversation.id} disabled={!open} onSeeded={(s) => setStatements([...statements, s])} />
      <SeedFromClaims conversationId={conversation.id} disabled={!open} onSeeded={(seeded) => setStatements((all) => [...all, ...seeded])} />

      <section aria-labelledby="dialogue-statements-title">
        <h2 id="dialogue-statements-title">{t('dialogue.console.statements', counts)}</h2>
        <label className="checkbox">
          <input type="checkbox" checked={needingWork} onChange={(e) => setNeedingWork(e.target.checked)} /> {t('dialogue.translation.onlyNeeding')}
        </label>
        <ScrollRegion labelledBy="dialogue-statements-title">
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">{t('dialogue.console.tid')}</th>
                <th scope="col">{t('dialogue.console.text')}</th>
                <th scope="col">{t('dialogue.console.author')}</th>
                <th scope="col">{t('dialogue.console.moderation')}</th>
                <th scope="col">{t('dialogue.translate.column')}</th>
              </tr>
            </thead>
            <tbody>
              {[...statements]
                .filter((s) => !needingWork || Object.values(s.translationStatus).some((state) => state === 'missing' || state === 'failed' || state === 'machine'))
                .sort((a, b) => a.tid - b.tid)
                .map((s) => (
                  <tr key={s.id}>
                    <td>{s.tid}</td>
                    <td>
                      <span lang={langAttribute(s.language)}>{s.text}</span>
                      {s.evidence ? <EvidenceCard evidence={s.evidence} /> : null}
                    </td>
                    <td>{t(s.byParticipant ? 'dialogue.author.participant' : s.seed ? 'dialogue.author.seed' : 'dialogue.author.facilitator')}</td>
                    <td>
                      {t(`dialogue.moderation.${s.moderation}`)}
                      {s.moderationReason ? <span className="cell-sub"> · {s.moderationReason}</span> : null}
                      {s.moderation === 'approved' ? <RecordAgreement statement={s} /> : null}
                    </td>
                    <td>
                      <TranslationBadges statement={s} />
                      <TranslateStatement statement={s} onChanged={(next) => setStatements((all) => all.map((x) => (x.id === next.id ? next : x)))} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <PolisTransfer conversationId={conversation.id} />
      <p>
        <Link to="/dialogue">{t('dialogue.console.back')}</Link>
      </p>
    </section>
  );
}

function SeedForm({ conversationId, disabled, onSeeded }: { conversationId: string; disabled: boolean; onSeeded: (s: Statement) => void }) {
  const { t, locale } = useI18n();
  const [text, setText] = useState('');
  const [language, setLanguage] = useState<string>(locale);
  const [translations, setTranslations] = useState<Localized>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    if (text.trim() === '') return setError(t('dialogue.write.empty'));
    const others = compact(Object.fromEntries(Object.entries(translations).filter(([tag]) => tag !== language)));
    try {
      onSeeded((await facilitatorApi.seed(conversationId, { text: text.trim(), language, ...(Object.keys(others).length > 0 ? { translations: others } : {}) })).statement);
      setText('');
      setTranslations({});
      setDone(true);
    } catch (e) {
      setError(describeError(t, e));
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="dialogue-seed-title" noValidate>
      <h2 id="dialogue-seed-title">{t('dialogue.console.seed')}</h2>
      {disabled ? <p>{t('dialogue.console.seedClosed')}</p> : null}
      <TextArea label={t('dialogue.console.seedText')} rows={2} maxLength={1000} value={text} lang={langAttribute(language)} onChange={(e) => setText(e.target.value)} />
      <LanguageChoice label={t('dialogue.form.seedLanguage')} value={language} onChange={setLanguage} />
      <details>
        <summary>{t('dialogue.console.translations')}</summary>
        <p className="field-hint">{t('dialogue.console.translationsHint')}</p>
        {CONTENT_LANGUAGES.filter((tag) => tag !== language).map((tag) => (
          <TextArea
            key={tag}
            label={t('dialogue.console.translationIn', { language: LANGUAGES.find((l) => l.locale === tag)?.endonym ?? tag })}
            rows={2}
            maxLength={1000}
            lang={langAttribute(tag)}
            value={translations[tag] ?? ''}
            onChange={(e) => setTranslations({ ...translations, [tag]: e.target.value })}
          />
        ))}
      </details>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {done ? <Notice kind="success">{t('dialogue.console.seeded')}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={disabled}>
          {t('dialogue.console.addSeed')}
        </button>
      </div>
    </form>
  );
}
