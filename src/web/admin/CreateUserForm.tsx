import { useId, useState, type FormEvent } from 'react';
import { api, isApiError } from '../api/client.ts';
import { ROLES, type ManagedUser, type Role } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describePasswordError } from '../account/password-errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';

export function CreateUserForm({ onCreated }: { onCreated: (user: ManagedUser) => void }) {
  const t = useT();
  const roleId = useId();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const { user } = await api.createUser({ username: username.trim(), displayName: displayName.trim(), role, password });
      setUsername('');
      setDisplayName('');
      setPassword('');
      setRole('viewer');
      onCreated(user);
    } catch (caught) {
      if (isApiError(caught, 'username_taken')) setError(t('users.taken'));
      else setError(describePasswordError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('users.createTitle')}</h2>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <div className="form-row">
        <Field
          label={t('users.username')}
          name="new-username"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={63}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <Field
          label={t('users.displayName')}
          name="new-display-name"
          autoComplete="off"
          required
          maxLength={200}
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
        />
        <div className="field">
          <label htmlFor={roleId}>{t('users.role')}</label>
          <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`role.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('users.initialPassword')}
          hint={t('users.initialPasswordHint')}
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy || !username.trim() || !displayName.trim() || !password}>
          {t('users.create')}
        </button>
      </div>
    </form>
  );
}
