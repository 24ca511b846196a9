import type { Kysely } from 'kysely';
import { systemActor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import type { MachineTranslator } from './machine-translation.ts';
import * as repo from './repository.ts';
import { sha256Hex } from './tokens.ts';

/** At most this many requests to the translation service at once. */
const CONCURRENCY = 4;

const primaryTag = (tag: string) => tag.toLowerCase().split('-')[0];

export interface MachineRun {
  configured: boolean;
  requested: number;
  translated: number;
  failed: number;
}

/**
 * Machine translations of statements into the languages the conversation's communities read, kept apart from human
 * translations and labelled as machine-made until a person saves a translation in their place. A failure (service
 * down, slow, garbage, wrong script) is stored per language, so the console shows the statement as untranslated
 * and why; nothing waits for the service: voting and moderation go on regardless.
 */
export class MachineTranslations {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly translator: MachineTranslator | null,
    private readonly changed: (conversationId: string) => void,
  ) {}

  get configured(): boolean {
    return this.translator !== null;
  }

  /** Translates what is missing in the background (new statements, new community languages); errors are dropped. */
  inBackground(statementIds: string[]): void {
    if (!this.translator || statementIds.length === 0) return;
    const run = this.run(statementIds, { retryFailed: false }).catch(() => undefined);
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Resolves when every background translation has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async run(statementIds: string[], options: { retryFailed: boolean }): Promise<MachineRun> {
    const translator = this.translator;
    if (!translator) return { configured: false, requested: 0, translated: 0, failed: 0 };
    const work: Array<{ statementId: string; conversationId: string; original: string; source: string; target: string }> = [];
    const languagesOf = new Map<string, string[]>();
    for (const id of statementIds) {
      const row = await repo.findStatement(this.db, id);
      if (!row || row.moderation === 'rejected') continue;
      let languages = languagesOf.get(row.conversation_id);
      if (!languages) {
        languages = await repo.conversationLanguages(this.db, row.conversation_id);
        languagesOf.set(row.conversation_id, languages);
      }
      const has = (texts: Record<string, string>, tag: string) => Object.keys(texts).some((t) => primaryTag(t) === primaryTag(tag));
      for (const target of languages) {
        if (primaryTag(target) === primaryTag(row.language) || has(row.translations, target) || has(row.machine_translations, target)) continue;
        if (!options.retryFailed && has(row.machine_translation_failures, target)) continue;
        work.push({ statementId: row.id, conversationId: row.conversation_id, original: row.text, source: row.language, target });
      }
    }
    const results: Array<{ statementId: string; conversationId: string; target: string; text?: string; reason?: string }> = [];
    let next = 0;
    const worker = async () => {
      while (next < work.length) {
        const item = work[next++];
        const result = await translator.translate(item.original, item.source, item.target);
        results.push(
          result.ok
            ? { statementId: item.statementId, conversationId: item.conversationId, target: item.target, text: result.text }
            : { statementId: item.statementId, conversationId: item.conversationId, target: item.target, reason: result.reason },
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, work.length) }, worker));
    const byStatement = new Map<string, typeof results>();
    for (const r of results) byStatement.set(r.statementId, [...(byStatement.get(r.statementId) ?? []), r]);
    const conversations = new Set<string>();
    for (const [statementId, items] of byStatement) {
      await this.db.transaction().execute(async (tx) => {
        // read again under a lock: a person may have translated meanwhile, and their translation wins
        const row = await repo.lockStatement(tx, statementId);
        if (!row) return;
        const machine: Record<string, string> = { ...row.machine_translations };
        const failures: Record<string, string> = { ...row.machine_translation_failures };
        const recorded: Array<{ language: string; sha256?: string; failure?: string }> = [];
        for (const item of items) {
          if (row.translations[item.target] !== undefined) continue;
          if (item.text !== undefined) {
            machine[item.target] = item.text;
            delete failures[item.target];
            recorded.push({ language: item.target, sha256: sha256Hex(item.text) });
          } else {
            failures[item.target] = item.reason!;
            recorded.push({ language: item.target, failure: item.reason });
          }
        }
        if (recorded.length === 0) return;
        await repo.updateStatement(tx, statementId, { machine_translations: JSON.stringify(machine), machine_translation_failures: JSON.stringify(failures) });
        await recordAudit(tx, systemActor('machine translation'), {
          action: 'dialogue.statement_machine_translated',
          subjectType: 'dialogue_statement',
          subjectId: statementId,
          details: { conversationId: row.conversation_id, tid: row.tid, results: recorded },
        });
        conversations.add(row.conversation_id);
      });
    }
    for (const id of conversations) this.changed(id);
    return {
      configured: true,
      requested: work.length,
      translated: results.filter((r) => r.text !== undefined).length,
      failed: results.filter((r) => r.text === undefined).length,
    };
  }
}
