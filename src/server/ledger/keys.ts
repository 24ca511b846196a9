import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  formatSignerKey,
  formatVerifierKey,
  generateSigner,
  parseSignerKey,
  type NoteSigner,
} from '../../core/ledger/signed-note.ts';

/**
 * The checkpoint signing key: Ed25519, made at first start, kept as a file in the data directory's keys folder
 * (mode 0600), never in the database, so a copy of the database alone cannot forge checkpoints. Its name is the
 * log's origin line, unique per instance.
 */
export function loadOrCreateSigningKey(file: string): { signer: NoteSigner; created: boolean } {
  if (existsSync(file)) {
    return { signer: parseSignerKey(readFileSync(file, 'utf8').trim()), created: false };
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const origin = `reckon.ledger/${randomBytes(8).toString('hex')}`;
  const signer = generateSigner(origin);
  writeFileSync(file, `${formatSignerKey(signer)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { signer, created: true };
}

export const verifierKeyOf = (signer: NoteSigner): string => formatVerifierKey(signer);
export const keyIdOf = (signer: NoteSigner): string => `${signer.name}+${signer.keyHash.toString(16).padStart(8, '0')}`;
