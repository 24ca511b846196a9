import type { Kysely } from 'kysely';
import { requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { lockLedger } from '../ledger/append.ts';
import * as repo from './repository.ts';

const MAX_REASON = 2000;

export type WithdrawKind = 'incident' | 'act';

/** One step of a record's standing: withdrawn or restored, when, by whom, why. */
export interface WithdrawalStep {
  action: 'withdrawn' | 'restored';
  at: string;
  by: string;
  reason: string;
}

export interface Standing {
  /** The withdrawal in force (the latest step, when it is a withdrawal); null while the record stands. */
  withdrawn: { at: string; by: string; reason: string } | null;
  /** Every withdrawal and restoration, oldest first. */
  withdrawals: WithdrawalStep[];
}

export const STANDING: Standing = { withdrawn: null, withdrawals: [] };

const subjectType = (kind: WithdrawKind) => (kind === 'incident' ? 'cases_incident' : 'cases_act') as 'cases_incident' | 'cases_act';

/**
 * Withdrawing incidents and acts (analysts), and restoring them. Each is a new ledger event with its reason; the
 * record itself is never changed or deleted, so what was recorded, and when and by whom it was withdrawn or put back,
 * can all be proven. A withdrawn incident or act stays on its page, marked, with its history.
 */
export class CaseWithdrawals {
  constructor(readonly db: Kysely<Database>) {}

  /** Withdraws (or, with `restore`, puts back) an incident or act; returns the incident it belongs to. */
  async change(actor: Actor, kind: WithdrawKind, id: string, reason: string, restore: boolean): Promise<string> {
    requireRole(actor, 'editor');
    const why = reason.trim();
    if (why === '') throw invalid('reason_required', restore ? 'Say why the record is restored' : 'Say why the record is withdrawn');
    if (why.length > MAX_REASON) throw invalid('reason_too_long', `The reason has ${why.length} characters; at most ${MAX_REASON}`);
    return this.db.transaction().execute(async (tx) => {
      const incidentId = kind === 'incident' ? ((await repo.lockIncident(tx, id)) ? id : undefined) : await repo.lockAct(tx, id);
      if (incidentId === undefined) throw notFound(kind === 'incident' ? 'Incident' : 'Act', id);
      await lockLedger(tx); // two withdrawals at once: the second sees the first
      const { withdrawn } = (await this.standing(tx, kind, [id])).get(id) ?? STANDING;
      if (!restore && withdrawn) throw conflict('already_withdrawn', `The ${kind} ${id} is already withdrawn`);
      if (restore && !withdrawn) throw conflict('not_withdrawn', `The ${kind} ${id} is not withdrawn`);
      await recordAudit(tx, actor, {
        action: `cases.${kind}_${restore ? 'restored' : 'withdrawn'}`,
        subjectType: subjectType(kind),
        subjectId: id,
        details: { reason: why, incidentId },
      });
      return incidentId;
    });
  }

  /** The standing of these incidents or acts, by id (those never withdrawn are left out). */
  async standing(db: Kysely<Database>, kind: WithdrawKind, ids: readonly string[]): Promise<Map<string, Standing>> {
    const out = new Map<string, Standing>();
    for (const row of await repo.withdrawalEvents(db, subjectType(kind), ids)) {
      if (row.subject_id === null) continue;
      const details = row.details as { reason?: unknown };
      const step: WithdrawalStep = {
        action: row.action.endsWith('_restored') ? 'restored' : 'withdrawn',
        at: row.at.toISOString(),
        by: row.actor_label,
        reason: typeof details.reason === 'string' ? details.reason : '',
      };
      const s = out.get(row.subject_id) ?? { withdrawn: null, withdrawals: [] };
      s.withdrawals.push(step);
      s.withdrawn = step.action === 'withdrawn' ? { at: step.at, by: step.by, reason: step.reason } : null;
      out.set(row.subject_id, s);
    }
    return out;
  }
}
