import { createHash } from 'node:crypto';
import type { PublicationKind } from './tables.ts';

/**
 * What making a subject public would show to anyone, listed for the person who confirms it: which metadata fields,
 * which files (by name and hash), whether a GPS position, which names of people. `refusal` says why it may not be
 * made public at all. `digest` fingerprints the list, so a confirmation given for one list cannot publish another
 * (a file added or a consent withdrawn in between makes the confirmation stale).
 */
export interface Disclosure {
  kind: PublicationKind;
  id: string;
  title: string;
  fields: string[];
  files: Array<{ id: string; name: string; sha256: string; size: number; mime: string | null }>;
  /** Files of the subject that stay internal (their own confidentiality is not public). */
  withheldFiles: number;
  gps: { latitude: number; longitude: number } | null;
  names: string[];
  /** Codes of what else the confirmer should know, e.g. `confidentiality_lifted`, `small_cells_hidden`. */
  notes: string[];
  refusal: { code: string; message: string } | null;
  digest: string;
}

export type DisclosureDraft = Omit<Disclosure, 'digest'>;

export function withDigest(draft: DisclosureDraft): Disclosure {
  // The drafts are built field by field in a fixed order, so their JSON is canonical enough to compare.
  const digest = createHash('sha256').update(JSON.stringify(draft)).digest('hex');
  return { ...draft, digest };
}

export function emptyDraft(kind: PublicationKind, id: string, title: string): DisclosureDraft {
  return { kind, id, title, fields: [], files: [], withheldFiles: 0, gps: null, names: [], notes: [], refusal: null };
}
