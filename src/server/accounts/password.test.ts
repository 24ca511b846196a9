import { describe, expect, it, vi } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('verifies the right password and rejects others', async () => {
    const hash = await hashPassword('correct horse battery staple', { N: 1024, r: 8, p: 1 });
    expect(hash.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    const params = { N: 1024, r: 8, p: 1 };
    expect(await hashPassword('same password here', params)).not.toBe(await hashPassword('same password here', params));
  });

  it('treats malformed stored hashes as a mismatch, not an error', async () => {
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false);
  });

  it('normalises Unicode so the same typed password matches', async () => {
    const hash = await hashPassword('Ə\u0301rmənistan-parol', { N: 1024, r: 8, p: 1 });
    expect(await verifyPassword('Ə\u0301rmənistan-parol'.normalize('NFC'), hash)).toBe(true);
  });

  it("lowers scrypt's cost only inside a test run, and only down from production's 2^15", async () => {
    const N = async () => Number((await (await import('./password.ts')).hashPassword('a passphrase')).split('$')[1]);
    const saved = { vitest: process.env.VITEST, log2n: process.env.RECKON_TEST_SCRYPT_LOG2N };
    try {
      for (const [vitest, log2n, expected] of [
        ['true', '10', 2 ** 10],
        ['true', '20', 2 ** 15],
        [undefined, '10', 2 ** 15],
      ] as const) {
        if (vitest === undefined) delete process.env.VITEST;
        else process.env.VITEST = vitest;
        process.env.RECKON_TEST_SCRYPT_LOG2N = log2n;
        vi.resetModules();
        expect(await N(), `VITEST=${vitest} log2N=${log2n}`).toBe(expected);
      }
    } finally {
      process.env.VITEST = saved.vitest;
      if (saved.log2n === undefined) delete process.env.RECKON_TEST_SCRYPT_LOG2N;
      else process.env.RECKON_TEST_SCRYPT_LOG2N = saved.log2n;
      vi.resetModules();
    }
  });

  it('explains weak passwords', () => {
    expect(passwordProblem('short')).toEqual({ rule: 'password_too_short', text: expect.stringMatching(/at least/) });
    expect(passwordProblem('x'.repeat(1025) + 'abcd')?.rule).toBe('password_too_long');
    expect(passwordProblem('aaaaaaaaaaaaaa')).toEqual({ rule: 'password_too_repetitive', text: expect.stringMatching(/repetitive/) });
    expect(passwordProblem('alice-secret-1', 'alice')).toEqual({ rule: 'password_contains_username', text: expect.stringMatching(/username/) });
    // the case from issue 18: a long passphrase refused only because it holds the username
    expect(passwordProblem('the quiet river remembers what Nigar Aliyeva saw', 'nigar')?.rule).toBe('password_contains_username');
    expect(passwordProblem('a good long passphrase')).toBeNull();
  });
});
