import type { Kysely } from 'kysely';
import { actorLabel, hasRole, requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, DomainError, invalid, notFound } from '../errors.ts';
import { agreementRecords, mayRecord, statementAgreement, type StatementAgreement } from './agreement.ts';
import type { EvidenceSources } from './evidence.ts';
import type { LiveDialogue } from './live.ts';
import * as repo from './repository.ts';

type RecordedRow = NonNullable<Awaited<ReturnType<typeof repo.findRecordedAgreement>>>;

const recordedView = (row: RecordedRow) => ({ claimId: row.claim_id, recordedAt: new Date(row.recorded_at).toISOString(), figures: row.figures as StatementAgreement });

/**
 * Agreement recorded back in the registry (issue 16, item 4), and agreement on a registry claim across the
 * conversations it was put to. The claim written is the participants' (see agreement.ts); the facilitator confirms,
 * the registry checks the records as it checks an editor's form, and the figures it was written from are kept here.
 */
export class RegistryAgreement {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly live: LiveDialogue,
    private readonly evidence: EvidenceSources,
    private readonly publicUrl: string | null,
  ) {}

  /**
   * Records a statement agreed across every opinion group (and every community, where two or more are reported) as
   * a registry claim of the conversation's participants. Refused when the statement is not agreed so, when it was
   * recorded already, and for statements a facilitator has not approved. Audited.
   */
  async record(actor: Actor, statementId: string): Promise<{ claimId: string; published: boolean; agreement: StatementAgreement }> {
    requireRole(actor, 'facilitator');
    if (actor.kind !== 'user') throw invalid('user_required', 'A facilitator account confirms what is recorded');
    const statement = await repo.findStatement(this.db, statementId);
    if (!statement) throw notFound('Statement', statementId);
    if (statement.moderation !== 'approved') throw conflict('statement_not_approved', 'Only an approved statement can be recorded');
    const already = await repo.findRecordedAgreement(this.db, statementId);
    if (already) throw conflict('agreement_already_recorded', `The statement was recorded as registry claim ${already.claim_id}`, { claimId: already.claim_id });
    const conversation = await repo.findConversation(this.db, statement.conversation_id);
    if (!conversation) throw notFound('Conversation', statement.conversation_id);
    const agreement = statementAgreement(await this.live.current(conversation.id), statement.tid);
    if (!agreement || !mayRecord(agreement)) {
      throw conflict('not_agreed_across_groups', 'Not every opinion group (and community) agrees with this statement; nothing was recorded', {
        groups: agreement?.groups.length ?? 0,
        acrossGroups: agreement?.acrossGroups ?? false,
        acrossCommunities: agreement?.acrossCommunities ?? null,
      });
    }
    const seededFrom = statement.evidence ? { claimId: statement.evidence.claimId, eventId: (await this.evidence.claim(actor, statement.evidence.claimId))?.event?.id ?? null } : null;
    const records = agreementRecords({
      conversation,
      statement,
      agreement,
      date: new Date().toISOString().slice(0, 10),
      reportAddress: this.publicUrl ? `${this.publicUrl.replace(/\/+$/, '')}/dialogue/report/${conversation.id}` : null,
      seededFrom,
    });
    // One transaction for the registry's records and this one: a refusal by the registry's checks, a second
    // facilitator recording the same statement at the same moment, or a crash leaves neither half behind.
    await this.db.transaction().execute(async (tx) => {
      await this.evidence.recordClaim(actorLabel(actor), records, tx);
      await repo.insertRecordedAgreement(tx, { statementId, conversationId: conversation.id, claimId: records.claim.id, recordedBy: actor.userId, figures: agreement });
      await recordAudit(tx, actor, {
        action: 'dialogue.agreement_recorded',
        subjectType: 'dialogue_statement',
        subjectId: statementId,
        details: { conversationId: conversation.id, tid: statement.tid, claimId: records.claim.id, groups: agreement.groups.length, communities: agreement.communities.length },
      });
    });
    return { claimId: records.claim.id, published: records.claim.published, agreement };
  }

  /**
   * Agreement on a registry claim: in each conversation with a statement seeded from it, group by group and
   * community by community (the public sees conversations whose report is public), and, for a claim recorded from a
   * conversation, the figures it was written from.
   */
  async ofClaim(actor: Actor, claimId: string) {
    const facilitator = hasRole(actor, 'facilitator');
    const seeded = (await repo.statementsSeededFrom(this.db, claimId)).filter((s) => facilitator || s.report_public);
    const recorded = new Map((await repo.recordedAgreementsOf(this.db, seeded.map((s) => s.statementId))).map((r) => [r.statement_id, r]));
    const conversations = [];
    for (const s of seeded) {
      const entry = await this.live.current(s.conversationId).catch((e: unknown) => (e instanceof DomainError && e.kind === 'not_found' ? null : Promise.reject(e)));
      const row = recorded.get(s.statementId);
      conversations.push({
        conversationId: s.conversationId,
        topic: s.topic,
        state: s.state,
        createdAt: new Date(s.created_at).toISOString(),
        tid: s.tid,
        agreement: entry ? statementAgreement(entry, s.tid) : null,
        recorded: row ? recordedView(row) : null,
      });
    }
    const own = await repo.findAgreementByClaim(this.db, claimId);
    let recordedFrom = null;
    if (own) {
      const [statement, conversation] = await Promise.all([repo.findStatement(this.db, own.statement_id), repo.findConversation(this.db, own.conversation_id)]);
      if (statement && conversation && (facilitator || conversation.report_public)) {
        recordedFrom = { conversationId: conversation.id, topic: conversation.topic, tid: statement.tid, text: statement.text, language: statement.language, recorded: recordedView(own) };
      }
    }
    return { claimId, conversations, recordedFrom };
  }
}
