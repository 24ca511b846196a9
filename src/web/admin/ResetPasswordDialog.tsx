import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { ManagedUser } from '../api/types.ts';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describePasswordError } from '../account/password-errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';

/** An administrator sets a new password for someone else (the server decides whether they must change it). */
export function ResetPasswordDialog({
  user,
  onClose,
  onDone,
}: {
  user: ManagedUser | null;
  onClose: () => void;
  onDone: (user: ManagedUser) => void;
}) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [keepApiTokens, setKeepApiTokens] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = user ? user.displayName || user.username : '';

  const close = () => {
    setPassword('');
    setKeepApiTokens(false);
    setError(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.updateUser(user.id, { password, keepApiTokens });
      setPassword('');
      setKeepApiTokens(false);
      onDone(result.user);
    } catch (caught) {
      setError(describePasswordError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={user !== null} title={t('users.resetTitle', { name })} onClose={close}>
      <form onSubmit={submit} noValidate>
        {error ? <Notice kind="error">{error}</Notice> : null}
        <Field
          label={t('users.resetNew')}
          hint={t('users.initialPasswordHint')}
          type="password"
          autoComplete="new-password"
          required
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <label className="checkbox">
          <input type="checkbox" checked={keepApiTokens} onChange={(event) => setKeepApiTokens(event.target.checked)} />
          {t('users.keepTokens')}
        </label>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy || !password}>
            {t('common.save')}
          </button>
          <button type="button" className="button-secondary" onClick={close}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
