import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '../errors.ts';
import type { MasterKey } from './keys.ts';

/**
 * Field encryption for protected identities (a witness's name, contact, location): AES-256-GCM with a key derived
 * from the master key. The associated data binds a value to its record and field, so a ciphertext copied into
 * another testimony's row (or another field) fails to decrypt instead of revealing someone else's identity there.
 */

const VERSION = 'f1';

export class FieldCipher {
  private readonly key: Buffer;

  constructor(master: MasterKey) {
    this.key = master.derive('field encryption v1');
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')}`;
  }

  decrypt(sealed: string, context: string): string {
    const [version, payload] = sealed.split('.', 2);
    const raw = Buffer.from(payload ?? '', 'base64');
    if (version !== VERSION || raw.length < 28) throw new DomainError('unavailable', 'field_decrypt_failed', 'A protected field is malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    try {
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new DomainError('unavailable', 'field_decrypt_failed', 'A protected field cannot be decrypted with this master key');
    }
  }
}
