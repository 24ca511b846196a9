import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { recordKeyIfFirst, replaceKeyFingerprint, type KeyKind } from './repository.ts';

/** This process's keys, named without revealing them, and where each was read from. */
export interface ProcessKeys {
  master: { fingerprint: string; file: string };
  signing: { keyId: string; file: string };
}

const SETTING: Record<KeyKind, { what: string; variable: string }> = {
  master: { what: 'master key (it decrypts confidential files and witness identities)', variable: 'RECKON_MASTER_KEY_FILE' },
  'ledger-signing': { what: 'ledger signing key (it signs the checkpoints every proof is verified against)', variable: 'RECKON_SIGNING_KEY_FILE' },
};

/**
 * Checks that this process uses the keys every other process on this database uses. The first process to start
 * records its keys' fingerprints; a process whose keys differ stops at start with a message saying which file to
 * copy where, rather than answering 503 for every encrypted file or signing checkpoints nobody else's proofs match.
 */
export async function checkInstanceKeys(db: Kysely<Database>, keys: ProcessKeys): Promise<void> {
  const mine: Array<[KeyKind, string, string]> = [
    ['master', keys.master.fingerprint, keys.master.file],
    ['ledger-signing', keys.signing.keyId, keys.signing.file],
  ];
  for (const [kind, fingerprint, file] of mine) {
    const recorded = await recordKeyIfFirst(db, kind, fingerprint);
    if (recorded === fingerprint) continue;
    const { what, variable } = SETTING[kind];
    throw new DomainError(
      'unavailable',
      'keys_differ',
      `This process's ${what} is not the one this database is used with: ${file} has fingerprint ${fingerprint}, the database expects ${recorded}. ` +
        `Every Reckon process on one database must use the same key: copy the key file of the process that first started to ${file}, ` +
        `or set ${variable} to a copy of it. If the key was replaced on purpose, run \`reckon keys adopt\` once.`,
      { kind, expected: recorded, found: fingerprint },
    );
  }
}

/** Records a new master key's fingerprint after the archive has re-wrapped every file key with it (key rotation). */
export async function recordMasterKeyFingerprint(db: Kysely<Database>, fingerprint: string): Promise<void> {
  await replaceKeyFingerprint(db, 'master', fingerprint);
}

/** Records this process's keys as the ones of this database (an operator's deliberate act after replacing one). */
export async function adoptInstanceKeys(db: Kysely<Database>, keys: ProcessKeys): Promise<void> {
  await replaceKeyFingerprint(db, 'master', keys.master.fingerprint);
  await replaceKeyFingerprint(db, 'ledger-signing', keys.signing.keyId);
}
