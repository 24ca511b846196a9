import { sql, type Kysely } from 'kysely';

// A moderator reviews what the public sends (families' corrections, photos and missing names) and records what
// families report about the missing (status changes and sightings), without the editor's other powers. The role is
// one more value of users.role.
const WITH = `'admin', 'editor', 'reviewer', 'facilitator', 'viewer', 'moderator'`;
const WITHOUT = `'admin', 'editor', 'reviewer', 'facilitator', 'viewer'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users drop constraint users_role_check`.execute(db);
  await sql.raw(`alter table users add constraint users_role_check check (role in (${WITH}))`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Undoing never changes a person's role silently: it stops while any account is a moderator.
  const held = await sql<{ n: number }>`select count(*)::int as n from users where role = 'moderator'`.execute(db);
  if (held.rows[0].n > 0) throw new Error(`${held.rows[0].n} account(s) hold the moderator role; give them another role before undoing this migration`);
  await sql`alter table users drop constraint users_role_check`.execute(db);
  await sql.raw(`alter table users add constraint users_role_check check (role in (${WITHOUT}))`).execute(db);
}
