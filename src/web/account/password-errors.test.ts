import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { az } from '../i18n/az.ts';
import { en, type MessageKey } from '../i18n/en.ts';
import { hy } from '../i18n/hy.ts';
import { ru } from '../i18n/ru.ts';
import { translate } from '../i18n/translate.ts';
import { describePasswordError } from './password-errors.ts';

const refused = (rule: unknown, message = 'The new password must not contain the username') =>
  new ApiError(400, 'weak_password', message, { field: 'newPassword', rule });

describe('describePasswordError', () => {
  for (const [name, messages] of Object.entries({ en, az, hy, ru })) {
    const t = (key: MessageKey, params?: Record<string, string | number>) => translate(messages, en, key, params);

    it(`names the broken rule in ${name}, not a vaguer "too weak"`, () => {
      const text = describePasswordError(t, refused('password_contains_username'));
      expect(text).toBe(messages['password.rule.password_contains_username']);
      expect(describePasswordError(t, refused('password_too_short'))).toContain('10');
      expect(describePasswordError(t, refused('password_too_long'))).toContain('1024');
      expect(describePasswordError(t, refused('password_too_repetitive'))).toBe(messages['password.rule.password_too_repetitive']);
    });

    it(`falls back to the server's own sentence in ${name} for a rule it does not know`, () => {
      for (const rule of ['password_in_breach_list', undefined, 42, '__proto__', 'toString']) {
        const text = describePasswordError(t, refused(rule, 'The password appears in a list of breached passwords'));
        expect(text, String(rule)).toContain('The password appears in a list of breached passwords');
      }
      const noDetails = new ApiError(400, 'weak_password', 'The password is odd');
      expect(describePasswordError(t, noDetails)).toContain('The password is odd');
    });
  }
});
