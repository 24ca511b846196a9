import type { Kysely } from 'kysely';
import { hasRole, requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { caseFiles, casesToJson, CASES_JSON_FILE, JSON_FORMAT, JSON_VERSION, parseCaseFiles, type CasesDataset } from '../../core/cases/index.ts';
import * as repo from './repository.ts';
import { refuse } from './refuse.ts';

const MAX_REASON = 2000;
/** Who may see which casualty record an act names (as the casualty module allows). */
const RECORD_READERS = ['editor', 'reviewer'] as const;

type Value = string | number | string[] | null;

export interface CorrectionView {
  at: string;
  by: string;
  reason: string;
  /** Each changed field with its value before and after; a casualty record's id is hidden from roles that may not read records. */
  changes: Array<{ field: string; from: string | null; to: string | null; hidden: boolean }>;
}

/** One record in the import's JSON field names, every column present (null when empty), so two versions compare field by field. */
function flat(key: 'incidents' | 'acts', d: CasesDataset): Record<string, Value> {
  const record = (JSON.parse(casesToJson(d)[CASES_JSON_FILE]) as Record<string, Array<Record<string, Value>>>)[key][0];
  return Object.fromEntries(caseFiles[key].columns.map((c) => [c.json, record[c.json] ?? null]));
}

const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b);

function checkReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === '') throw invalid('reason_required', 'Say why the record is corrected');
  if (trimmed.length > MAX_REASON) throw invalid('reason_too_long', `The reason has ${trimmed.length} characters; at most ${MAX_REASON}`);
  return trimmed;
}

const display = (v: unknown): string | null => (v === null || v === undefined ? null : Array.isArray(v) ? v.join('; ') : String(v));

/**
 * Corrections of incidents and acts. A correction changes the record as it is shown and is a ledger event that
 * keeps every changed field's value before and after, who corrected it and why, so the original is never overwritten
 * silently: it can be read on the record's page and proven from the ledger. The corrected record passes the same
 * parser and reference checks as an import; a refusal names the field and saves nothing.
 */
export class CaseCorrections {
  constructor(readonly db: Kysely<Database>) {}

  async correctIncident(actor: Actor, id: string, changes: Record<string, unknown>, reason: string): Promise<void> {
    requireRole(actor, 'editor');
    const why = checkReason(reason);
    await this.db.transaction().execute(async (tx) => {
      if (!(await repo.lockIncident(tx, id))) throw notFound('Incident', id);
      const before = flat('incidents', { ...(await repo.loadCases(tx, id)), acts: [], allegations: [] });
      const stored = await repo.caseKnown(tx, []);
      const known = { ...stored, incidents: new Set([...stored.incidents].filter((x) => x !== id)) };
      const parsed = parseCaseFiles(envelope('incidents', { ...before, ...changes, id }), known);
      if (!parsed.ok) refuse(parsed.problems, 'correction');
      const incident = parsed.dataset.incidents[0];
      const after = flat('incidents', { incidents: [incident], acts: [], allegations: [] });
      await this.record(tx, actor, 'incident', id, before, after, why, { incidentId: id });
      await repo.updateIncident(tx, incident);
    });
  }

  async correctAct(actor: Actor, id: string, changes: Record<string, unknown>, reason: string): Promise<string> {
    requireRole(actor, 'editor');
    const why = checkReason(reason);
    return this.db.transaction().execute(async (tx) => {
      const incidentId = await repo.lockAct(tx, id);
      if (incidentId === undefined) throw notFound('Act', id);
      const stored = await repo.loadCases(tx, incidentId);
      const before = flat('acts', { incidents: [], allegations: [], acts: stored.acts.filter((a) => a.id === id) });
      const record: Record<string, unknown> = { ...before, ...changes, id, incidentId };
      const victim = record.victimRecordId;
      const stored_ = await repo.caseKnown(tx, typeof victim === 'string' ? [victim.toLowerCase()] : []);
      const known = { ...stored_, acts: new Set([...stored_.acts].filter((x) => x !== id)) };
      const parsed = parseCaseFiles(envelope('acts', record), known);
      if (!parsed.ok) refuse(parsed.problems, 'correction');
      const act = parsed.dataset.acts[0];
      const after = flat('acts', { incidents: [], allegations: [], acts: [act] });
      await this.record(tx, actor, 'act', id, before, after, why, { incidentId });
      await repo.updateAct(tx, act);
      return incidentId;
    });
  }

  private async record(
    tx: Kysely<Database>,
    actor: Actor,
    what: 'incident' | 'act',
    id: string,
    before: Record<string, Value>,
    after: Record<string, Value>,
    reason: string,
    extra: Record<string, string>,
  ) {
    const fields = Object.keys(after).filter((f) => !same(before[f], after[f]));
    if (fields.length === 0) throw conflict('correction_unchanged', `The correction changes nothing in ${what} ${id}`);
    await recordAudit(tx, actor, {
      action: `cases.${what}_corrected`,
      subjectType: `cases_${what}`,
      subjectId: id,
      details: { ...extra, reason, from: Object.fromEntries(fields.map((f) => [f, before[f]])), to: Object.fromEntries(fields.map((f) => [f, after[f]])) },
    });
  }

  /** The corrections of these incidents or acts, by id, oldest first; casualty record ids only for record readers. */
  async history(actor: Actor, kind: 'cases_incident' | 'cases_act', ids: readonly string[]): Promise<Map<string, CorrectionView[]>> {
    const seeRecords = hasRole(actor, ...RECORD_READERS);
    const order = caseFiles[kind === 'cases_incident' ? 'incidents' : 'acts'].columns.map((c) => c.json as string);
    const out = new Map<string, CorrectionView[]>();
    for (const row of await repo.corrections(this.db, kind, ids)) {
      if (row.subject_id === null) continue;
      const details = row.details as { reason?: unknown; from?: Record<string, unknown>; to?: Record<string, unknown> };
      const from = details.from ?? {};
      const to = details.to ?? {};
      const changes = Object.keys(to)
        .sort((a, b) => order.indexOf(a) - order.indexOf(b))
        .map((field) => {
          const hidden = field === 'victimRecordId' && !seeRecords;
          return { field, from: hidden ? null : display(from[field]), to: hidden ? null : display(to[field]), hidden };
        });
      const list = out.get(row.subject_id) ?? [];
      list.push({ at: row.at.toISOString(), by: row.actor_label, reason: typeof details.reason === 'string' ? details.reason : '', changes });
      out.set(row.subject_id, list);
    }
    return out;
  }
}

function envelope(key: 'incidents' | 'acts', record: Record<string, unknown>): Record<string, string> {
  return { [CASES_JSON_FILE]: JSON.stringify({ format: JSON_FORMAT, version: JSON_VERSION, [key]: [record] }) };
}
