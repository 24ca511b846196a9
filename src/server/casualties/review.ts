import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import { actorId, requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import type { FittedModel } from '../../core/linkage/index.ts';
import { normaliseName } from '../../core/names/index.ts';
import { displayName, recordAge } from './linkage-input.ts';
import * as repo from './repository.ts';
import type { StoredExplanation } from './runs.ts';
import type { decisionBody, decisionSchema, explanationSchema, reviewQuery, reviewResponse } from './schemas.ts';

type DecisionView = z.infer<typeof decisionSchema>;
type Explanation = z.infer<typeof explanationSchema>;
type ReviewQuery = z.infer<typeof reviewQuery>;
type ReviewPage = z.infer<typeof reviewResponse>;
type DecisionInput = z.infer<typeof decisionBody>;

const READERS = ['editor', 'reviewer'] as const;

function decisionView(d: Awaited<ReturnType<typeof repo.decisionsByIds>>[number]): DecisionView {
  return {
    id: d.id,
    recordA: d.record_a,
    recordB: d.record_b,
    decision: d.decision as DecisionView['decision'],
    note: d.note,
    reviewerId: d.reviewer_id,
    reviewer: d.reviewer ?? null,
    at: new Date(d.at).toISOString(),
    current: d.current,
  };
}

/** The stored compact explanation with the names, levels, m and u of the run's model filled back in. */
export function expandExplanation(stored: StoredExplanation, probability: number, model: FittedModel): Explanation {
  const lambda = model.lambda;
  return {
    matchWeight: stored.w,
    matchProbability: probability,
    prior: { lambda, log2Odds: Math.log2(lambda / (1 - lambda)) },
    terms: stored.t.map(([levelIndex, log2, tf], ci) => {
      const c = model.comparisons[ci];
      return {
        comparison: c?.name ?? `comparison ${ci}`,
        level: c?.levels[levelIndex] ?? String(levelIndex),
        levelIndex,
        m: levelIndex === 0 || !c ? null : c.m[levelIndex],
        u: levelIndex === 0 || !c ? null : c.u[levelIndex],
        bayesFactor: Math.pow(2, log2),
        log2BayesFactor: log2,
        tfAdjustment: tf,
      };
    }),
  };
}

/** Fields on which two records differ (names and places in romanised form, so a change of script is no difference). */
export function differences(a: repo.RecordRow, b: repo.RecordRow): string[] {
  const out: string[] = [];
  const names = (r: repo.RecordRow) => normaliseName(displayName(r));
  if (names(a) !== names(b)) out.push('names');
  const pairs: Array<[string, unknown, unknown]> = [
    ['sex', a.sex, b.sex],
    ['age', recordAge(a), recordAge(b)],
    ['birthDate', a.birth_date, b.birth_date],
    ['deathDate', a.death_date, b.death_date],
    ['place', a.place ? normaliseName(a.place) : null, b.place ? normaliseName(b.place) : null],
    ['status', a.status, b.status],
    ['type', a.type, b.type],
    ['cause', a.cause, b.cause],
  ];
  for (const [field, x, y] of pairs) if ((x ?? null) !== (y ?? null)) out.push(field);
  return out;
}

/**
 * The review queue and reviewers' decisions. A decision is keyed by the two records (ordered ids), not by a run:
 * every later run applies it, and a re-decision supersedes the earlier one, which stays as history.
 */
export class Review {
  constructor(private readonly db: Kysely<Database>) {}

  async queue(actor: Actor, runId: string, query: ReviewQuery): Promise<ReviewPage> {
    requireRole(actor, ...READERS);
    const run = await repo.findRun(this.db, runId);
    if (!run) throw notFound('Linkage run', runId);
    if (run.state !== 'done' || !run.model) throw conflict('run_not_done', `the linkage run is ${run.state}, not done`, { state: run.state });
    const band = { min: query.min, max: query.max };
    const page = await repo.reviewPage(this.db, runId, band, query.status, query.limit, query.offset);
    const records = new Map((await repo.recordsByIds(this.db, page.rows.flatMap((r) => [r.record_a, r.record_b]))).map((r) => [r.id, r]));
    const decisions = new Map((await repo.decisionsByIds(this.db, page.rows.map((r) => r.decision_id).filter((x): x is string => !!x))).map((d) => [d.id, decisionView(d)]));
    const model = run.model as FittedModel;
    return {
      pairs: page.rows.map((row) => {
        const a = records.get(row.record_a)!;
        const b = records.get(row.record_b)!;
        return {
          recordA: repo.recordView(a),
          recordB: repo.recordView(b),
          probability: row.probability,
          weight: row.weight,
          explanation: expandExplanation(row.explanation as StoredExplanation, row.probability, model),
          differences: differences(a, b),
          decision: row.decision_id ? (decisions.get(row.decision_id) ?? null) : null,
        };
      }),
      total: page.total,
      undecided: page.undecided,
      band,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async decide(actor: Actor, input: DecisionInput): Promise<{ decision: DecisionView; superseded: string | null }> {
    requireRole(actor, 'reviewer', 'editor');
    if (input.recordA === input.recordB) throw invalid('same_record', 'a decision needs two different records');
    const [a, b] = input.recordA < input.recordB ? [input.recordA, input.recordB] : [input.recordB, input.recordA];
    const found = await repo.recordsByIds(this.db, [a, b]);
    for (const id of [a, b]) if (!found.some((r) => r.id === id)) throw notFound('Casualty record', id);
    const known = await repo.isKnownPair(this.db, a, b);
    if (!known && !input.manual) {
      throw invalid('not_a_pair', 'no linkage run compared these two records or put them in one person; to link them by hand, decide with manual: true');
    }
    const note = input.note ? input.note : null;
    const { id, superseded } = await this.db.transaction().execute(async (tx) => {
      const made = await this.record(tx, actor, a, b, input.decision, note, { manual: !known });
      if (!made.id) throw conflict('already_decided', `this pair is already decided as ${input.decision}`, { id: made.superseded });
      return made;
    });
    const [row] = await repo.decisionsByIds(this.db, [id!]);
    return { decision: decisionView(row), superseded };
  }

  /**
   * Takes a record out of its person in a run: a non-match decision between it and every other record of the
   * person, in one transaction, each audited. Pairs already decided non-match are left as they are; the next run
   * keeps the record apart.
   */
  async split(actor: Actor, runId: string, personId: number, input: { recordId: string; note?: string | null }): Promise<{ decisions: DecisionView[] }> {
    requireRole(actor, 'reviewer', 'editor');
    const run = await repo.findRun(this.db, runId);
    if (!run) throw notFound('Linkage run', runId);
    if (run.state !== 'done') throw conflict('run_not_done', `the linkage run is ${run.state}, not done`, { state: run.state });
    const person = await repo.findPerson(this.db, runId, personId);
    if (!person) throw notFound('Person', String(personId));
    const members = (await repo.membersOf(this.db, runId, [personId])).map((m) => m.record_id);
    if (!members.includes(input.recordId)) throw invalid('not_in_person', `record ${input.recordId} is not one of person ${personId}'s records in this run`);
    if (members.length < 2) throw invalid('nothing_to_split', `person ${personId} has only this record`);
    const note = input.note ? input.note : null;
    const ids = await this.db.transaction().execute(async (tx) => {
      const made: string[] = [];
      for (const other of members) {
        if (other === input.recordId) continue;
        const [a, b] = input.recordId < other ? [input.recordId, other] : [other, input.recordId];
        const d = await this.record(tx, actor, a, b, 'non_match', note, { split: { runId, personId } });
        if (d.id) made.push(d.id);
      }
      return made;
    });
    return { decisions: (await repo.decisionsByIds(this.db, ids)).map(decisionView) };
  }

  /**
   * One decision in a transaction: supersedes the current one on the pair, audited in the same transaction.
   * Returns id null (and the current decision's id) when the same decision is already current.
   */
  private async record(
    tx: Transaction<Database>,
    actor: Actor,
    a: string,
    b: string,
    decision: DecisionInput['decision'],
    note: string | null,
    extra: Record<string, unknown>,
  ): Promise<{ id: string | null; superseded: string | null }> {
    const current = await repo.lockCurrentDecision(tx, a, b);
    if (current && current.decision === decision) return { id: null, superseded: current.id };
    const id = randomUUID();
    const reviewer = actorId(actor) ?? '00000000-0000-0000-0000-000000000000';
    await repo.recordDecision(tx, { id, record_a: a, record_b: b, decision, reviewer_id: reviewer, note }, current?.id ?? null);
    await recordAudit(tx, actor, {
      action: 'casualties.pair_decided',
      subjectType: 'review_decision',
      subjectId: id,
      details: {
        recordA: a,
        recordB: b,
        decision,
        supersedes: current?.id ?? null,
        noteSha256: note ? createHash('sha256').update(note, 'utf8').digest('hex') : null,
        ...extra,
      },
    });
    return { id, superseded: current?.id ?? null };
  }

  async list(actor: Actor, history: boolean, limit: number, offset: number): Promise<{ decisions: DecisionView[]; total: number; limit: number; offset: number }> {
    requireRole(actor, ...READERS);
    const page = await repo.listDecisions(this.db, history, limit, offset);
    return { decisions: page.rows.map(decisionView), total: page.total, limit, offset };
  }
}
