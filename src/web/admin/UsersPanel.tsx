import { useCallback, useEffect, useId, useState } from 'react';
import { api } from '../api/client.ts';
import { ROLES, type ManagedUser, type Role } from '../api/types.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { CreateUserForm } from './CreateUserForm.tsx';
import { ResetPasswordDialog } from './ResetPasswordDialog.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

export function UsersPanel() {
  const { t, formatDateTime } = useI18n();
  const { user: me } = useSession();
  const [users, setUsers] = useState<ManagedUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [resetting, setResetting] = useState<ManagedUser | null>(null);
  const rowPrefix = useId();

  const load = useCallback(async () => {
    try {
      const result = await api.listUsers();
      setUsers(result.users);
      setError(null);
    } catch (caught) {
      setError(describeError(t, caught));
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const update = async (target: ManagedUser, change: { role?: Role; disabled?: boolean }) => {
    setMessage(null);
    setError(null);
    try {
      const { user } = await api.updateUser(target.id, change);
      setUsers((list) => list?.map((item) => (item.id === user.id ? { ...item, ...user } : item)) ?? null);
      setMessage(t('users.updated', { name: user.displayName || user.username }));
    } catch (caught) {
      setError(describeError(t, caught));
    }
  };

  const unlock = async (target: ManagedUser) => {
    setMessage(null);
    setError(null);
    try {
      const { user } = await api.unlockUser(target.id);
      setUsers((list) => list?.map((item) => (item.id === user.id ? { ...item, ...user } : item)) ?? null);
      setMessage(t('users.unlockDone', { name: user.displayName || user.username }));
    } catch (caught) {
      setError(describeError(t, caught));
    }
  };

  return (
    <div className="stack">
      <CreateUserForm
        onCreated={(user) => {
          setMessage(t('users.created', { name: user.displayName || user.username }));
          void load();
        }}
      />
      <section aria-labelledby="users-list-title">
        <h2 id="users-list-title">{t('users.title')}</h2>
        {message ? <Notice kind="success">{message}</Notice> : null}
        {error ? <Notice kind="error">{error}</Notice> : null}
        {users === null ? (
          error ? null : <p className="loading" role="status">{t('app.loading')}</p>
        ) : users.length === 0 ? (
          <p>{t('users.empty')}</p>
        ) : (
          <ScrollRegion labelledBy="users-list-title">
            <table className="dense users-table">
              <thead>
                <tr>
                  <th scope="col">{t('users.col.user')}</th>
                  <th scope="col">{t('users.col.role')}</th>
                  <th scope="col">{t('users.col.status')}</th>
                  <th scope="col">{t('users.col.created')}</th>
                  <th scope="col">{t('users.col.lastLogin')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((user, index) => {
                  const name = user.displayName || user.username;
                  const isMe = user.id === me?.id;
                  // action buttons keep their visible text as their name and point at the row's user for context
                  const rowHeaderId = `${rowPrefix}-${index}`;
                  return (
                    <tr key={user.id} className={user.disabled ? 'is-disabled' : undefined}>
                      <th scope="row" id={rowHeaderId}>
                        {/* Names and usernames are the users' own, never translated (and not codes to a check for them). */}
                        <span className="cell-main" translate="no">
                          {name}
                        </span>
                        <span className="cell-sub">
                          <span translate="no">{user.username}</span>
                          {isMe ? ` (${t('users.self')})` : ''}
                        </span>
                      </th>
                      <td>
                        <select
                          aria-label={t('users.roleFor', { name })}
                          value={user.role}
                          disabled={isMe}
                          onChange={(event) => void update(user, { role: event.target.value as Role })}
                        >
                          {ROLES.map((role) => (
                            <option key={role} value={role}>
                              {t(`role.${role}`)}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <span className={`badge ${user.disabled ? 'badge-muted' : 'badge-ok'}`}>
                          {user.disabled ? t('users.status.disabled') : t('users.status.active')}
                        </span>
                        {user.mustChangePassword ? <span className="badge badge-warn">{t('users.status.mustChange')}</span> : null}
                        {user.lockedOut ? <span className="badge badge-warn">{t('users.status.lockedOut')}</span> : null}
                      </td>
                      <td className="nowrap">{formatDateTime(user.createdAt)}</td>
                      <td className="nowrap">{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('common.never')}</td>
                      <td className="actions">
                        <button
                          type="button"
                          className="button-secondary"
                          aria-describedby={rowHeaderId}
                          onClick={() => setResetting(user)}
                        >
                          {t('users.resetPassword')}
                        </button>
                        {user.lockedOut ? (
                          <button type="button" className="button-secondary" aria-describedby={rowHeaderId} onClick={() => void unlock(user)}>
                            {t('users.unlock')}
                          </button>
                        ) : null}
                        {isMe ? null : (
                          <button
                            type="button"
                            className={user.disabled ? 'button-secondary' : 'button-danger'}
                            aria-describedby={rowHeaderId}
                            onClick={() => void update(user, { disabled: !user.disabled })}
                          >
                            {user.disabled ? t('users.enable') : t('users.disable')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
      <ResetPasswordDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(user) => {
          setResetting(null);
          setMessage(t('users.resetDone', { name: user.displayName || user.username }));
        }}
      />
    </div>
  );
}
