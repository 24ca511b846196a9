import { sql, type Kysely } from 'kysely';

/**
 * A version per allegation that changes, in the same transaction, with everything the matrix's counts are made of
 * (issue 21, item 5): its evidence links, the set of elements it names, and the source and visibility of each item
 * linked to it (`provided_by`, `state`, `confidentiality`, `consent_scopes`), which the archive changes without the
 * cases module knowing. The server keeps the counts it computed with the version they were computed at and reuses
 * them while the version is unchanged, instead of grouping every link again on each request.
 *
 * The triggers are per statement, over transition tables, so that a bulk insert of 10,000 links bumps each of its
 * allegations once. A row appears with an allegation's first change; no row reads as version 0.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cases_matrix_versions')
    .addColumn('allegation_id', 'text', (c) => c.primaryKey().references('cases_allegations.id').onDelete('cascade'))
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(1))
    .execute();
  // The allegations whose matrix a statement changed, bumped once each. Deleted allegations have no row to bump
  // (their links go with them by cascade), so only allegations still present are upserted.
  await sql`
    create function cases_matrix_bump(allegations text[]) returns void language sql as $$
      insert into cases_matrix_versions as v (allegation_id)
        select distinct a.id from cases_allegations a where a.id = any(allegations)
      on conflict (allegation_id) do update set version = v.version + 1
    $$`.execute(db);
  await sql`
    create function cases_matrix_links_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform cases_matrix_bump(array(select distinct allegation_id from new_rows));
      elsif tg_op = 'DELETE' then
        perform cases_matrix_bump(array(select distinct allegation_id from old_rows));
      else
        perform cases_matrix_bump(array(select allegation_id from new_rows union select allegation_id from old_rows));
      end if;
      return null;
    end $$`.execute(db);
  for (const table of ['cases_evidence_links', 'cases_allegation_elements']) {
    await sql`create trigger ${sql.id(`${table}_matrix_inserted`)} after insert on ${sql.id(table)} referencing new table as new_rows
      for each statement execute function cases_matrix_links_changed()`.execute(db);
    await sql`create trigger ${sql.id(`${table}_matrix_updated`)} after update on ${sql.id(table)} referencing old table as old_rows new table as new_rows
      for each statement execute function cases_matrix_links_changed()`.execute(db);
    await sql`create trigger ${sql.id(`${table}_matrix_deleted`)} after delete on ${sql.id(table)} referencing old table as old_rows
      for each statement execute function cases_matrix_links_changed()`.execute(db);
  }
  // An item's source or visibility changed: every allegation with a link to it.
  await sql`
    create function cases_matrix_items_changed() returns trigger language plpgsql as $$
    begin
      perform cases_matrix_bump(array(
        select distinct l.allegation_id
          from new_rows n join old_rows o on o.id = n.id
          join cases_evidence_links l on l.item_id = n.id
         where (n.provided_by, n.state, n.confidentiality, n.consent_scopes) is distinct from (o.provided_by, o.state, o.confidentiality, o.consent_scopes)));
      return null;
    end $$`.execute(db);
  await sql`create trigger items_matrix_updated after update on items referencing old table as old_rows new table as new_rows
    for each statement execute function cases_matrix_items_changed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger items_matrix_updated on items`.execute(db);
  for (const table of ['cases_evidence_links', 'cases_allegation_elements']) {
    for (const op of ['inserted', 'updated', 'deleted']) await sql`drop trigger ${sql.id(`${table}_matrix_${op}`)} on ${sql.id(table)}`.execute(db);
  }
  await sql`drop function cases_matrix_items_changed()`.execute(db);
  await sql`drop function cases_matrix_links_changed()`.execute(db);
  await sql`drop function cases_matrix_bump(text[])`.execute(db);
  await db.schema.dropTable('cases_matrix_versions').execute();
}
