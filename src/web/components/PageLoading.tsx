import { Suspense, type ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider.tsx';

/** Where a lazily loaded page (and the words it loads with it) is awaited: "Loading…" in the reader's language. */
export function PageLoading({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <Suspense
      fallback={
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      }
    >
      {children}
    </Suspense>
  );
}
