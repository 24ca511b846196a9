import { createHash, randomBytes } from 'node:crypto';

/** Hex SHA-256 of a text (UTF-8): how tokens are stored, and how audit details name a statement's text. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A random invitation or participant token (256 bits); only its SHA-256 is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256Hex(token) };
}

export const tokenHash = sha256Hex;
