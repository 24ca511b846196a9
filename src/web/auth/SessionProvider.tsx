import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, setUnauthenticatedHandler } from '../api/client.ts';
import type { LoginRequest, User } from '../api/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { matchLocale, type Locale } from '../i18n/languages.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; user: User | null };

export interface Session {
  state: SessionState;
  user: User | null;
  login: (credentials: LoginRequest) => Promise<User>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  /** After a successful password change the server no longer requires one. */
  markPasswordChanged: () => void;
  /** Stores an explicit language choice with the account, so it follows the user to other devices. */
  saveLocale: (locale: Locale) => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { setLocale } = useI18n();

  const adoptUserLocale = useCallback(
    (user: User | null) => {
      const locale = matchLocale(user?.locale);
      if (locale) setLocale(locale);
    },
    [setLocale],
  );

  const refresh = useCallback(async () => {
    try {
      const session = await api.session();
      setCsrfToken(session.csrfToken);
      setState({ status: 'ready', user: session.user });
    } catch (error) {
      setState({ status: 'error', error });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    setUnauthenticatedHandler(() => void refresh());
    return () => setUnauthenticatedHandler(null);
  }, [refresh]);

  const login = useCallback(
    async (credentials: LoginRequest) => {
      const result = await api.login(credentials);
      setCsrfToken(result.csrfToken);
      setState({ status: 'ready', user: result.user });
      adoptUserLocale(result.user);
      return result.user;
    },
    [adoptUserLocale],
  );

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken(null);
      setState({ status: 'ready', user: null });
      // a fresh anonymous session (and CSRF token) for whatever comes next
      void refresh();
    }
  }, [refresh]);

  const markPasswordChanged = useCallback(() => {
    setState((current) =>
      current.status === 'ready' && current.user
        ? { status: 'ready', user: { ...current.user, mustChangePassword: false } }
        : current,
    );
  }, []);

  const saveLocale = useCallback(async (locale: Locale) => {
    try {
      const user = await api.setLocale(locale);
      setState((current) => (current.status === 'ready' && current.user ? { status: 'ready', user: { ...current.user, ...user } } : current));
    } catch {
      // a preference, not data: the choice is still kept in this browser's storage
    }
  }, []);

  const value = useMemo<Session>(
    () => ({
      state,
      user: state.status === 'ready' ? state.user : null,
      login,
      logout,
      refresh,
      markPasswordChanged,
      saveLocale,
    }),
    [state, login, logout, refresh, markPasswordChanged, saveLocale],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession must be used inside <SessionProvider>');
  return context;
}
