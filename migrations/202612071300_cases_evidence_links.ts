import { sql, type Kysely } from 'kysely';

/**
 * Evidence linked to the legal elements of an allegation (issue 21, item 4): an archive item, a pinpoint inside it,
 * the direction (supporting / undermining), a reliability grade and a note. Every link, change and removal is an
 * audit event in the ledger; the row holds the current state. One link per (allegation, element, item, pinpoint):
 * the same place of the same item linked twice to one element is a duplicate.
 *
 * Court packages gain an optional `extension` (what kind of package beyond the items: a case file names its
 * allegation), read by the export job.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cases_evidence_links')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('allegation_id', 'text', (c) => c.notNull().references('cases_allegations.id').onDelete('cascade'))
    .addColumn('element_id', 'text', (c) => c.notNull().references('cases_elements.id'))
    .addColumn('item_id', 'uuid', (c) => c.notNull().references('items.id'))
    .addColumn('pinpoint', 'jsonb', (c) => c.notNull())
    .addColumn('pinpoint_key', 'text', (c) => c.notNull().check(sql`length(pinpoint_key) <= 2000`))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('supporting', 'undermining')`))
    .addColumn('reliability', 'text', (c) => c.notNull().check(sql`reliability in ('A', 'B', 'C', 'D', 'E', 'F')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo('').check(sql`length(note) <= 4000`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('cases_evidence_links_once', ['allegation_id', 'element_id', 'item_id', 'pinpoint_key'])
    .execute();
  await db.schema.createIndex('cases_evidence_links_by_allegation').on('cases_evidence_links').columns(['allegation_id', 'element_id']).execute();
  await db.schema.createIndex('cases_evidence_links_by_item').on('cases_evidence_links').column('item_id').execute();
  await db.schema.alterTable('package_exports').addColumn('extension', 'jsonb').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('package_exports').dropColumn('extension').execute();
  await db.schema.dropTable('cases_evidence_links').execute();
}
