import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { PublicationControl } from '../publication/PublicationControl.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n, useT } from '../i18n/I18nProvider.tsx';
import { registryApi, verificationLevels, type Claim, type VerificationLevel } from './api.ts';
import { ClaimCard, VerificationLegend } from './Bits.tsx';
import { WhenLoaded } from './Loading.tsx';
import { paths } from './paths.ts';
import { RegistrySection } from './Section.tsx';
import { useLoad } from './useLoad.ts';
import { ClaimAgreement } from '../dialogue/ClaimAgreement.tsx';

/** A claim with its whole source chain down to the archived copy, what it contests, and its verification history. */
export function ClaimPage() {
  const t = useT();
  const { formatDateTime } = useI18n();
  const { id = '' } = useParams();
  const { user } = useSession();
  const [state, reload] = useLoad(() => registryApi.claim(id), `claim:${id}`);
  const isReviewer = Boolean(user && (user.role === 'reviewer' || user.role === 'admin'));
  return (
    <WhenLoaded state={state} retry={reload}>
      {(data) => (
        <RegistrySection title={t('registry.openClaim', { id: data.claim.id })}>
          <p>
            <Link to={paths.claims}>{t('registry.claim.back')}</Link>
          </p>
          <ClaimCard claim={data.claim} />
          {user && ['admin', 'editor'].includes(user.role) ? (
            <p>
              <Link className="button-secondary" to={paths.editRecord('claims', data.claim.id)}>
                {t('registry.form.editThis')}
              </Link>
            </p>
          ) : null}
          {user && ['admin', 'editor', 'reviewer'].includes(user.role) ? <PublicationControl kind="claim" id={data.claim.id} onChange={reload} /> : null}
          <VerificationLegend />
          <ClaimAgreement claimId={data.claim.id} />
          {data.claim.translations.length ? (
            <section className="panel" aria-labelledby="translations-title">
              <h2 id="translations-title">{t('registry.claim.translations')}</h2>
              <ul>
                {data.claim.translations.map((tr) => (
                  <li key={tr.language} lang={tr.language}>
                    {`${tr.language}: ${tr.text}`}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section className="panel" aria-labelledby="chain-title">
            <h2 id="chain-title">{t('registry.claim.sourceChain')}</h2>
            <ol className="source-chain">
              {data.claim.sources.map((source) => (
                <li key={source.id}>
                  <strong>{source.publisher}</strong> · <cite>{source.title}</cite> {source.date ? <span>({source.date})</span> : null}{' '}
                  <span className="badge badge-muted">{t(`registry.sourceKind.${source.kind}` as MessageKey)}</span>
                  {source.address ? <p className="cell-sub">{t('registry.claim.address', { address: source.address })}</p> : null}
                  <p className="cell-sub">
                    {source.archiveItemId ? <Link to={`/archive/${encodeURIComponent(source.archiveItemId)}`}>{t('registry.claim.archived')}</Link> : t('registry.claim.notArchived')}
                  </p>
                </li>
              ))}
            </ol>
          </section>
          {data.contests.length || data.contestedBy.length ? (
            <section className="panel contested-pair">
              {[...data.contests, ...data.contestedBy].map((other) => (
                <ClaimCard key={other.id} claim={other} headingLevel={4} />
              ))}
            </section>
          ) : null}
          {data.claim.notes ? (
            <section className="panel" aria-labelledby="notes-title">
              <h2 id="notes-title">{t('registry.claim.notes')}</h2>
              <p>{data.claim.notes}</p>
            </section>
          ) : null}
          {user ? (
            <section className="panel" aria-labelledby="history-title">
              <h2 id="history-title">{t('registry.claim.history')}</h2>
              {data.history.length === 0 ? <p className="muted">{t('registry.claim.noHistory')}</p> : null}
              <ul>
                {data.history.map((h, i) => (
                  <li key={i}>{t('registry.claim.historyEntry', { at: formatDateTime(h.at), from: h.from, to: h.to, by: h.by ?? '—', note: h.note })}</li>
                ))}
              </ul>
              {isReviewer ? <VerificationForm claim={data.claim} onChanged={reload} /> : null}
            </section>
          ) : null}
        </RegistrySection>
      )}
    </WhenLoaded>
  );
}

function VerificationForm({ claim, onChanged }: { claim: Claim; onChanged: () => void }) {
  const t = useT();
  const [level, setLevel] = useState<VerificationLevel>(claim.verification);
  const [note, setNote] = useState('');
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | { error: unknown }>('idle');
  const submit = async () => {
    setState('saving');
    try {
      await registryApi.setClaimVerification(claim.id, level, note);
      setState('saved');
      setNote('');
      onChanged();
    } catch (error) {
      setState({ error });
    }
  };
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t('registry.claim.change')}</h3>
      <div className="field">
        <label htmlFor="verification-level">{t('registry.claim.newLevel')}</label>
        <select id="verification-level" value={level} onChange={(e) => setLevel(e.target.value as VerificationLevel)}>
          {verificationLevels.map((v) => (
            <option key={v} value={v}>
              {t(`registry.verification.badge.${v}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="verification-note">{t('registry.claim.note')}</label>
        <textarea id="verification-note" required minLength={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      {state === 'saved' ? <Notice kind="success">{t('registry.claim.changed')}</Notice> : null}
      {typeof state === 'object' ? <Notice kind="error">{describeError(t, state.error)}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={state === 'saving' || level === claim.verification || note.trim().length < 3}>
          {state === 'saving' ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
