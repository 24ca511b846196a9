import type { ReactNode } from 'react';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { Loaded } from './useLoad.ts';

/** Shows a loading line or the error in the reader's language, and the page once its data is there. */
export function WhenLoaded<T>({ state, retry, children }: { state: Loaded<T>; retry: () => void; children: (data: T) => ReactNode }) {
  const t = useT();
  if (state.status === 'loading') return <p role="status">{t('registry.loading')}</p>;
  if (state.status === 'error') {
    return (
      <Notice kind="error">
        {describeError(t, state.error)}{' '}
        <button type="button" className="button-quiet" onClick={retry}>
          {t('common.retry')}
        </button>
      </Notice>
    );
  }
  return <>{children(state.data)}</>;
}
