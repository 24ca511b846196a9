import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { DomainError } from '../errors.ts';
import { createFileOnce } from '../system/create-once.ts';

/**
 * Key management. One 256-bit master key lives in a file apart from the database (a stolen database dump alone
 * decrypts nothing). It never encrypts data directly: every confidential blob gets its own random data key, which
 * is stored in the database wrapped (AES-256-GCM) under the master key; protected testimony fields use a key
 * derived from the master key with HKDF-SHA256 (RFC 5869) under a purpose label, so the two uses never share a key.
 */

export const MASTER_KEY_BYTES = 32;
const WRAP_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class MasterKey {
  private constructor(private readonly key: Buffer) {}

  static fromBytes(bytes: Buffer): MasterKey {
    if (bytes.length !== MASTER_KEY_BYTES) throw new Error(`a master key has ${MASTER_KEY_BYTES} bytes, not ${bytes.length}`);
    return new MasterKey(Buffer.from(bytes));
  }

  /**
   * Reads the master key file, creating it (mode 0600, in a 0700 folder) on first start. A file of the wrong size
   * or readable by others stops start-up rather than silently weakening protection.
   */
  static loadOrCreate(path: string): MasterKey {
    if (!existsSync(path)) {
      const key = randomBytes(MASTER_KEY_BYTES);
      // Another process starting at the same moment may win; then its key is the one read below.
      if (createFileOnce(path, key.toString('base64') + '\n')) return new MasterKey(key);
    }
    const mode = statSync(path).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new DomainError('unavailable', 'master_key_exposed', `The master key file ${path} is readable by other users (mode ${mode.toString(8)}); run chmod 600 on it`);
    }
    const text = readFileSync(path, 'utf8').trim();
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length !== MASTER_KEY_BYTES || bytes.toString('base64') !== text) {
      throw new DomainError('unavailable', 'master_key_invalid', `The master key file ${path} does not hold a base64 ${MASTER_KEY_BYTES}-byte key`);
    }
    return new MasterKey(bytes);
  }

  /** Wraps a data key: version byte, IV, ciphertext, tag; base64 so it fits a text column. */
  wrap(dataKey: Buffer): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from('reckon blob key'));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([Buffer.from([WRAP_VERSION]), iv, body, cipher.getAuthTag()]).toString('base64');
  }

  unwrap(wrapped: string): Buffer {
    const raw = Buffer.from(wrapped, 'base64');
    if (raw.length !== 1 + IV_BYTES + MASTER_KEY_BYTES + TAG_BYTES || raw[0] !== WRAP_VERSION) {
      throw new DomainError('unavailable', 'key_unwrap_failed', 'A stored blob key is malformed');
    }
    const iv = raw.subarray(1, 1 + IV_BYTES);
    const body = raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from('reckon blob key'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      // Almost always a different master key than the one the blob was stored with.
      throw new DomainError('unavailable', 'key_unwrap_failed', 'A stored blob key cannot be unwrapped with this master key');
    }
  }

  /** A key for one purpose, derived with HKDF-SHA256 (RFC 5869); the label keeps purposes apart. */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `reckon ${purpose}`, MASTER_KEY_BYTES));
  }
}

export const newDataKey = (): Buffer => randomBytes(MASTER_KEY_BYTES);
