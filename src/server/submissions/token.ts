import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { DomainError, invalid } from '../errors.ts';

/** How long a rendered form may be sent back. */
export const FORM_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

export interface FormChallenge {
  /** The signed token the form carries in a hidden field. */
  token: string;
  /** The two numbers of the question "what is a plus b?". */
  a: number;
  b: number;
}

export interface VerifiedForm {
  nonce: string;
  issuedAt: number;
}

/**
 * The anonymous form's guard, without third-party services and without JavaScript: every rendered form carries a
 * token signed with a key derived from the instance's master key (so a cross-site page cannot make one, which is the
 * CSRF protection of a form that has no session), a nonce that the database accepts once, an issue time that
 * expires, and a small question whose answer the server checks against the numbers the signature vouches for.
 */
export class FormTokens {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): FormChallenge {
    const nonce = randomBytes(16).toString('base64url');
    const issuedAt = this.now();
    const a = randomInt(2, 10);
    const b = randomInt(2, 10);
    const body = `v1.${nonce}.${issuedAt}.${a}.${b}`;
    return { token: `${body}.${this.mac(body)}`, a, b };
  }

  /** Checks the token and the answer; throws a stable code for each way it can fail. */
  verify(token: string | undefined, answer: string | undefined): VerifiedForm {
    const parts = (token ?? '').split('.');
    if (parts.length !== 6 || parts[0] !== 'v1') throw invalid('form_token_invalid', 'The form is not one this site made; reload the form and send it again');
    const [, nonce, issued, a, b, mac] = parts;
    const expected = Buffer.from(this.mac(parts.slice(0, 5).join('.')));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalid('form_token_invalid', 'The form is not one this site made; reload the form and send it again');
    }
    const issuedAt = Number(issued);
    if (!Number.isSafeInteger(issuedAt) || this.now() - issuedAt > FORM_TOKEN_TTL_MS || issuedAt - this.now() > 60_000) {
      throw invalid('form_token_expired', 'The form has expired; reload it and send it again');
    }
    const trimmed = (answer ?? '').trim();
    if (!/^\d{1,3}$/.test(trimmed) || Number(trimmed) !== Number(a) + Number(b)) {
      throw new DomainError('invalid', 'challenge_failed', 'The answer to the question is not right', { field: 'answer' });
    }
    return { nonce, issuedAt };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body, 'utf8').digest('base64url');
  }
}
