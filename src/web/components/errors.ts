import { isApiError } from '../api/client.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { Params } from '../i18n/translate.ts';

type T = (key: MessageKey, params?: Params) => string;

/**
 * Turns any thrown value into a sentence in the reader's language. Specific codes (wrong password, taken
 * username…) are handled by the form that expects them, before falling back to this.
 */
export function describeError(t: T, error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'network_error') return t('error.network');
    if (error.status === 401) return t('error.unauthenticated');
    if (error.status === 403) return t('error.forbidden');
    if (error.code === 'rate_limited') return t('login.rateLimited');
    if (error.status === 400 && error.message) return t('error.validation', { message: error.message });
    return t('error.unexpected', { code: error.code });
  }
  return t('error.unexpected', { code: error instanceof Error ? error.name : 'unknown' });
}
