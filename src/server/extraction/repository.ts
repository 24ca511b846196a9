import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ExtractionRow, ExtractionState } from './tables.ts';

type Db = Kysely<Database>;

export interface ExtractionView {
  blobSha256: string;
  extractor: string;
  state: ExtractionState;
  error: string | null;
  metadata: Record<string, unknown> | null;
  derivedSha256: string | null;
  /** Whether text was extracted (the text itself is fetched with extractedText). */
  hasText: boolean;
  updatedAt: string;
}

function view(row: ExtractionRow): ExtractionView {
  return {
    blobSha256: row.blob_sha256,
    extractor: row.extractor,
    state: row.state,
    error: row.error,
    metadata: row.metadata,
    derivedSha256: row.derived_sha256,
    hasText: row.text !== null && row.text.length > 0,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Every extraction of the given blobs, ordered by blob then extractor: what an item page shows per file. */
export async function extractionsForBlobs(db: Db, sha256s: readonly string[]): Promise<ExtractionView[]> {
  if (sha256s.length === 0) return [];
  const rows = await db
    .selectFrom('extractions')
    .selectAll()
    .where('blob_sha256', 'in', [...new Set(sha256s)])
    .orderBy('blob_sha256')
    .orderBy('extractor')
    .execute();
  return rows.map(view);
}

/**
 * All text extracted from one blob (document text, OCR), joined with blank lines in a fixed order, for search
 * indexing; null when nothing was extracted (yet).
 */
export async function extractedText(db: Db, sha256: string): Promise<string | null> {
  const rows = await db
    .selectFrom('extractions')
    .select(['extractor', 'text'])
    .where('blob_sha256', '=', sha256)
    .where('state', '=', 'done')
    .where('text', 'is not', null)
    .orderBy('extractor')
    .execute();
  const parts = rows.map((r) => r.text ?? '').filter((t) => t.trim().length > 0);
  return parts.length ? parts.join('\n\n') : null;
}

/** The summary state of a blob's extraction: failed if any failed, pending while any is pending or running. */
export async function extractionSummary(db: Db, sha256s: readonly string[]): Promise<Map<string, ExtractionState>> {
  const out = new Map<string, ExtractionState>();
  for (const row of await extractionsForBlobs(db, sha256s)) {
    const before = out.get(row.blobSha256);
    out.set(row.blobSha256, worse(before, row.state));
  }
  return out;
}

const rank: Record<ExtractionState, number> = { done: 0, unavailable: 1, pending: 2, running: 3, failed: 4 };
function worse(a: ExtractionState | undefined, b: ExtractionState): ExtractionState {
  return a === undefined || rank[b] > rank[a] ? b : a;
}

export async function upsertExtraction(
  db: Db,
  row: {
    blobSha256: string;
    extractor: string;
    state: ExtractionState;
    error?: string | null;
    text?: string | null;
    metadata?: Record<string, unknown> | null;
    derivedSha256?: string | null;
  },
): Promise<void> {
  const values = {
    blob_sha256: row.blobSha256,
    extractor: row.extractor,
    state: row.state,
    error: row.error ?? null,
    text: row.text ?? null,
    metadata: row.metadata ? JSON.stringify(row.metadata) : null,
    derived_sha256: row.derivedSha256 ?? null,
    updated_at: sql<Date>`now()` as unknown as Date,
  };
  await db
    .insertInto('extractions')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['blob_sha256', 'extractor']).doUpdateSet({
        state: values.state,
        error: values.error,
        text: values.text,
        metadata: values.metadata,
        derived_sha256: values.derived_sha256,
        updated_at: sql<Date>`now()` as unknown as Date,
      }),
    )
    .execute();
}
