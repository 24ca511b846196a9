import { sql, type Kysely } from 'kysely';

// One publication state for everything the public may see (issue 19). Until now an archive item had two fields that
// both had to be set (state 'published' and confidentiality 'public'), claims and recognition acts a boolean, a
// dialogue report another boolean, and estimates and casualty statistics nothing at all. `publications` holds one row
// per subject ever made public: state 'public' or 'not_public', who changed it and what the confirmation listed.
//
// Existing states move without loss: every published item, claim, recognition act and public dialogue report gets a
// 'public' row. An item that was "published, but not public" (state published with a confidentiality other than
// public) was never visible to the public; it becomes a draft with a 'not_public' row whose `legacy` column keeps its
// former state and publication time, so `down` restores it exactly. Casualty sources (for the memorial) and the
// organisation's memorial exclusions (a family asked that a person not be shown) get their own table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table publications (
      subject_kind text not null check (subject_kind in ('item', 'claim', 'recognition', 'dialogue_report', 'estimate', 'casualty_stats', 'casualty_source')),
      subject_id text not null,
      state text not null check (state in ('public', 'not_public')),
      changed_at timestamptz not null default now(),
      changed_by uuid references users(id),
      disclosure jsonb not null default '{}'::jsonb,
      legacy jsonb,
      primary key (subject_kind, subject_id)
    )`.execute(db);
  await sql`create index publications_public on publications (subject_kind, changed_at desc) where state = 'public'`.execute(db);
  await sql`
    insert into publications (subject_kind, subject_id, state, changed_at, legacy)
    select 'item', id::text, case when confidentiality = 'public' then 'public' else 'not_public' end, coalesce(published_at, updated_at),
           case when confidentiality = 'public' then null
                else jsonb_build_object('state', state, 'published_at', published_at, 'confidentiality', confidentiality) end
    from items where state = 'published'`.execute(db);
  await sql`update items set state = 'draft', published_at = null where state = 'published' and confidentiality <> 'public'`.execute(db);
  // The search documents carry the state for the state facet; none of these items was ever in the public's documents.
  await sql`update search_documents set state = 'draft' where state = 'published' and confidentiality <> 'public'`.execute(db);
  await sql`insert into publications (subject_kind, subject_id, state, changed_at) select 'claim', id::text, 'public', updated_at from registry_claims where published`.execute(db);
  await sql`insert into publications (subject_kind, subject_id, state, changed_at) select 'recognition', id::text, 'public', updated_at from registry_recognition_acts where published`.execute(db);
  await sql`insert into publications (subject_kind, subject_id, state, changed_at) select 'dialogue_report', id::text, 'public', updated_at from dialogue_conversations where report_public`.execute(db);
  await sql`
    create table memorial_exclusions (
      source_id uuid not null references casualty_sources(id) on delete cascade,
      source_record_id text not null,
      reason text not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      primary key (source_id, source_record_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table memorial_exclusions`.execute(db);
  await sql`
    update items i set state = 'published', published_at = (p.legacy->>'published_at')::timestamptz
    from publications p
    where p.subject_kind = 'item' and p.subject_id = i.id::text and p.legacy->>'state' = 'published'`.execute(db);
  await sql`
    update search_documents d set state = 'published'
    from publications p
    where p.subject_kind = 'item' and p.subject_id = d.item_id::text and p.legacy->>'state' = 'published'`.execute(db);
  await sql`drop table publications`.execute(db);
}
