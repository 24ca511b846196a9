import type { LedgerEntry } from '../../core/ledger/entry.ts';

/** The audit row fields that go into its ledger entry. */
export interface AuditFields {
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: Record<string, unknown>;
}

const HEX = /^[0-9a-f]+$/;

/**
 * The ledger entry of an audit event, without its sequence number. Content hashes may be given in
 * `details.hashes` ({ sha256, sha512 }); they become the entry's `hashes` so a verifier can match files to entries.
 * The mapping is deterministic: `reckon verify` recomputes it from the audit row and compares it with the entry.
 */
export function auditEntry(row: AuditFields): Omit<LedgerEntry, 'seq'> {
  const { hashes, ...details } = row.details as { hashes?: unknown } & Record<string, unknown>;
  const entryHashes: Record<string, string> = {};
  if (hashes && typeof hashes === 'object' && !Array.isArray(hashes)) {
    for (const [algorithm, digest] of Object.entries(hashes)) {
      if (typeof digest === 'string' && HEX.test(digest)) entryHashes[algorithm] = digest;
    }
  }
  return {
    time: row.at.toISOString(),
    actor: row.actor_id ?? row.actor_label,
    action: row.action,
    subject: { type: row.subject_type, id: row.subject_id ?? '-' },
    details: details as LedgerEntry['details'],
    hashes: entryHashes,
  };
}
