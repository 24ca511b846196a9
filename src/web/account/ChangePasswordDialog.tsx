import { useState, type FormEvent } from 'react';
import { api, isApiError } from '../api/client.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { describePasswordError } from './password-errors.ts';

/**
 * Change one's own password. When `forced` (the account must change its password) the dialog cannot be dismissed
 * and explains why it appeared.
 */
export function ChangePasswordDialog({ open, forced, onClose }: { open: boolean; forced: boolean; onClose: () => void }) {
  const t = useT();
  const { markPasswordChanged } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const reset = () => {
    setCurrent('');
    setNew('');
    setConfirm('');
    setError(null);
    setDone(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (newPassword !== confirm) {
      setError(t('password.mismatch'));
      return;
    }
    setBusy(true);
    try {
      await api.changePassword({ currentPassword, newPassword });
      setDone(true);
    } catch (caught) {
      if (isApiError(caught, 'invalid_credentials')) setError(t('password.wrongCurrent'));
      else setError(describePasswordError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  // the forced flag is cleared only when the reader closes the confirmation; clearing it at once would close the
  // dialog before the confirmation could be read
  const close = () => {
    if (done) markPasswordChanged();
    reset();
    onClose();
  };

  return (
    <Dialog open={open} title={forced && !done ? t('password.forcedTitle') : t('password.title')} onClose={forced && !done ? undefined : close}>
      {done ? (
        <>
          <Notice kind="success">{t('password.done')}</Notice>
          <div className="form-actions">
            <button type="button" className="button-primary" onClick={close} autoFocus>
              {t('common.close')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          {forced ? <p>{t('password.forcedIntro')}</p> : null}
          {error ? <Notice kind="error">{error}</Notice> : null}
          <Field
            label={t('password.current')}
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(event) => setCurrent(event.target.value)}
            autoFocus
          />
          <Field
            label={t('password.new')}
            hint={t('password.hint')}
            type="password"
            autoComplete="new-password"
            required
            value={newPassword}
            onChange={(event) => setNew(event.target.value)}
          />
          <Field
            label={t('password.confirm')}
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
          />
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={busy || !currentPassword || !newPassword}>
              {busy ? t('common.saving') : t('password.submit')}
            </button>
            {forced ? null : (
              <button type="button" className="button-secondary" onClick={close}>
                {t('common.cancel')}
              </button>
            )}
          </div>
        </form>
      )}
    </Dialog>
  );
}
