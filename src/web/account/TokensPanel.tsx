import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { ApiToken, CreateTokenResponse } from '../api/types.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { parseExpiryDays } from './expiry.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

/** The caller's own API tokens: create (secret shown once), list, revoke. */
export function TokensPanel() {
  const { t, formatDateTime } = useI18n();
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreateTokenResponse | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rowPrefix = useId();

  const load = useCallback(async () => {
    try {
      const result = await api.listTokens();
      setTokens(result.tokens);
      setLoadError(null);
    } catch (caught) {
      setLoadError(describeError(t, caught));
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setMessage(null);
    const expiresInDays = parseExpiryDays(days);
    if (expiresInDays === 'invalid') {
      setFormError(t('tokens.invalidDays'));
      return;
    }
    setBusy(true);
    try {
      const result = await api.createToken({ name: name.trim(), ...(expiresInDays ? { expiresInDays } : {}) });
      setCreated(result);
      setName('');
      setDays('');
      await load();
    } catch (caught) {
      setFormError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ApiToken) => {
    if (!window.confirm(t('tokens.revokeConfirm', { name: token.name }))) return;
    setMessage(null);
    try {
      await api.revokeToken(token.id);
      if (created?.token.id === token.id) setCreated(null);
      setMessage(t('tokens.revoked', { name: token.name }));
      await load();
    } catch (caught) {
      setLoadError(describeError(t, caught));
    }
  };

  return (
    <div className="stack">
      <p>{t('tokens.intro')}</p>
      {created ? (
        <div className="panel secret-panel" role="region" aria-labelledby="token-secret-title">
          <h2 id="token-secret-title">{t('tokens.secretTitle')}</h2>
          <Notice kind="info">{t('tokens.secretWarning')}</Notice>
          <p className="secret">
            <code>{created.secret}</code>
          </p>
          <CopyButton text={created.secret} />
        </div>
      ) : null}
      <form className="panel" onSubmit={create} noValidate aria-labelledby="token-create-title">
        <h2 id="token-create-title">{t('tokens.createTitle')}</h2>
        {formError ? <Notice kind="error">{formError}</Notice> : null}
        <div className="form-row">
          <Field
            label={t('tokens.name')}
            hint={t('tokens.nameHint')}
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <Field
            label={t('tokens.expiresInDays')}
            hint={t('tokens.expiresHint')}
            inputMode="numeric"
            value={days}
            onChange={(event) => setDays(event.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy || !name.trim()}>
            {t('tokens.create')}
          </button>
        </div>
      </form>
      <section aria-labelledby="token-list-title">
        <h2 id="token-list-title">{t('tokens.listTitle')}</h2>
        {message ? <Notice kind="success">{message}</Notice> : null}
        {loadError ? <Notice kind="error">{loadError}</Notice> : null}
        {tokens === null ? (
          loadError ? null : <p className="loading" role="status">{t('app.loading')}</p>
        ) : tokens.length === 0 ? (
          <p>{t('tokens.empty')}</p>
        ) : (
          <ScrollRegion labelledBy="token-list-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('tokens.col.name')}</th>
                  <th scope="col">{t('tokens.col.created')}</th>
                  <th scope="col">{t('tokens.col.lastUsed')}</th>
                  <th scope="col">{t('tokens.col.expires')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token, index) => (
                  <tr key={token.id}>
                    <th scope="row" id={`${rowPrefix}-${index}`}>
                      {token.name}
                    </th>
                    <td>{formatDateTime(token.createdAt)}</td>
                    <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('common.never')}</td>
                    <td>{token.expiresAt ? formatDateTime(token.expiresAt) : t('common.never')}</td>
                    <td>
                      <button
                        type="button"
                        className="button-danger"
                        aria-describedby={`${rowPrefix}-${index}`}
                        onClick={() => void revoke(token)}
                      >
                        {t('tokens.revoke')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </div>
  );
}
