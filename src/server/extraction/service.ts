import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { extractionsForBlobs, type ExtractionView } from './repository.ts';

export type { ExtractionView };

/**
 * What other modules may ask of extraction: the state of each extractor's run over the given blobs. The caller has
 * already decided that its actor may see these files (the archive shows them to signed-in readers only).
 */
export function extractionStates(db: Kysely<Database>, sha256s: readonly string[]): Promise<ExtractionView[]> {
  return extractionsForBlobs(db, sha256s);
}
