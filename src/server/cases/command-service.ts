import { createHash } from 'node:crypto';
import { chartOn, unitsPresent, type HeldRelation } from '../../core/cases/command-chain.ts';
import { windowOf } from '../../core/cases/command-dates.ts';
import { parseCommandFiles, COMMAND_JSON_FILE, COMMAND_JSON_FORMAT, type CommandDataset, type CommandRelationRecord } from '../../core/cases/command-import.ts';
import type { Problem } from '../../core/registry/types.ts';
import { isPartialDate } from '../../core/registry/dates.ts';
import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import { invalid, notFound } from '../errors.ts';
import * as repo from './command-repository.ts';
import type { RegistrySourceRef } from './schemas.ts';
import type { CasesService } from './service.ts';

type Db = CasesService['db'];


function digest(files: Record<string, string>): string {
  const each: Record<string, string> = {};
  for (const name of Object.keys(files).sort()) each[name] = createHash('sha256').update(files[name], 'utf8').digest('hex');
  return createHash('sha256').update(JSON.stringify(each)).digest('hex');
}

/** Refuses with the first error's own code (command_cycle, end_before_start, unknown_entity…) and every problem. */
function refuse(problems: Problem[]): never {
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  throw invalid(first?.code ?? 'import_rejected', `Refused: ${errors.length} problem${errors.length === 1 ? '' : 's'}${first ? ` (first: ${first.field ? `${first.field}: ` : ''}${first.message})` : ''}; nothing was saved`, { problems });
}

/**
 * Units and chains of command: reading (viewers and up), adding entities and relations (editors), the chart on a
 * date and the units present at an incident, each relation with its sources. Every write goes through the same
 * checks as an import, under one lock, so two analysts cannot together close a cycle.
 */
export class CommandService {
  constructor(
    private readonly db: Db,
    private readonly cases: CasesService,
  ) {}

  private async known(db: Db, data: CommandDataset) {
    const stored = await repo.loadCommand(db);
    const ids = await repo.knownIds(
      db,
      [...new Set(data.relations.flatMap((r) => r.sources))],
      [...new Set(data.entities.map((e) => e.actorId).filter((x): x is string => x !== null))],
    );
    return { entities: stored.entities, relations: stored.relations, ...ids };
  }

  /** Parses, checks against what is stored, and (unless a dry run) writes all or nothing with one audit event. */
  async importFiles(actor: Actor, files: Record<string, string>, options: { dryRun?: boolean; label?: string } = {}) {
    this.cases.requireAnalyst(actor);
    const first = parseCommandFiles(files, { entities: [], relations: [], sources: new Set(), actors: new Set() });
    // The first pass knows nothing stored, so its unknown references are not yet problems; everything else is.
    const own = first.problems.filter((p) => p.code !== 'unknown_reference' && p.code !== 'unknown_entity' && p.code !== 'wrong_entity_kind');
    if (own.some((p) => p.severity === 'error')) refuse(own);
    const parsed = parseCommandFiles(files, await this.known(this.db, first.dataset));
    if (!parsed.ok) refuse(parsed.problems);
    const sha256 = digest(files);
    const counts = { entities: parsed.dataset.entities.length, relations: parsed.dataset.relations.length };
    if (options.dryRun) return { sha256, counts, warnings: parsed.problems, dryRun: true };
    await this.db.transaction().execute(async (tx) => {
      await repo.lockCommandImports(tx);
      // Checked again under the lock: another write may have added ids or relations meanwhile.
      const again = parseCommandFiles(files, await this.known(tx, parsed.dataset));
      if (!again.ok) refuse(again.problems);
      await repo.insertCommand(tx, again.dataset);
      await recordAudit(tx, actor, {
        action: 'cases.command_imported',
        subjectType: 'cases_command',
        subjectId: [...again.dataset.entities.map((e) => e.id), ...again.dataset.relations.map((r) => r.id)].slice(0, 20).join(',') || 'command',
        details: { label: (options.label ?? 'import').slice(0, 200), sha256, counts },
      });
    });
    return { sha256, counts, warnings: parsed.problems, dryRun: false };
  }

  async createEntity(actor: Actor, entity: Record<string, unknown>) {
    await this.importFiles(actor, { [COMMAND_JSON_FILE]: JSON.stringify({ format: COMMAND_JSON_FORMAT, version: 1, entities: [entity], relations: [] }) }, { label: 'entity' });
    return this.list(actor);
  }

  async createRelation(actor: Actor, relation: Record<string, unknown>) {
    await this.importFiles(actor, { [COMMAND_JSON_FILE]: JSON.stringify({ format: COMMAND_JSON_FORMAT, version: 1, entities: [], relations: [relation] }) }, { label: 'relation' });
    return this.list(actor);
  }

  private async sources(ids: string[]): Promise<Map<string, RegistrySourceRef>> {
    const rows = await repo.sourceNames(this.db, [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  private relationView(r: CommandRelationRecord, sources: Map<string, RegistrySourceRef>, certainty: HeldRelation['certainty'] | null = null) {
    return { ...r, certainty, sources: r.sources.map((id) => sources.get(id) ?? { id, publisher: '', title: id, date: null, address: null }) };
  }

  async list(actor: Actor) {
    this.cases.requireReader(actor);
    const data = await repo.loadCommand(this.db);
    const sources = await this.sources(data.relations.flatMap((r) => r.sources));
    return { entities: data.entities, relations: data.relations.map((r) => this.relationView(r, sources)) };
  }

  async exportFiles(actor: Actor) {
    this.cases.requireReader(actor);
    const data = await repo.loadCommand(this.db);
    return { [COMMAND_JSON_FILE]: `${JSON.stringify({ format: COMMAND_JSON_FORMAT, version: 1, ...data }, null, 2)}\n` };
  }

  /** The chain of command on a date (or over a range), optionally only the part around one unit. */
  async chart(actor: Actor, query: { date: string; to?: string; focus?: string }) {
    this.cases.requireReader(actor);
    for (const [field, value] of [['date', query.date], ['to', query.to]] as const) {
      if (value !== undefined && !isPartialDate(value)) throw invalid('invalid_date', `${field} "${value}" is not a date YYYY, YYYY-MM or YYYY-MM-DD that exists`);
    }
    const window = windowOf(query.date, query.to);
    if (window.last < window.first) throw invalid('end_before_start', `the range ends (${query.to}) before it starts (${query.date})`);
    const data = await repo.loadCommand(this.db);
    if (query.focus && !data.entities.some((e) => e.id === query.focus)) throw notFound('Unit', query.focus);
    const chart = chartOn(data.entities, data.relations, window, query.focus);
    const sources = await this.sources(chart.edges.flatMap((e) => e.relation.sources));
    return {
      window: chart.window,
      entities: chart.entities as CommandDataset['entities'],
      roots: chart.roots,
      edges: chart.edges.map((e) => this.relationView(e.relation as CommandRelationRecord, sources, e.certainty)),
    };
  }

  /** The units present at an incident (area of operation at its place in its window) and their commanders then. */
  async incidentUnits(actor: Actor, incidentId: string) {
    const { incident } = await this.cases.getIncident(actor, incidentId);
    const base = { incidentId, place: incident.placeName, start: incident.date.start, end: incident.date.end };
    if (!incident.placeName || !incident.date.start) return { ...base, reason: incident.placeName ? ('no_date' as const) : ('no_place' as const), units: [] };
    const data = await repo.loadCommand(this.db);
    const present = unitsPresent(data.relations, { start: incident.date.start, end: incident.date.end, place: incident.placeName });
    const sources = await this.sources(present.flatMap((p) => [...p.areas, ...p.chain.flatMap((s) => [...(s.via ? [s.via] : []), ...s.commanders])].flatMap((h) => h.relation.sources)));
    const entity = (id: string) => data.entities.find((e) => e.id === id) ?? { id, kind: 'unit' as const, name: id, actorId: null, description: null };
    const view = (h: HeldRelation) => this.relationView(h.relation as CommandRelationRecord, sources, h.certainty);
    return {
      ...base,
      reason: null,
      units: present.map((p) => ({
        unit: entity(p.unitId),
        areas: p.areas.map(view),
        chain: p.chain.map((step) => ({
          unit: entity(step.unitId),
          via: step.via ? view(step.via) : null,
          commanders: step.commanders.map((c) => ({ person: entity(c.relation.from), relation: view(c) })),
        })),
      })),
    };
  }
}
