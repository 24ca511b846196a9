import { sql, type Kysely } from 'kysely';

const jsonObject = (column: string) => sql.raw(`jsonb_typeof(${column}) = 'object'`);
const languageTag = (column: string) => sql.raw(`${column} ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dialogue_conversations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    // Topic and description per language: {"en": "...", "az": "..."}.
    .addColumn('topic', 'jsonb', (c) => c.notNull().check(jsonObject('topic')))
    .addColumn('description', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`).check(jsonObject('description')))
    .addColumn('moderation', 'text', (c) => c.notNull().check(sql`moderation in ('strict', 'open')`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open').check(sql`state in ('open', 'closed')`))
    // Opinion groups smaller than this are never reported on their own, so a handful of people cannot be singled out.
    .addColumn('min_group_size', 'integer', (c) => c.notNull().defaultTo(5).check(sql`min_group_size between 1 and 1000`))
    // Participants must present an external id from the allow-list when this is set.
    .addColumn('allow_list_required', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('dialogue_communities')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('dialogue_conversations.id').onDelete('cascade'))
    .addColumn('name', 'jsonb', (c) => c.notNull().check(jsonObject('name')))
    // SHA-256 (hex) of the invitation token; the token itself is shown once to the facilitator and never stored.
    .addColumn('invitation_hash', 'text', (c) => c.notNull().unique().check(sql`invitation_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('dialogue_communities_conversation_id', ['conversation_id', 'id'])
    .execute();

  await db.schema
    .createTable('dialogue_allow_list')
    .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('dialogue_conversations.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull().check(sql`length(external_id) between 1 and 200`))
    .addPrimaryKeyConstraint('dialogue_allow_list_pk', ['conversation_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('dialogue_participants')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('dialogue_conversations.id').onDelete('cascade'))
    // Pseudonymous number within the conversation (the Pol.is "pid"); reports and exports use only this.
    .addColumn('pid', 'integer', (c) => c.notNull().check(sql`pid >= 0`))
    .addColumn('community_id', 'uuid', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.check(sql`length(external_id) between 1 and 200`))
    // SHA-256 (hex) of the participant cookie's random token.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique().check(sql`token_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('dialogue_participants_pid', ['conversation_id', 'pid'])
    .addUniqueConstraint('dialogue_participants_external', ['conversation_id', 'external_id'])
    .addUniqueConstraint('dialogue_participants_conversation_id', ['conversation_id', 'id'])
    // The community must belong to the same conversation.
    .addForeignKeyConstraint('dialogue_participants_community', ['conversation_id', 'community_id'], 'dialogue_communities', ['conversation_id', 'id'])
    .execute();

  await db.schema
    .createTable('dialogue_statements')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('dialogue_conversations.id').onDelete('cascade'))
    // Number within the conversation (the Pol.is "tid"), the column index in the vote matrix.
    .addColumn('tid', 'integer', (c) => c.notNull().check(sql`tid >= 0`))
    .addColumn('author_participant_id', 'uuid')
    .addColumn('author_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull().check(sql`length(btrim(text)) between 1 and 2000`))
    .addColumn('language', 'text', (c) => c.notNull().check(languageTag('language')))
    .addColumn('translations', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`).check(jsonObject('translations')))
    .addColumn('seed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('moderation', 'text', (c) => c.notNull().defaultTo('pending').check(sql`moderation in ('pending', 'approved', 'rejected')`))
    .addColumn('moderated_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('moderated_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('dialogue_statements_tid', ['conversation_id', 'tid'])
    .addUniqueConstraint('dialogue_statements_conversation_id', ['conversation_id', 'id'])
    .addForeignKeyConstraint('dialogue_statements_author', ['conversation_id', 'author_participant_id'], 'dialogue_participants', ['conversation_id', 'id'])
    // Written by exactly one: a participant or a facilitator; seed statements always by a facilitator.
    .addCheckConstraint('dialogue_statements_one_author', sql`num_nonnulls(author_participant_id, author_user_id) = 1`)
    .addCheckConstraint('dialogue_statements_seed_author', sql`not seed or author_user_id is not null`)
    .execute();

  await db.schema
    .createTable('dialogue_votes')
    .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('dialogue_conversations.id').onDelete('cascade'))
    .addColumn('participant_id', 'uuid', (c) => c.notNull())
    .addColumn('statement_id', 'uuid', (c) => c.notNull())
    // 1 agree, -1 disagree, 0 pass (Reckon's convention; Pol.is raw exports flip the sign).
    .addColumn('value', 'smallint', (c) => c.notNull().check(sql`value in (-1, 0, 1)`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // One row per participant and statement: a repeated vote replaces the earlier one.
    .addPrimaryKeyConstraint('dialogue_votes_pk', ['participant_id', 'statement_id'])
    .addForeignKeyConstraint('dialogue_votes_participant', ['conversation_id', 'participant_id'], 'dialogue_participants', ['conversation_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('dialogue_votes_statement', ['conversation_id', 'statement_id'], 'dialogue_statements', ['conversation_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('dialogue_votes_conversation').on('dialogue_votes').columns(['conversation_id', 'updated_at']).execute();
  await db.schema.createIndex('dialogue_statements_moderation').on('dialogue_statements').columns(['conversation_id', 'moderation']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dialogue_votes').execute();
  await db.schema.dropTable('dialogue_statements').execute();
  await db.schema.dropTable('dialogue_participants').execute();
  await db.schema.dropTable('dialogue_allow_list').execute();
  await db.schema.dropTable('dialogue_communities').execute();
  await db.schema.dropTable('dialogue_conversations').execute();
}
