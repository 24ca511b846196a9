import { sql, type Kysely } from 'kysely';

// Missing persons (issue 19, item 4). A missing person is a record in a casualty list (a list of the missing is a
// list like any other), so linkage and review work across the dead and the missing alike. What a list of the dead
// does not hold lives here: statuses over time, each a claim by a source on a date (competing claims stand side by
// side); last-seen events; places of interest (detention and burial sites) with a position for the map; and the
// identification stage, whose ante-mortem data, reference samples and family contact are sealed (AES-256-GCM under
// the master key, bound to the record and field), never searched, counted, exported or shown on a public page.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table missing_places (
      id uuid primary key,
      kind text not null check (kind in ('detention_site', 'burial_site', 'last_seen', 'other')),
      name text not null check (length(name) between 1 and 300),
      latitude double precision check (latitude between -90 and 90),
      longitude double precision check (longitude between -180 and 180),
      description text not null default '',
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      check ((latitude is null) = (longitude is null))
    )`.execute(db);
  await sql`
    create table missing_status_claims (
      id uuid primary key,
      record_id uuid not null references casualty_records(id),
      status text not null check (status in ('missing', 'hostage', 'detained', 'released', 'found_dead', 'identified', 'buried')),
      status_date text,
      reported_by text not null check (length(reported_by) between 1 and 300),
      note text not null default '',
      place_id uuid references missing_places(id),
      line integer,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index missing_status_claims_record on missing_status_claims (record_id, status_date)`.execute(db);
  await sql`create index missing_status_claims_status on missing_status_claims (status, record_id)`.execute(db);
  await sql`
    create table missing_last_seen (
      id uuid primary key,
      record_id uuid not null references casualty_records(id),
      seen_on text,
      place text,
      place_id uuid references missing_places(id),
      reported_by text not null check (length(reported_by) between 1 and 300),
      note text not null default '',
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      check (seen_on is not null or place is not null or place_id is not null)
    )`.execute(db);
  await sql`create index missing_last_seen_record on missing_last_seen (record_id)`.execute(db);
  await sql`
    create table missing_identification (
      record_id uuid primary key references casualty_records(id),
      stage text not null check (stage in ('reported_missing', 'ante_mortem_collected', 'samples_given', 'identified')),
      ante_mortem_sealed text,
      samples_sealed text,
      contact_sealed text,
      updated_by uuid references users(id),
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table missing_identification`.execute(db);
  await sql`drop table missing_last_seen`.execute(db);
  await sql`drop table missing_status_claims`.execute(db);
  await sql`drop table missing_places`.execute(db);
}
