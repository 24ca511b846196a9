/**
 * An evidence link as the ledger binds it. Each link, change and removal is an audit event whose details carry
 * `linkSha256`: the SHA-256 of the RFC 8785 JSON of this record (the note included, so the note itself need not be
 * written into the ledger). A case file lists the records; a verifier recomputes each hash and finds the proved
 * entry that names it, so a link edited or added after the export has no entry and fails.
 */
import { createHash } from 'node:crypto';
import { canonicalize } from '../ledger/canonical-json.ts';
import type { Pinpoint } from './evidence-pinpoint.ts';
import type { Direction, Reliability } from './matrix-compute.ts';

export interface EvidenceLinkRecord {
  id: string;
  allegationId: string;
  elementId: string;
  itemId: string;
  pinpoint: Pinpoint;
  direction: Direction;
  reliability: Reliability;
  note: string;
  /** 1 when made, +1 with each change. */
  version: number;
}

/** The ledger actions of evidence links. */
export const LINK_CREATED = 'evidence_link.created';
export const LINK_CHANGED = 'evidence_link.changed';
export const LINK_REMOVED = 'evidence_link.removed';
/** Recorded in the transaction that seals a case file: the allegation and every link it holds, by hash. */
export const CASE_FILE_EXPORTED = 'case_file.exported';
export const LINK_SUBJECT = 'evidence_link';
export const ALLEGATION_SUBJECT = 'allegation';

/** Only the record's own fields, in a fixed shape (extra fields a caller carries are not hashed). */
export function linkRecord(r: EvidenceLinkRecord): EvidenceLinkRecord {
  return {
    id: r.id,
    allegationId: r.allegationId,
    elementId: r.elementId,
    itemId: r.itemId,
    pinpoint: r.pinpoint,
    direction: r.direction,
    reliability: r.reliability,
    note: r.note,
    version: r.version,
  };
}

export function linkSha256(r: EvidenceLinkRecord): string {
  return createHash('sha256').update(canonicalize(linkRecord(r)), 'utf8').digest('hex') as string;
}
