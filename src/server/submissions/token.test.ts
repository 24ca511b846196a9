import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FORM_TOKEN_TTL_MS, FormTokens } from './token.ts';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('the signed form token and its question', () => {
  const key = randomBytes(32);

  it('accepts the right answer to its own question once it is signed by this key', () => {
    const tokens = new FormTokens(key);
    const form = tokens.issue();
    const verified = tokens.verify(form.token, String(form.a + form.b));
    expect(verified.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(form.token.split('.')[1]).toBe(verified.nonce);
  });

  it('refuses a wrong answer, a non-number and an answer with more than digits', () => {
    const tokens = new FormTokens(key);
    const form = tokens.issue();
    expect(codeOf(() => tokens.verify(form.token, String(form.a + form.b + 1)))).toBe('challenge_failed');
    expect(codeOf(() => tokens.verify(form.token, 'seven'))).toBe('challenge_failed');
    expect(codeOf(() => tokens.verify(form.token, `${form.a + form.b}\u0000`))).toBe('challenge_failed');
    expect(codeOf(() => tokens.verify(form.token, undefined))).toBe('challenge_failed');
  });

  it('refuses a token of another key, a changed question, a forged or missing token', () => {
    const form = new FormTokens(randomBytes(32)).issue();
    const tokens = new FormTokens(key);
    expect(codeOf(() => tokens.verify(form.token, String(form.a + form.b)))).toBe('form_token_invalid');
    const own = tokens.issue();
    const parts = own.token.split('.');
    parts[3] = '1';
    parts[4] = '1';
    expect(codeOf(() => tokens.verify(parts.join('.'), '2'))).toBe('form_token_invalid');
    expect(codeOf(() => tokens.verify(undefined, '2'))).toBe('form_token_invalid');
    expect(codeOf(() => tokens.verify('<script>alert(1)</script>', '2'))).toBe('form_token_invalid');
    expect(codeOf(() => tokens.verify('v1.a.b.c.d.' + 'x'.repeat(5000), '2'))).toBe('form_token_invalid');
  });

  it('refuses a token older than its lifetime, and one from the future', () => {
    let now = 1_000_000_000_000;
    const tokens = new FormTokens(key, () => now);
    const form = tokens.issue();
    now += FORM_TOKEN_TTL_MS + 1;
    expect(codeOf(() => tokens.verify(form.token, String(form.a + form.b)))).toBe('form_token_expired');
    now = 1_000_000_000_000 - 10 * 60_000;
    expect(codeOf(() => tokens.verify(form.token, String(form.a + form.b)))).toBe('form_token_expired');
  });
});
