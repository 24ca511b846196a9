import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { formatSignerKey, formatVerifierKey, generateSigner, parseSignerKey, type NoteSigner } from '../../core/ledger/signed-note.ts';
import { DomainError } from '../errors.ts';
import { createFileOnce } from '../system/create-once.ts';

/**
 * The checkpoint signing key: Ed25519, made at first start, kept as a file in the data directory's keys folder
 * (mode 0600), never in the database, so a copy of the database alone cannot forge checkpoints. Its name is the
 * log's origin line, unique per instance.
 */
export function loadOrCreateSigningKey(file: string): { signer: NoteSigner; created: boolean } {
  if (!existsSync(file)) {
    const origin = `reckon.ledger/${randomBytes(8).toString('hex')}`;
    const signer = generateSigner(origin);
    // Several processes starting together on one data directory: one key is written, the others read it.
    if (createFileOnce(file, `${formatSignerKey(signer)}\n`)) return { signer, created: true };
  }
  try {
    return { signer: parseSignerKey(readFileSync(file, 'utf8').trim()), created: false };
  } catch (error) {
    // A copied or hand-made key file that is not a key stops start-up with its path and the setting to fix.
    throw new DomainError(
      'unavailable',
      'signing_key_invalid',
      `The ledger signing key file ${file} is not a signing key (${(error as Error).message}); copy the file of the process that first started, or set RECKON_SIGNING_KEY_FILE to it`,
    );
  }
}

export const verifierKeyOf = (signer: NoteSigner): string => formatVerifierKey(signer);
export const keyIdOf = (signer: NoteSigner): string => `${signer.name}+${signer.keyHash.toString(16).padStart(8, '0')}`;
