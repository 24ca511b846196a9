import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { actorId, requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import * as repo from './repository.ts';
import type { ConversationView, CreateConversationInput, SeedStatementInput, StatementView } from './schemas.ts';
import type { ConversationRow, StatementRow } from './tables.ts';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A random invitation or participant token (256 bits); only its SHA-256 is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256Hex(token) };
}
export const tokenHash = sha256Hex;

function statementView(row: StatementRow): StatementView {
  return {
    id: row.id,
    tid: row.tid,
    text: row.text,
    language: row.language,
    translations: row.translations,
    seed: row.seed,
    moderation: row.moderation,
    byParticipant: row.author_participant_id !== null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Dialogue administration: facilitators create conversations with their communities, seed and moderate statements,
 * open and close them, and hand out one invitation link per community. Every change is audited; statement texts
 * enter the audit trail as SHA-256 hashes, so the ledger proves what was moderated without copying what was said.
 */
export class DialogueService {
  constructor(private readonly db: Kysely<Database>) {}

  async createConversation(
    actor: Actor,
    input: CreateConversationInput,
  ): Promise<{ conversation: ConversationView; invitations: Array<{ communityId: string; token: string }> }> {
    requireRole(actor, 'facilitator');
    const createdBy = actorId(actor);
    if (!createdBy) throw invalid('user_required', 'A conversation is created by a facilitator account, not a system actor');
    const id = randomUUID();
    const communities = input.communities.map((c) => ({ id: randomUUID(), name: c.name, ...newToken() }));
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('dialogue_conversations')
        .values({
          id,
          topic: JSON.stringify(input.topic),
          description: JSON.stringify(input.description ?? {}),
          moderation: input.moderation,
          min_group_size: input.minGroupSize,
          created_by: createdBy,
        })
        .execute();
      await tx
        .insertInto('dialogue_communities')
        .values(communities.map((c) => ({ id: c.id, conversation_id: id, name: JSON.stringify(c.name), invitation_hash: c.hash })))
        .execute();
      const seeds = (input.seedStatements ?? []).map((s, tid) => ({ ...s, id: randomUUID(), tid }));
      if (seeds.length > 0) {
        await tx
          .insertInto('dialogue_statements')
          .values(
            seeds.map((s) => ({
              id: s.id,
              conversation_id: id,
              tid: s.tid,
              author_user_id: createdBy,
              author_participant_id: null,
              text: s.text,
              language: s.language,
              translations: JSON.stringify(s.translations ?? {}),
              seed: true,
              moderation: 'approved' as const,
              moderated_by: createdBy,
              moderated_at: new Date(),
            })),
          )
          .execute();
      }
      await recordAudit(tx, actor, {
        action: 'dialogue.conversation_created',
        subjectType: 'dialogue_conversation',
        subjectId: id,
        details: {
          topic: input.topic,
          moderation: input.moderation,
          minGroupSize: input.minGroupSize ?? 5,
          communities: communities.map((c) => ({ id: c.id, name: c.name })),
          seedStatements: seeds.map((s) => ({ id: s.id, tid: s.tid, language: s.language, sha256: sha256Hex(s.text) })),
        },
      });
    });
    return { conversation: await this.getConversation(actor, id), invitations: communities.map((c) => ({ communityId: c.id, token: c.token })) };
  }

  async listConversations(actor: Actor): Promise<ConversationView[]> {
    requireRole(actor, 'facilitator');
    const rows = await repo.listConversations(this.db);
    return this.withCommunities(rows);
  }

  async getConversation(actor: Actor, id: string): Promise<ConversationView> {
    requireRole(actor, 'facilitator');
    const row = await repo.findConversation(this.db, id);
    if (!row) throw notFound('Conversation', id);
    const [view] = await this.withCommunities([row]);
    return view;
  }

  private async withCommunities(rows: ConversationRow[]): Promise<ConversationView[]> {
    const communities = await repo.listCommunities(this.db, rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      description: r.description,
      moderation: r.moderation,
      state: r.state,
      minGroupSize: r.min_group_size,
      createdAt: new Date(r.created_at).toISOString(),
      communities: communities.filter((c) => c.conversation_id === r.id).map((c) => ({ id: c.id, name: c.name })),
    }));
  }

  async seedStatement(actor: Actor, conversationId: string, input: SeedStatementInput): Promise<StatementView> {
    requireRole(actor, 'facilitator');
    const author = actorId(actor);
    if (!author) throw invalid('user_required', 'Seed statements are written by a facilitator account');
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      const conversation = await repo.findConversation(tx, conversationId);
      if (!conversation) throw notFound('Conversation', conversationId);
      if (conversation.state === 'closed') throw conflict('conversation_closed', 'The conversation is closed');
      const existing = await repo.listStatements(tx, conversationId);
      if (existing.some((s) => s.text === input.text && s.language === input.language)) {
        throw conflict('duplicate_statement', 'The conversation already has this statement');
      }
      const tid = await repo.nextTid(tx, conversationId);
      await tx
        .insertInto('dialogue_statements')
        .values({
          id,
          conversation_id: conversationId,
          tid,
          author_user_id: author,
          author_participant_id: null,
          text: input.text,
          language: input.language,
          translations: JSON.stringify(input.translations ?? {}),
          seed: true,
          moderation: 'approved',
          moderated_by: author,
          moderated_at: new Date(),
        })
        .execute();
      await recordAudit(tx, actor, {
        action: 'dialogue.statement_seeded',
        subjectType: 'dialogue_statement',
        subjectId: id,
        details: { conversationId, tid, language: input.language, sha256: sha256Hex(input.text) },
      });
    });
    const row = await repo.findStatement(this.db, id);
    return statementView(row!);
  }

  async listStatements(actor: Actor, conversationId: string, moderation?: 'pending' | 'approved' | 'rejected'): Promise<StatementView[]> {
    requireRole(actor, 'facilitator');
    if (!(await repo.findConversation(this.db, conversationId))) throw notFound('Conversation', conversationId);
    return (await repo.listStatements(this.db, conversationId, moderation)).map(statementView);
  }

  async moderateStatement(actor: Actor, statementId: string, moderation: 'approved' | 'rejected'): Promise<StatementView> {
    requireRole(actor, 'facilitator');
    await this.db.transaction().execute(async (tx) => {
      const row = await repo.findStatement(tx, statementId);
      if (!row) throw notFound('Statement', statementId);
      if (row.moderation === moderation) return;
      await tx
        .updateTable('dialogue_statements')
        .set({ moderation, moderated_by: actorId(actor), moderated_at: new Date() })
        .where('id', '=', statementId)
        .execute();
      await recordAudit(tx, actor, {
        action: 'dialogue.statement_moderated',
        subjectType: 'dialogue_statement',
        subjectId: statementId,
        details: { conversationId: row.conversation_id, tid: row.tid, old: row.moderation, new: moderation, sha256: sha256Hex(row.text) },
      });
    });
    return statementView((await repo.findStatement(this.db, statementId))!);
  }

  async setState(actor: Actor, conversationId: string, state: 'open' | 'closed'): Promise<ConversationView> {
    requireRole(actor, 'facilitator');
    await this.db.transaction().execute(async (tx) => {
      const row = await repo.findConversation(tx, conversationId);
      if (!row) throw notFound('Conversation', conversationId);
      if (row.state === state) return;
      await tx.updateTable('dialogue_conversations').set({ state, updated_at: new Date() }).where('id', '=', conversationId).execute();
      await recordAudit(tx, actor, {
        action: 'dialogue.conversation_state_changed',
        subjectType: 'dialogue_conversation',
        subjectId: conversationId,
        details: { old: row.state, new: state },
      });
    });
    return this.getConversation(actor, conversationId);
  }

  /** Issues a new invitation link for a community; the previous one stops working. */
  async renewInvitation(actor: Actor, communityId: string): Promise<{ communityId: string; token: string }> {
    requireRole(actor, 'facilitator');
    const { token, hash } = newToken();
    await this.db.transaction().execute(async (tx) => {
      const community = await repo.findCommunity(tx, communityId);
      if (!community) throw notFound('Community', communityId);
      await tx.updateTable('dialogue_communities').set({ invitation_hash: hash }).where('id', '=', communityId).execute();
      await recordAudit(tx, actor, {
        action: 'dialogue.invitation_renewed',
        subjectType: 'dialogue_community',
        subjectId: communityId,
        details: { conversationId: community.conversation_id },
      });
    });
    return { communityId, token };
  }
}
