import { useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../api/client.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { safeNext } from './safeNext.ts';

export function LoginPage() {
  const t = useT();
  const { user, login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const justLoggedIn = useRef(false);

  if (user && !justLoggedIn.current) {
    if (params.has('next')) return <Navigate to={next} replace />;
    return (
      <section className="page narrow">
        <PageHeading>{t('login.title')}</PageHeading>
        <p>{t('login.alreadySignedIn', { name: user.displayName || user.username })}</p>
        <p>
          <Link to="/">{t('notFound.home')}</Link>
        </p>
      </section>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError(t('login.missing'));
      return;
    }
    setError(null);
    setBusy(true);
    try {
      justLoggedIn.current = true;
      await login({ username: username.trim(), password });
      navigate(next, { replace: true });
    } catch (caught) {
      justLoggedIn.current = false;
      setPassword('');
      if (isApiError(caught, 'invalid_credentials')) setError(t('login.invalid'));
      else if (isApiError(caught, 'rate_limited') || (isApiError(caught) && caught.status === 429)) setError(t('login.rateLimited'));
      else setError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page narrow">
      <PageHeading lead={t('login.intro')}>{t('login.title')}</PageHeading>
      <form className="panel login-form" onSubmit={submit} noValidate aria-describedby={error ? 'login-error' : undefined}>
        {error ? (
          <Notice kind="error" id="login-error">
            {error}
          </Notice>
        ) : null}
        <Field
          label={t('login.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <Field
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
