import { useCallback, useEffect, useState } from 'react';
import { isApiError } from '../api/client.ts';
import { useSession } from '../auth/SessionProvider.tsx';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  reload: () => void;
}

/** Loads once per change of `key`; `reload` asks again (after a save) without clearing what is shown. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; key: string | null }>({ data: null, error: null, key: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null, key }),
      (error: unknown) => live && setState({ data: null, error, key }),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; `key` says when it asks for something else.
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  // A different key shows nothing stale while the new answer comes.
  return state.key === key ? { data: state.data, error: state.error, reload } : { data: null, error: null, reload };
}

/** What the signed-in reader may do here. The server decides in the end; the pages only hide what would be refused. */
export function useArchiveRoles() {
  const { user } = useSession();
  const role = user?.role ?? null;
  return {
    signedIn: Boolean(user),
    edit: role === 'admin' || role === 'editor',
    publish: role === 'admin' || role === 'editor' || role === 'reviewer',
    custody: role === 'admin' || role === 'editor' || role === 'reviewer',
    /** Court packages: the documenters (editors, reviewers) and admins, as the server's export check says. */
    exportPackage: role === 'admin' || role === 'editor' || role === 'reviewer',
  };
}

/** The field an API validation error names (details.field), so a form can put the message beside it. */
export function errorField(error: unknown): string | null {
  if (!isApiError(error) || error.status !== 400) return null;
  const details = error.details as { field?: unknown; issues?: Array<{ path?: unknown }> } | null | undefined;
  if (typeof details?.field === 'string') return details.field;
  // Shape errors (zod) name a path such as "place.latitude".
  const path = details?.issues?.[0]?.path;
  return typeof path === 'string' ? path : null;
}

/** Today as YYYY-MM-DD in the reader's time zone (for consent and withdrawal dates). */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
