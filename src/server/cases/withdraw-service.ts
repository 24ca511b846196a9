import type { Kysely } from 'kysely';
import { describeTextProblem, unstorableText } from '../../core/text/storable.ts';
import { requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit, recordAudits } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { lockLedger } from '../ledger/append.ts';
import * as repo from './repository.ts';

const MAX_REASON = 2000;

export const WITHDRAW_KINDS = ['incident', 'act', 'allegation'] as const;
export type WithdrawKind = (typeof WITHDRAW_KINDS)[number];

/** One step of a record's standing: withdrawn or restored, when, by whom, why. */
export interface WithdrawalStep {
  action: 'withdrawn' | 'restored';
  at: string;
  by: string;
  reason: string;
  /** An act withdrawn or restored together with its incident (the reason is the incident's). */
  withIncident: boolean;
}

export interface Standing {
  /** The withdrawal in force (the latest step, when it is a withdrawal); null while the record stands. */
  withdrawn: { at: string; by: string; reason: string } | null;
  /** Every withdrawal and restoration, oldest first. */
  withdrawals: WithdrawalStep[];
}

export const STANDING: Standing = { withdrawn: null, withdrawals: [] };

const SUBJECT = { incident: 'cases_incident', act: 'cases_act', allegation: 'cases_allegation' } as const;
const LABEL = { incident: 'Incident', act: 'Act', allegation: 'Allegation' } as const;

/** The latest step of each record, with the audit event it is (an act's step names its incident's step). */
interface LatestStep {
  eventId: number;
  withdrawn: boolean;
  /** For an act's step taken with its incident: the incident's audit event. */
  incidentEvent: number | null;
}

/**
 * Withdrawing incidents, acts and allegations (analysts), and restoring them. Each is a new ledger event with its
 * reason; the record itself is never changed or deleted, so what was recorded, and when and by whom it was withdrawn
 * or put back, can all be proven. A withdrawn record stays on its page, marked, with its history.
 *
 * Withdrawing an incident withdraws its acts that still stand, each by a ledger event of its own naming the
 * incident's; restoring the incident restores exactly those acts (not one an analyst withdrew on its own before or
 * after), so each act's standing can be read from its own events.
 */
export class CaseWithdrawals {
  constructor(readonly db: Kysely<Database>) {}

  /**
   * Withdraws (or, with `restore`, puts back) an incident, act or allegation; returns the incident it belongs to and,
   * for an incident, the acts that went with it.
   */
  async change(actor: Actor, kind: WithdrawKind, id: string, reason: string, restore: boolean): Promise<{ incidentId: string; acts: string[] }> {
    requireRole(actor, 'editor');
    if (!(WITHDRAW_KINDS as readonly string[]).includes(kind))
      throw invalid('invalid_request', `Withdraw an incident, an act or an allegation, not "${String(kind)}"`);
    const why = reason.trim();
    if (why === '') throw invalid('reason_required', restore ? 'Say why the record is restored' : 'Say why the record is withdrawn');
    if (why.length > MAX_REASON) throw invalid('reason_too_long', `The reason has ${why.length} characters; at most ${MAX_REASON}`);
    // The API refuses such text at its edge; the command line comes here directly.
    const problem = unstorableText(why);
    if (problem) throw invalid('invalid_text', `reason: the text ${describeTextProblem(problem.problem)}`, { field: 'reason' });
    return this.db.transaction().execute(async (tx) => {
      const incidentId = await this.lock(tx, kind, id);
      if (incidentId === undefined) throw notFound(LABEL[kind], id);
      await lockLedger(tx); // two withdrawals at once: the second sees the first
      const latest = (await this.latest(tx, kind, [id])).get(id);
      const withdrawn = latest?.withdrawn ?? false;
      if (!restore && withdrawn) throw conflict('already_withdrawn', `The ${kind} ${id} is already withdrawn`);
      if (restore && !withdrawn) throw conflict('not_withdrawn', `The ${kind} ${id} is not withdrawn`);
      const action = restore ? 'restored' : 'withdrawn';
      const eventId = await recordAudit(tx, actor, {
        action: `cases.${kind}_${action}`,
        subjectType: SUBJECT[kind],
        subjectId: id,
        details: { reason: why, incidentId },
      });
      const acts = kind === 'incident' ? await this.cascade(tx, actor, id, restore, why, eventId, latest?.eventId ?? null) : [];
      return { incidentId, acts };
    });
  }

  /**
   * The incident's acts that go with it: on withdrawal those that stand; on restoration those whose withdrawal in
   * force is the one taken with the incident's withdrawal being undone (`withdrawalEvent`).
   */
  private async cascade(
    tx: Kysely<Database>,
    actor: Actor,
    incidentId: string,
    restore: boolean,
    reason: string,
    eventId: number,
    withdrawalEvent: number | null,
  ): Promise<string[]> {
    const actIds = await repo.actIdsOfIncident(tx, incidentId);
    const latest = await this.latest(tx, 'act', actIds);
    const going = actIds.filter((a) => {
      const step = latest.get(a);
      return restore ? step?.withdrawn === true && step.incidentEvent !== null && step.incidentEvent === withdrawalEvent : !step?.withdrawn;
    });
    await recordAudits(
      tx,
      actor,
      going.map((a) => ({
        action: `cases.act_${restore ? 'restored' : 'withdrawn'}`,
        subjectType: SUBJECT.act,
        subjectId: a,
        details: { reason, incidentId, withIncident: eventId },
      })),
    );
    return going;
  }

  private async lock(tx: Kysely<Database>, kind: WithdrawKind, id: string): Promise<string | undefined> {
    if (kind === 'incident') return (await repo.lockIncident(tx, id)) ? id : undefined;
    return kind === 'act' ? repo.lockAct(tx, id) : repo.lockAllegation(tx, id);
  }

  private async latest(db: Kysely<Database>, kind: WithdrawKind, ids: readonly string[]): Promise<Map<string, LatestStep>> {
    const out = new Map<string, LatestStep>();
    for (const row of await repo.withdrawalEvents(db, SUBJECT[kind], ids)) {
      if (row.subject_id === null) continue;
      const withIncident = (row.details as { withIncident?: unknown }).withIncident;
      out.set(row.subject_id, {
        eventId: Number(row.id),
        withdrawn: row.action.endsWith('_withdrawn'),
        incidentEvent: typeof withIncident === 'number' ? withIncident : null,
      });
    }
    return out;
  }

  /** The standing of these incidents, acts or allegations, by id (those never withdrawn are left out). */
  async standing(db: Kysely<Database>, kind: WithdrawKind, ids: readonly string[]): Promise<Map<string, Standing>> {
    const out = new Map<string, Standing>();
    for (const row of await repo.withdrawalEvents(db, SUBJECT[kind], ids)) {
      if (row.subject_id === null) continue;
      const details = row.details as { reason?: unknown; withIncident?: unknown };
      const step: WithdrawalStep = {
        action: row.action.endsWith('_restored') ? 'restored' : 'withdrawn',
        at: row.at.toISOString(),
        by: row.actor_label,
        reason: typeof details.reason === 'string' ? details.reason : '',
        withIncident: typeof details.withIncident === 'number',
      };
      const s = out.get(row.subject_id) ?? { withdrawn: null, withdrawals: [] };
      s.withdrawals.push(step);
      s.withdrawn = step.action === 'withdrawn' ? { at: step.at, by: step.by, reason: step.reason } : null;
      out.set(row.subject_id, s);
    }
    return out;
  }
}
