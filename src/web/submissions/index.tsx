import { useCallback, useEffect, useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router-dom';
import { TextArea } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { submissionsApi, type Submission, type SubmissionDetail, type SubmissionState } from './api.ts';

const STATES: SubmissionState[] = ['pending', 'accepted', 'rejected'];
const KIND_KEYS: Record<Submission['kind'], MessageKey> = {
  correction: 'submissions.kind.correction',
  photo: 'submissions.kind.photo',
  missing_name: 'submissions.kind.missing_name',
};
const STATUS_KEYS: Record<Submission['status'], MessageKey> = {
  civilian: 'submissions.status.civilian',
  combatant: 'submissions.status.combatant',
  unknown: 'submissions.status.unknown',
};
const STATE_KEYS: Record<SubmissionState, MessageKey> = {
  pending: 'submissions.state.pending',
  accepted: 'submissions.state.accepted',
  rejected: 'submissions.state.rejected',
};

/**
 * The moderation queue of the families' submissions (editors). Everything a submitter wrote is shown as text (React
 * escapes it); the contact details appear only on a submission's own page, and each opening is audited.
 */
export default function SubmissionsModule() {
  return (
    <Routes>
      <Route index element={<Queue />} />
      <Route path=":id" element={<One />} />
    </Routes>
  );
}

function Queue() {
  const t = useT();
  const [state, setState] = useState<SubmissionState>('pending');
  const [rows, setRows] = useState<Submission[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setRows(null);
    submissionsApi.list({ state, limit: 100, offset: 0 }).then(
      (answer) => {
        setRows(answer.submissions);
        setTotal(answer.total);
      },
      setError,
    );
  }, [state]);
  return (
    <>
      <PageHeading lead={t('submissions.lead')}>{t('submissions.title')}</PageHeading>
      <nav aria-label={t('submissions.filter')}>
        <ul className="tabs">
          {STATES.map((s) => (
            <li key={s}>
              <button type="button" aria-pressed={s === state} onClick={() => setState(s)}>
                {t(STATE_KEYS[s])}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      {rows === null ? (
        <p>{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p>{t('submissions.none')}</p>
      ) : (
        <ScrollRegion label={t('submissions.count', { count: total })}>
          <table>
            <caption>{t('submissions.count', { count: total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('submissions.received')}</th>
                <th scope="col">{t('submissions.kind')}</th>
                <th scope="col">{t('submissions.names')}</th>
                <th scope="col">{t('submissions.message')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={row.id}>{row.createdAt.slice(0, 16).replace('T', ' ')}</Link>
                  </td>
                  <td>{t(KIND_KEYS[row.kind])}</td>
                  <td>{row.names.join(' / ') || '–'}</td>
                  <td>{row.message.slice(0, 200)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  );
}

function One() {
  const t = useT();
  const { id = '' } = useParams();
  const [item, setItem] = useState<SubmissionDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Submission | null>(null);
  const load = useCallback(() => submissionsApi.get(id).then((answer) => setItem(answer.submission), setError), [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (action: 'accept' | 'reject') => {
    if (action === 'reject' && !reason.trim()) {
      setReasonError(t('submissions.reasonRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = action === 'accept' ? await submissionsApi.accept(id) : await submissionsApi.reject(id, reason.trim());
      setDone(answer.submission);
      await load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (!item) return error ? <Notice kind="error">{describeError(t, error)}</Notice> : <p>{t('app.loading')}</p>;
  const row = (label: string, value: string | null | undefined) => (
    <>
      <dt>{label}</dt>
      <dd>{value || '–'}</dd>
    </>
  );
  return (
    <>
      <PageHeading>{t('submissions.one', { kind: t(KIND_KEYS[item.kind]) })}</PageHeading>
      <p>
        <Link to="..">{t('submissions.back')}</Link>
      </p>
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      {done?.state === 'accepted' ? <Notice kind="success">{t('submissions.accepted', { provenance: item.provenance })}</Notice> : null}
      {done?.state === 'rejected' ? <Notice kind="success">{t('submissions.rejected')}</Notice> : null}
      <dl className="meta">
        {row(t('submissions.stateLabel'), t(STATE_KEYS[item.state]))}
        {row(t('submissions.received'), item.createdAt.slice(0, 16).replace('T', ' '))}
        {row(t('submissions.person'), item.personKey)}
        {row(t('submissions.names'), item.names.join(' / '))}
        {row(t('submissions.born'), item.birthDate)}
        {row(t('submissions.died'), item.deathDate)}
        {row(t('submissions.place'), item.place)}
        {row(t('submissions.status'), t(STATUS_KEYS[item.status]))}
        {row(t('submissions.relation'), item.relation)}
        {row(t('submissions.message'), item.message)}
        {row(t('submissions.photo'), item.photo ? `${item.photo.name} (${item.photo.size} B)` : null)}
        {row(t('submissions.provenance'), item.provenance)}
        {row(t('submissions.reason'), item.reason)}
        {row(t('submissions.record'), item.recordId)}
        {row(t('submissions.item'), item.itemId)}
      </dl>
      <section aria-labelledby="contact-heading">
        <h2 id="contact-heading">{t('submissions.contactHeading')}</h2>
        <p className="field-hint">{t('submissions.contactNote')}</p>
        <dl className="meta">
          {row(t('submissions.contactName'), item.contactName)}
          {row(t('submissions.contact'), item.contact)}
        </dl>
      </section>
      {item.state === 'pending' ? (
        <section aria-labelledby="decide-heading">
          <h2 id="decide-heading">{t('submissions.decide')}</h2>
          <p>{t('submissions.acceptExplain')}</p>
          <p>
            <button type="button" disabled={busy} onClick={() => void decide('accept')}>
              {t('submissions.accept')}
            </button>
          </p>
          <TextArea label={t('submissions.reasonLabel')} value={reason} error={reasonError} maxLength={1000} onChange={(e) => { setReason(e.target.value); setReasonError(undefined); }} />
          <p>
            <button type="button" disabled={busy} onClick={() => void decide('reject')}>
              {t('submissions.reject')}
            </button>
          </p>
        </section>
      ) : null}
    </>
  );
}
