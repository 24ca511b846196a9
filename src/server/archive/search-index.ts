import { sql, type Kysely } from 'kysely';
import { romanise } from '../../core/names/index.ts';
import type { Database } from '../db/schema.ts';
import type { ItemExtractionState } from './tables.ts';

type Db = Kysely<Database>;

/**
 * PostgreSQL text-search configuration for each language Reckon indexes with a stemmer. Azerbaijani has no
 * Snowball stemmer in PostgreSQL; the `turkish` one is present but strips Turkish suffixes by Turkish vowel harmony
 * and knows neither ə nor the Azerbaijani suffix forms (-lər, -də), so it would conflate unrelated words. Azerbaijani
 * (and every language without a configuration) is indexed with `simple` (lower-cased words) and reached across
 * inflections and scripts by the trigram key instead.
 */
export const textSearchConfigs: Record<string, string> = {
  en: 'english',
  eng: 'english',
  ru: 'russian',
  rus: 'russian',
  hy: 'armenian',
  hye: 'armenian',
  arm: 'armenian',
  fr: 'french',
  de: 'german',
  es: 'spanish',
  tr: 'turkish',
  ar: 'arabic',
};

/** Configurations every query is run through: the four archive languages, plus `simple` for everything else. */
export const queryConfigs = ['simple', 'english', 'russian', 'armenian'] as const;

/** Longest text taken from one source into the index (a tsvector is limited to 1 MB). */
const MAX_INDEXED_CHARS = 200_000;

function configsForText(text: string, languages: readonly string[]): string[] {
  const configs = new Set<string>(['simple']);
  for (const language of languages) {
    const config = textSearchConfigs[language];
    if (config) configs.add(config);
  }
  // Unlabelled text still gets a stemmer by its script: Cyrillic is most often Russian, Armenian script Armenian.
  if (languages.length === 0) {
    if (/[\u0400-\u04ff]/.test(text)) configs.add('russian');
    if (/[\u0531-\u058f]/.test(text)) configs.add('armenian');
    if (/[a-z]{3}/i.test(text)) configs.add('english');
  }
  return [...configs];
}

const clip = (text: string) => (text.length > MAX_INDEXED_CHARS ? text.slice(0, MAX_INDEXED_CHARS) : text);

let extractionsTable: boolean | undefined;

async function hasExtractions(db: Db): Promise<boolean> {
  if (extractionsTable === undefined) {
    const row = await sql<{ present: boolean }>`select to_regclass('extractions') is not null as present`.execute(db);
    extractionsTable = row.rows[0]?.present ?? false;
  }
  return extractionsTable;
}

/** The romanised, lower-case key for trigram matching of names and places across scripts. */
export function searchKey(...parts: Array<string | null | undefined>): string {
  const text = parts.filter(Boolean).join(' ');
  const original = text.toLowerCase().normalize('NFKC');
  const latin = romanise(text);
  return (latin === original ? latin : `${original} ${latin}`).slice(0, 4000);
}

/**
 * Rebuilds an item's search columns from its metadata, the text extracted from its files and its transcripts.
 * Called in the same transaction as every change to those, and by the extraction jobs when text arrives.
 */
export async function refreshItemSearch(db: Db, itemId: string): Promise<void> {
  const item = await db.selectFrom('items').select(['title', 'description', 'place_name', 'provided_by', 'languages', 'confidentiality']).where('id', '=', itemId).executeTakeFirst();
  if (!item) return;
  const files = await db.selectFrom('item_files').select(['blob_sha256', 'confidentiality', 'role']).where('item_id', '=', itemId).execute();
  const extracted: Array<{ text: string; public: boolean }> = [];
  let extractionState: ItemExtractionState = 'none';
  if (files.length > 0 && (await hasExtractions(db))) {
    const rows = await db
      .selectFrom('extractions')
      .select(['blob_sha256', 'state', 'text'])
      .where('blob_sha256', 'in', files.map((f) => f.blob_sha256))
      .execute();
    const states = new Set(rows.map((r) => r.state));
    extractionState = states.has('pending') || states.has('running') ? 'pending' : states.has('failed') ? 'failed' : rows.length ? 'done' : 'none';
    for (const row of rows) {
      if (row.state !== 'done' || !row.text) continue;
      const isPublic = files.some((f) => f.blob_sha256 === row.blob_sha256 && f.confidentiality === 'public');
      extracted.push({ text: clip(row.text), public: isPublic });
    }
  }
  const texts = await db.selectFrom('testimony_texts').select(['language', 'text']).where('item_id', '=', itemId).execute();
  const testimony = await db.selectFrom('testimonies').select(['pseudonym']).where('item_id', '=', itemId).executeTakeFirst();

  const head = `${item.title}`;
  const body = [item.description, item.place_name, item.provided_by, testimony?.pseudonym].filter(Boolean).join('\n');
  const allExtracted = extracted.map((e) => e.text).join('\n');
  const publicExtracted = extracted.filter((e) => e.public).map((e) => e.text).join('\n');
  const configs = configsForText(`${head}\n${body}\n${allExtracted}`, item.languages);

  const vector = (extractedText: string, withTranscripts: boolean) => {
    const parts = [];
    for (const config of configs) {
      parts.push(sql`setweight(to_tsvector(${config}::regconfig, ${head}), 'A')`);
      parts.push(sql`setweight(to_tsvector(${config}::regconfig, ${body}), 'B')`);
      if (extractedText) parts.push(sql`setweight(to_tsvector(${config}::regconfig, ${extractedText}), 'C')`);
    }
    if (withTranscripts) {
      for (const t of texts) {
        for (const config of new Set(['simple', textSearchConfigs[t.language] ?? 'simple'])) {
          parts.push(sql`setweight(to_tsvector(${config}::regconfig, ${clip(t.text)}), 'C')`);
        }
      }
    }
    return sql.join(parts, sql` || `);
  };

  await sql`update items set
      search_vector = ${vector(allExtracted, true)},
      public_search_vector = ${vector(publicExtracted, false)},
      search_key = ${searchKey(item.title, item.place_name, testimony?.pseudonym)},
      extraction_state = ${extractionState}
    where id = ${itemId}`.execute(db);
}

/** Items whose search columns depend on a blob (for the extraction jobs: call after storing extracted text). */
export async function refreshSearchForBlob(db: Db, sha256: string): Promise<number> {
  const rows = await db.selectFrom('item_files').select('item_id').distinct().where('blob_sha256', '=', sha256).execute();
  for (const row of rows) await refreshItemSearch(db, row.item_id);
  return rows.length;
}
