import { isApiError } from '../api/client.ts';
import { describeError } from '../components/errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { Params } from '../i18n/translate.ts';

type T = (key: MessageKey, params?: Params) => string;

// the server's limits (src/server/accounts/password.ts), repeated here because the web never imports server code
const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 1024;

const RULE_KEYS: Record<string, MessageKey> = {
  password_too_short: 'password.rule.password_too_short',
  password_too_long: 'password.rule.password_too_long',
  password_contains_username: 'password.rule.password_contains_username',
  password_too_repetitive: 'password.rule.password_too_repetitive',
};

/**
 * Says why the server refused a new password, in the reader's language: the rule it broke when the page knows that
 * rule, and otherwise the server's own sentence, so the real reason is never replaced by a vaguer one.
 */
export function describePasswordError(t: T, error: unknown): string {
  if (!isApiError(error, 'weak_password')) return describeError(t, error);
  const rule = (error.details as { rule?: unknown } | null | undefined)?.rule;
  const key = typeof rule === 'string' && Object.hasOwn(RULE_KEYS, rule) ? RULE_KEYS[rule] : undefined;
  if (key) return t(key, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH });
  return t('error.validation', { message: error.message });
}
