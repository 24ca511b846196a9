import { useId, useState, type FormEvent } from 'react';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { casesApi } from './api.ts';

/**
 * Withdrawing an allegation (analysts): the allegation stays as recorded, marked withdrawn; the withdrawal and its
 * reason are a new ledger event. Shown only to analysts and only while the allegation stands.
 */
export function WithdrawForm({ allegationId, withdrawn, onDone }: { allegationId: string; withdrawn: boolean; onDone: () => void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (withdrawn || !user || !(user.role === 'editor' || user.role === 'admin')) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await casesApi.withdraw(allegationId, reason);
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="panel cases-withdraw">
      <summary>{t('cases.withdraw.title')}</summary>
      <form onSubmit={submit}>
        <p className="field-hint">{t('cases.withdraw.hint')}</p>
        <label htmlFor={`${id}-reason`}>{t('cases.withdraw.reason')}</label>
        <textarea id={`${id}-reason`} value={reason} maxLength={2000} required onChange={(e) => setReason(e.target.value)} />
        {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
        <button type="submit" disabled={busy || reason.trim() === ''}>
          {t('cases.withdraw.submit')}
        </button>
      </form>
    </details>
  );
}
