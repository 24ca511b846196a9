import { sql, type Kysely } from 'kysely';

// A translator works the dialogue's queue of missing and machine-made translations (issue 16, item 1): they read
// statements and save translations, and can do nothing else (no moderation, no conversations, no archive). The role
// is one more value of users.role.
const WITH = `'admin', 'editor', 'reviewer', 'facilitator', 'viewer', 'moderator', 'translator'`;
const WITHOUT = `'admin', 'editor', 'reviewer', 'facilitator', 'viewer', 'moderator'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users drop constraint users_role_check`.execute(db);
  await sql.raw(`alter table users add constraint users_role_check check (role in (${WITH}))`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Undoing never changes a person's role silently: it stops while any account is a translator.
  const held = await sql<{ n: number }>`select count(*)::int as n from users where role = 'translator'`.execute(db);
  if (held.rows[0].n > 0) throw new Error(`${held.rows[0].n} account(s) hold the translator role; give them another role before undoing this migration`);
  await sql`alter table users drop constraint users_role_check`.execute(db);
  await sql.raw(`alter table users add constraint users_role_check check (role in (${WITHOUT}))`).execute(db);
}
