import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';
import { searchTierFor, textTiers, tierReads, tierReadsTranscripts } from './search-index.ts';
import * as store from './search-repository.ts';
import { searchedWords, snippetOf, stemCandidates, type SnippetPart } from './snippet.ts';
import { queryConfigs } from './search-index.ts';
import type { ItemRow } from './tables.ts';
import { audienceOf, canSeeFile } from './visibility.ts';

/** Extractors whose derived file is a small picture of the original (a list may show it). */
const PICTURES = new Set(['thumbnail', 'poster']);

export interface ListPreview {
  /** A file of the item the reader may open whose derived picture the thumbnail route serves; null when none. */
  thumbnailFileId: string | null;
  snippet: SnippetPart[] | null;
}

/**
 * What the result list shows beside each item, in four statements for the page whatever its length. The thumbnail
 * is offered only for a file the reader may open (the route checks again); the snippet is cut from the text of the
 * search tier the reader searched (the description, the extracted text of the files that tier holds, the transcripts
 * when it holds them), by the same rule that built the reader's search document, so it can never show a word the
 * reader could not have matched.
 */
export async function listPreviews(db: Kysely<Database>, actor: Actor, items: readonly ItemRow[], q: string): Promise<Map<string, ListPreview>> {
  const ids = items.map((i) => i.id);
  const files = await store.filesOfPage(db, ids);
  const extractions = await store.previewsOf(db, [...new Set(files.map((f) => f.blob_sha256))], q.length > 0);
  const transcripts = q ? await store.transcriptsOfPage(db, ids) : [];
  const audience = audienceOf(actor);
  const out = new Map<string, ListPreview>();
  // First the texts each item's reader may read, by the rule that built their search document; then one question to
  // the stemmer about the words in them; then the snippets.
  const readable = new Map<string, string[]>();
  const candidates = new Set<string>();
  for (const item of items) {
    const tier = searchTierFor(audience, item);
    if (!q || !tier) continue;
    const own = files.filter((f) => f.item_id === item.id);
    const tiers = textTiers(own);
    const texts = [
      item.description,
      ...extractions.filter((e) => e.text && tiers.has(e.blob_sha256) && tierReads(tier, tiers.get(e.blob_sha256)!)).map((e) => e.text!),
      ...(tierReadsTranscripts(tier) ? transcripts.filter((t) => t.item_id === item.id).map((t) => t.text) : []),
    ];
    readable.set(item.id, texts);
    stemCandidates(q, texts, candidates);
  }
  const stemmed = candidates.size ? await store.stemMatches(db, searchedWords(q), [...candidates], queryConfigs) : new Set<string>();
  for (const item of items) {
    const own = files.filter((f) => f.item_id === item.id);
    const tier = searchTierFor(audience, item);
    const picture = own.find(
      (f) => canSeeFile(actor, f.confidentiality) && extractions.some((e) => e.blob_sha256 === f.blob_sha256 && PICTURES.has(e.extractor) && e.derived_sha256),
    );
    const texts = readable.get(item.id);
    const snippet = texts ? snippetOf(q, texts, stemmed) : null;
    out.set(item.id, { thumbnailFileId: tier && picture ? picture.id : null, snippet });
  }
  return out;
}
