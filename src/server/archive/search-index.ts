import type { Kysely } from 'kysely';
import { romanise } from '../../core/names/index.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import type { Confidentiality, ItemExtractionState } from './tables.ts';
import { canSeeItem, publiclyVisible, type Audience, type VisibilityFacts } from './visibility.ts';
import { spellingLexemes, spellingsOf, type Spelling } from './search-spellings.ts';
import * as store from './search-repository.ts';

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

/** Most `r=` spelling lexemes one text section (title, body, files and transcripts) adds to a search document. */
const MAX_SPELLING_LEXEMES = 20_000;

/** Most comparable forms one refresh adds to the spelling dictionary. */
const MAX_DICTIONARY_WORDS = 100_000;

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

/** The romanised, lower-case key for trigram matching of names and places across scripts. */
export function searchKey(...parts: Array<string | null | undefined>): string {
  const text = parts.filter(Boolean).join(' ');
  const original = text.toLowerCase().normalize('NFKC');
  const latin = romanise(text);
  return (latin === original ? latin : `${original} ${latin}`).slice(0, 4000);
}

export type Tier = 'public' | 'internal' | 'full';
const tierOrder: Tier[] = ['public', 'internal', 'full'];
const audiences: Audience[] = ['public', 'member', 'documenter', 'admin'];
const rank: Record<Confidentiality, number> = { public: 0, restricted: 1, confidential: 2 };
const tierOf: Record<Confidentiality, Tier> = { public: 'public', restricted: 'internal', confidential: 'full' };

/** The tier of each file's text: the same content attached twice is as readable as its least restricted attachment. */
export function textTiers(files: ReadonlyArray<{ blob_sha256: string; confidentiality: Confidentiality }>): Map<string, Tier> {
  const least = new Map<string, Confidentiality>();
  for (const f of files) {
    const known = least.get(f.blob_sha256);
    if (!known || rank[f.confidentiality] < rank[known]) least.set(f.blob_sha256, f.confidentiality);
  }
  return new Map([...least].map(([sha, confidentiality]) => [sha, tierOf[confidentiality]]));
}

/** Whether a reader searching `reader` may read text of tier `text`. */
export const tierReads = (reader: Tier, text: Tier): boolean => tierOrder.indexOf(text) <= tierOrder.indexOf(reader);

/** Whether a reader of this tier reads the transcripts (never the public tier: publish a redacted derivative). */
export const tierReadsTranscripts = (reader: Tier): boolean => reader !== 'public';

/**
 * Which text tier an audience searches for an item, or null when it may not see the item. Testimony transcripts sit
 * in the `internal` tier and are searched only under a consent that covers internal use (documenters: also court
 * use); an audience that sees a testimony only through its publication consent searches its public text alone.
 */
export function searchTierFor(audience: Audience, item: VisibilityFacts): Tier | null {
  const scopes = item.consent_scopes;
  switch (audience) {
    case 'admin':
      return 'full';
    case 'public':
      return publiclyVisible(item) ? 'public' : null;
    case 'member':
      if (!canSeeItem(memberActor, item)) return null;
      return scopes === null || scopes.includes('internal_use') ? 'internal' : 'public';
    case 'documenter':
      if (!canSeeItem(documenterActor, item)) return null;
      return scopes === null || scopes.includes('internal_use') || scopes.includes('court_use') ? 'full' : 'public';
  }
}

const nobody = '00000000-0000-4000-8000-000000000000';
const memberActor: Actor = { kind: 'user', userId: nobody, username: 'search', role: 'viewer', via: 'token' };
const documenterActor: Actor = { kind: 'user', userId: nobody, username: 'search', role: 'editor', via: 'token' };

/**
 * Rebuilds an item's search documents from its metadata, the text extracted from its files and its transcripts: one
 * row per distinct text an audience may search (the text of a file only reaches the tiers allowed to open that
 * file), each row flagged with the audiences that search it. Called in the same transaction as every change to
 * those (metadata, tags, files, transcripts, publication, consent) and by the extraction jobs when text arrives.
 */
export async function refreshItemSearch(db: Db, itemId: string): Promise<void> {
  const item = await store.itemForIndex(db, itemId);
  if (!item) return;
  const files = await store.filesForIndex(db, itemId);
  const fileTier = textTiers(files);
  const extracted: Array<{ text: string; tier: Tier }> = [];
  let extractionState: ItemExtractionState = 'none';
  const rows = files.length > 0 ? await store.extractionsOf(db, [...fileTier.keys()]) : null;
  if (rows) {
    const states = new Set(rows.map((r) => r.state));
    extractionState = states.has('pending') || states.has('running') ? 'pending' : states.has('failed') ? 'failed' : rows.length ? 'done' : 'none';
    for (const row of rows) {
      if (row.state !== 'done' || !row.text) continue;
      extracted.push({ text: clip(row.text), tier: fileTier.get(row.blob_sha256) ?? 'full' });
    }
  }
  const texts = await store.transcriptsForIndex(db, itemId);
  const testimony = await store.pseudonymForIndex(db, itemId);
  const tags = await store.tagIdsForIndex(db, itemId);

  const head = `${item.title}`;
  const body = [item.description, item.place_name, item.provided_by, testimony?.pseudonym].filter(Boolean).join('\n');
  const configs = configsForText(`${head}\n${body}\n${extracted.map((e) => e.text).join('\n')}`, item.languages);
  const within = (tier: Tier) =>
    extracted
      .filter((e) => tierReads(tier, e.tier))
      .map((e) => e.text)
      .join('\n');
  const withTranscripts = (tier: Tier) => tierReadsTranscripts(tier) && texts.length > 0;
  // Tiers whose text is the same as the tier below share one row (named by the lowest), so most items have one.
  const signature = (tier: Tier) => `${within(tier)}\u0000${withTranscripts(tier)}`;
  const canonical = (tier: Tier): Tier => {
    let chosen = tier;
    for (const lower of tierOrder.slice(0, tierOrder.indexOf(tier)).reverse()) {
      if (signature(lower) === signature(chosen)) chosen = lower;
    }
    return chosen;
  };
  const rowsByTier = new Map<Tier, Set<Audience>>();
  for (const audience of audiences) {
    const tier = searchTierFor(audience, item);
    if (!tier) continue;
    const row = canonical(tier);
    if (!rowsByTier.has(row)) rowsByTier.set(row, new Set());
    rowsByTier.get(row)!.add(audience);
  }

  const key = searchKey(item.title, item.place_name, testimony?.pseudonym);
  // Every word in the comparable form of the names machinery, from the text each tier holds and no other.
  const headSpellings = spellingsOf(head);
  const bodySpellings = spellingsOf(body);
  const extractedSpellings = extracted.map((e) => ({ tier: e.tier, spellings: spellingsOf(e.text) }));
  const transcriptSpellings = texts.map((t) => spellingsOf(clip(t.text)));
  const spellingsFor = (tier: Tier): Spelling[] => {
    const sources = [
      ...extractedSpellings.filter((e) => tierReads(tier, e.tier)).map((e) => e.spellings),
      ...(withTranscripts(tier) ? transcriptSpellings : []),
    ];
    return sources.flatMap((m) => [...m.values()]);
  };
  // Bounded per row: a tsvector holds at most 1 MB, and the text's own lexemes are already in it.
  const lexemes = (spellings: Iterable<Spelling>) => spellingLexemes(spellings).slice(0, MAX_SPELLING_LEXEMES);
  const vector = (tier: Tier): store.VectorPart[] => {
    const parts: store.VectorPart[] = [];
    const extractedText = within(tier);
    // The key words (names and places as written and romanised) for the transliteration path of the query.
    parts.push({ kind: 'key', text: key, weight: 'A' });
    parts.push({ kind: 'lexemes', lexemes: lexemes(headSpellings.values()), weight: 'A' });
    parts.push({ kind: 'lexemes', lexemes: lexemes(bodySpellings.values()), weight: 'B' });
    parts.push({ kind: 'lexemes', lexemes: lexemes(spellingsFor(tier)), weight: 'C' });
    for (const config of configs) {
      parts.push({ kind: 'text', config, text: head, weight: 'A' });
      parts.push({ kind: 'text', config, text: body, weight: 'B' });
      if (extractedText) parts.push({ kind: 'text', config, text: extractedText, weight: 'C' });
    }
    if (withTranscripts(tier)) {
      for (const t of texts) {
        for (const config of new Set(['simple', textSearchConfigs[t.language] ?? 'simple'])) {
          parts.push({ kind: 'text', config, text: clip(t.text), weight: 'C' });
        }
      }
    }
    return parts;
  };

  // The comparable forms with their sounds for the dictionary (only ever used to widen a query, never shown; a
  // form from text an audience may not read widens its query to a lexeme that none of its documents carry).
  const dictionary = new Map<string, string>();
  for (const m of [headSpellings, bodySpellings, ...extractedSpellings.map((e) => e.spellings), ...transcriptSpellings]) {
    for (const s of m.values()) if (dictionary.size < MAX_DICTIONARY_WORDS) dictionary.set(s.form, s.sound);
  }
  const later = dictionaryAfterCommit.get(db);
  if (later) {
    for (const [term, sound] of dictionary) later.forms.set(term, sound);
    later.keys.push(key);
  } else await addToDictionary(db, { forms: dictionary, keys: [key] });
  const documents = [...rowsByTier].map(([tier, who]) => ({ tier, audiences: who, vector: vector(tier) }));
  await store.replaceSearchDocuments(
    db,
    item,
    extractionState,
    tags.map((t) => t.term_id),
    key,
    documents,
  );
  if (item.extraction_state !== extractionState) await store.setExtractionState(db, itemId, extractionState);
}
interface DictionaryWords {
  /** Comparable forms and their sounds (the spelling dictionary). */
  forms: Map<string, string>;
  /** Search keys whose `simple` words go to the transliteration dictionary. */
  keys: string[];
}

/** The dictionary words of transactions opened through `withDictionaryAfterCommit`, added once they commit. */
const dictionaryAfterCommit = new WeakMap<Db, DictionaryWords>();

async function addToDictionary(db: Db, words: DictionaryWords): Promise<void> {
  if (words.forms.size)
    await store.addSpellingForms(
      db,
      [...words.forms].map(([term, sound]) => ({ term, sound })),
    );
  // Spellings for the transliteration dictionary (only ever used to widen a query, never shown).
  for (const key of new Set(words.keys)) await store.addKeyWords(db, key);
}

/**
 * Runs `work` (which opens a transaction and hands it to `defer`) and adds the dictionary words its search refreshes
 * found after it commits, each statement on its own. A new word inserted inside a transaction makes every other
 * transaction inserting the same word wait for that one's commit: measured with two processes, an upload's dictionary
 * insert waited up to 8 s (mean 119 ms, min 0.02 ms) behind other uploads' ledger lock and commit (issue 17). The
 * dictionary only widens queries and is never shown, so a word added just after its item commits, or lost with a
 * crash between the two (`reckon archive reindex` adds it again), changes no answer about the item itself. A failed
 * addition is dropped for the same reason: the item is stored and acknowledged.
 */
export async function withDictionaryAfterCommit<T>(db: Db, work: (defer: (tx: Db) => void) => Promise<T>): Promise<T> {
  const words: DictionaryWords = { forms: new Map(), keys: [] };
  const result = await work((tx) => dictionaryAfterCommit.set(tx, words));
  await addToDictionary(db, words).catch(() => undefined);
  return result;
}

/** Items whose search columns depend on a blob (for the extraction jobs: call after storing extracted text). */
export async function refreshSearchForBlob(db: Db, sha256: string): Promise<number> {
  const ids = await store.itemsOfBlob(db, sha256);
  for (const id of ids) await refreshItemSearch(db, id);
  return ids.length;
}
