import { sql, type Kysely } from 'kysely';

// Spellings across scripts in the whole text of an item, not only its title and place. Every word of every search
// document is now also written into its vector in the comparable form of the names machinery (src/core/names:
// romanised, folded, "r=<form>" when it differs from the word as written), and the spelling dictionary gains each
// form's consonant-class key (`sound`). A query word is widened to the dictionary forms that share its sound and
// are close in spelling (Agdam → aghdam, Askeran → asgaran), and matched against the "r=" lexemes through the same
// per-audience GIN index: a form in the dictionary only ever widens a query, whose matches still pass each
// audience's flag. Rows written before this migration keep a null sound; `reckon archive reindex` rebuilds every
// item's documents and fills the dictionary in the new form.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('search_terms').addColumn('sound', 'text').execute();
  await sql`create index search_terms_sound on search_terms (sound, term) where sound is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index search_terms_sound`.execute(db);
  await db.schema.alterTable('search_terms').dropColumn('sound').execute();
}
