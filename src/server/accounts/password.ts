import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are hashed with scrypt, a memory-hard KDF built into Node (no native add-on to compile). Parameters
 * follow OWASP's guidance for scrypt (N=2^17, r=8, p=1 uses 128 MiB; we use N=2^15 (32 MiB) by default so a 2-core
 * server can answer several logins at once) and are stored with each hash so they can be raised later without
 * invalidating old hashes.
 */
const PRODUCTION = { N: 2 ** 15, r: 8, p: 1 };
/**
 * Test runs only: RECKON_TEST_SCRYPT_LOG2N lowers N to 2^10..2^14 (test/global-setup.ts sets 10), because an API test
 * file hashes and verifies a few passwords at about 0.1-0.2 CPU-seconds each, and CI runs some 240 such files. The
 * hash records its parameters, so verification and the format are unchanged; it can only lower the cost, never raise
 * it above production's. Never set in production.
 */
export const TEST_SCRYPT_VARIABLE = 'RECKON_TEST_SCRYPT_LOG2N';
// Honoured only inside a Vitest run (Vitest sets VITEST in its workers, and the servers and CLI runs they start inherit
// it), so a production environment that carries the variable by mistake cannot lower the cost.
const testLog2N = process.env.VITEST ? Number(process.env[TEST_SCRYPT_VARIABLE]) : Number.NaN;
const DEFAULT = Number.isInteger(testLog2N) && testLog2N >= 10 && testLog2N < 15 ? { ...PRODUCTION, N: 2 ** testLog2N } : PRODUCTION;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, params = DEFAULT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Spends the same time as a real verification so that "no such user" cannot be told apart by timing. */
let decoy: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password never matches');
  await verifyPassword(password, await decoy);
  return false;
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;

/** Which rule a new password breaks: a stable code the web app translates, with the server's sentence beside it. */
export type PasswordRule = 'password_too_short' | 'password_too_long' | 'password_contains_username' | 'password_too_repetitive';

export interface PasswordProblem {
  rule: PasswordRule;
  /** Completes "The password …" in English, for the error's message. */
  text: string;
}

/** Returns why a new password is unacceptable, or null. Length over composition rules, as NIST SP 800-63B advises. */
export function passwordProblem(password: string, username?: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return { rule: 'password_too_short', text: `must be at least ${PASSWORD_MIN_LENGTH} characters` };
  if (password.length > PASSWORD_MAX_LENGTH) return { rule: 'password_too_long', text: `must be at most ${PASSWORD_MAX_LENGTH} characters` };
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    return { rule: 'password_contains_username', text: 'must not contain the username' };
  }
  if (new Set(password).size < 4) return { rule: 'password_too_repetitive', text: 'is too repetitive' };
  return null;
}
