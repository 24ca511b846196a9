import type { Kysely } from 'kysely';
import { hasRole, requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { caseFiles, casesToJson, CASES_JSON_FILE, JSON_FORMAT, JSON_VERSION, parseCaseFiles, type CasesDataset } from '../../core/cases/index.ts';
import * as repo from './repository.ts';
import type { CorrectionView } from './schemas.ts';
import { refuse } from './refuse.ts';

const MAX_REASON = 2000;
/** Who may see which casualty record an act names (as the casualty module allows). */
const RECORD_READERS = ['editor', 'reviewer'] as const;

type Value = string | number | string[] | Array<{ sourceId: string; pinpoint?: string | null }> | null;
type Kind = 'incidents' | 'acts' | 'allegations';

export type { CorrectionView } from './schemas.ts';

/** One record in the import's JSON field names, every column present (null when empty), so two versions compare field by field. */
function flat(key: Kind, d: CasesDataset): Record<string, Value> {
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

/** A value as the history shows it: lists joined with "; ", an allegation's sources as the CSV writes them ("S12@p. 4"). */
const display = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (!Array.isArray(v)) return String(v);
  return v.map((x: unknown) => (x !== null && typeof x === 'object' && 'sourceId' in x ? [(x as { sourceId: string }).sourceId, (x as { pinpoint?: string | null }).pinpoint].filter(Boolean).join('@') : String(x))).join('; ');
};

/**
 * Corrections of incidents, acts and allegations. A correction changes the record as it is shown and is a ledger event that
 * keeps every changed field's value before and after, who corrected it and why, so the original is never overwritten
 * silently: it can be read on the record's page and proven from the ledger. The corrected record passes the same
 * parser and reference checks as an import; a refusal names the field and saves nothing.
 */
export class CaseCorrections {
  constructor(readonly db: Kysely<Database>) {}

  async correctIncident(actor: Actor, id: string, changes: Record<string, unknown>, reason: string, sourceId: string | null = null): Promise<void> {
    requireRole(actor, 'editor');
    const why = checkReason(reason);
    await this.db.transaction().execute(async (tx) => {
      if (!(await repo.lockIncident(tx, id))) throw notFound('Incident', id);
      const before = flat('incidents', { ...(await repo.loadCases(tx, id)), acts: [], allegations: [] });
      const stored = await repo.caseKnown(tx, []);
      checkSource(sourceId, stored.sources);
      const known = { ...stored, incidents: new Set([...stored.incidents].filter((x) => x !== id)) };
      const parsed = parseCaseFiles(envelope('incidents', { ...before, ...changes, id }), known);
      if (!parsed.ok) refuse(parsed.problems, 'correction');
      const incident = parsed.dataset.incidents[0];
      const after = flat('incidents', { incidents: [incident], acts: [], allegations: [] });
      await this.record(tx, actor, 'incident', id, before, after, why, { incidentId: id }, sourceId);
      await repo.updateIncident(tx, incident);
    });
  }

  async correctAct(actor: Actor, id: string, changes: Record<string, unknown>, reason: string, sourceId: string | null = null): Promise<string> {
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
      checkSource(sourceId, stored_.sources);
      const known = { ...stored_, acts: new Set([...stored_.acts].filter((x) => x !== id)) };
      const parsed = parseCaseFiles(envelope('acts', record), known);
      if (!parsed.ok) refuse(parsed.problems, 'correction');
      const act = parsed.dataset.acts[0];
      const after = flat('acts', { incidents: [], allegations: [], acts: [act] });
      await this.record(tx, actor, 'act', id, before, after, why, { incidentId }, sourceId);
      await repo.updateAct(tx, act);
      return incidentId;
    });
  }

  /**
   * Corrects an allegation (analysts): what the proponent said, the crime, mode and elements relied on, the sources.
   * Its incident and its verification level (the reviewers') stay; an element that evidence links hang on cannot be
   * dropped (`element_has_evidence`), so no link is left on an element the allegation no longer names.
   */
  async correctAllegation(actor: Actor, id: string, changes: Record<string, unknown>, reason: string, sourceId: string | null = null): Promise<string> {
    requireRole(actor, 'editor');
    const why = checkReason(reason);
    return this.db.transaction().execute(async (tx) => {
      const incidentId = await repo.lockAllegation(tx, id);
      if (incidentId === undefined) throw notFound('Allegation', id);
      const stored = await repo.loadCases(tx, incidentId);
      const before = flat('allegations', { incidents: [], acts: [], allegations: stored.allegations.filter((a) => a.id === id) });
      const known_ = await repo.caseKnown(tx, []);
      checkSource(sourceId, known_.sources);
      const known = { ...known_, allegations: new Set([...known_.allegations].filter((x) => x !== id)) };
      const parsed = parseCaseFiles(envelope('allegations', { ...before, ...changes, id, incidentId, verification: before.verification }), known);
      if (!parsed.ok) refuse(parsed.problems, 'correction');
      const allegation = parsed.dataset.allegations[0];
      const dropped = ((before.elementIds as string[] | null) ?? []).filter((e) => !allegation.elementIds.includes(e));
      const withEvidence = await repo.elementsWithEvidence(tx, id, dropped);
      if (withEvidence.length) throw conflict('element_has_evidence', `Evidence is linked to ${withEvidence.join(', ')}; remove or move those links before dropping the element`, { elementIds: withEvidence });
      const after = flat('allegations', { incidents: [], acts: [], allegations: [allegation] });
      await this.record(tx, actor, 'allegation', id, before, after, why, { incidentId }, sourceId);
      await repo.updateAllegation(tx, allegation);
      return incidentId;
    });
  }

  private async record(
    tx: Kysely<Database>,
    actor: Actor,
    what: 'incident' | 'act' | 'allegation',
    id: string,
    before: Record<string, Value>,
    after: Record<string, Value>,
    reason: string,
    extra: Record<string, string>,
    sourceId: string | null,
  ) {
    const fields = Object.keys(after).filter((f) => !same(before[f], after[f]));
    if (fields.length === 0) throw conflict('correction_unchanged', `The correction changes nothing in ${what} ${id}`);
    await recordAudit(tx, actor, {
      action: `cases.${what}_corrected`,
      subjectType: `cases_${what}`,
      subjectId: id,
      details: { ...extra, reason, ...(sourceId ? { sourceId } : {}), from: Object.fromEntries(fields.map((f) => [f, before[f]])), to: Object.fromEntries(fields.map((f) => [f, after[f]])) },
    });
  }

  /** The corrections of these incidents or acts, by id, oldest first; casualty record ids only for record readers. */
  async history(actor: Actor, kind: 'cases_incident' | 'cases_act' | 'cases_allegation', ids: readonly string[]): Promise<Map<string, CorrectionView[]>> {
    const seeRecords = hasRole(actor, ...RECORD_READERS);
    const order = caseFiles[kind === 'cases_incident' ? 'incidents' : kind === 'cases_act' ? 'acts' : 'allegations'].columns.map((c) => c.json as string);
    const out = new Map<string, CorrectionView[]>();
    const rows = await repo.corrections(this.db, kind, ids);
    const sourceIds = [...new Set(rows.map((r) => (r.details as { sourceId?: unknown }).sourceId).filter((x): x is string => typeof x === 'string'))];
    const sources = sourceIds.length ? (await repo.names(this.db, { actors: [], sources: sourceIds, events: [], records: [] })).sources : [];
    for (const row of rows) {
      if (row.subject_id === null) continue;
      const details = row.details as { reason?: unknown; sourceId?: unknown; from?: Record<string, unknown>; to?: Record<string, unknown> };
      const source = typeof details.sourceId === 'string' ? (sources.find((s) => s.id === details.sourceId) ?? { id: details.sourceId, publisher: '', title: details.sourceId }) : null;
      const from = details.from ?? {};
      const to = details.to ?? {};
      const changes = Object.keys(to)
        .sort((a, b) => order.indexOf(a) - order.indexOf(b))
        .map((field) => {
          const hidden = field === 'victimRecordId' && !seeRecords;
          return { field, from: hidden ? null : display(from[field]), to: hidden ? null : display(to[field]), hidden };
        });
      const list = out.get(row.subject_id) ?? [];
      list.push({ at: row.at.toISOString(), by: row.actor_label, reason: typeof details.reason === 'string' ? details.reason : '', source: source ? { id: source.id, publisher: source.publisher, title: source.title } : null, changes });
      out.set(row.subject_id, list);
    }
    return out;
  }
}

/** A source named for a correction must be in the registry. */
function checkSource(sourceId: string | null, known: ReadonlySet<string>): void {
  if (sourceId !== null && !known.has(sourceId)) throw invalid('unknown_source', `No registry source ${sourceId}`, { field: 'sourceId' });
}

function envelope(key: Kind, record: Record<string, unknown>): Record<string, string> {
  return { [CASES_JSON_FILE]: JSON.stringify({ format: JSON_FORMAT, version: JSON_VERSION, [key]: [record] }) };
}
