import {
  acknowledgmentGroupOf,
  attribution,
  dateOverlaps,
  jurisdictionCountry,
  sourceLabel,
  type Actor,
  type Claim,
  type RecognitionAct,
  type RegistryDataset,
  type Source,
} from '../../core/registry/index.ts';
import type { ActView, ClaimView } from './schemas.ts';

/** What the API returns: every claim and act carries who says it and where, never a bare figure. */
export interface ActorRef {
  id: string;
  name: string;
  type: Actor['type'];
  classification: Actor['classification'];
  country: string | null;
  subdivision: string | null;
  wikidata: string | null;
  description: string | null;
}

export type { ActView, ClaimView } from './schemas.ts';

const actorRef = (a: Actor): ActorRef => ({
  id: a.id,
  name: a.name,
  type: a.type,
  classification: a.classification,
  country: a.country,
  subdivision: a.subdivision,
  wikidata: a.wikidata,
  description: a.description,
});

const unknownActor = (id: string): Actor => ({
  id,
  name: id,
  type: 'organization',
  classification: 'other',
  country: null,
  subdivision: null,
  wikidata: null,
  parentId: null,
  description: null,
});

/** Indexes a dataset once per request and renders records as views, restricted to what the reader may see. */
export class RegistryIndex {
  readonly sources: Map<string, Source>;
  readonly actors: Map<string, Actor>;
  readonly events: Map<string, RegistryDataset['events'][number]>;
  readonly claims: Claim[];
  readonly acts: RecognitionAct[];
  private readonly contestedBy = new Map<string, string[]>();

  constructor(dataset: RegistryDataset, seesUnpublished: boolean) {
    this.claims = dataset.claims.filter((c) => seesUnpublished || c.published);
    this.acts = dataset.recognitionActs.filter((a) => seesUnpublished || a.published);
    const visibleClaims = new Set(this.claims.map((c) => c.id));
    // The public sees only what published records refer to: an unpublished import's names stay internal.
    const usedSources = new Set<string>();
    const usedActors = new Set<string>();
    const usedEvents = new Set<string>();
    for (const c of this.claims) {
      c.sources.forEach((s) => usedSources.add(s));
      usedActors.add(c.assertedBy);
      if (c.eventId) usedEvents.add(c.eventId);
      for (const contested of c.contests) {
        if (!visibleClaims.has(contested)) continue;
        this.contestedBy.set(contested, [...(this.contestedBy.get(contested) ?? []), c.id]);
      }
    }
    for (const a of this.acts) {
      a.sources.forEach((s) => usedSources.add(s));
      if (a.documentSourceId) usedSources.add(a.documentSourceId);
      usedActors.add(a.bodyId);
      if (a.courtId) usedActors.add(a.courtId);
      a.roles.forEach((r) => usedActors.add(r.actorId));
      if (a.eventId) usedEvents.add(a.eventId);
    }
    const keep = <T extends { id: string }>(items: T[], used: Set<string>) =>
      new Map(items.filter((i) => seesUnpublished || used.has(i.id)).map((i) => [i.id, i]));
    this.sources = keep(dataset.sources, usedSources);
    this.actors = keep(dataset.actors, usedActors);
    this.events = keep(dataset.events, usedEvents);
  }

  private eventRef(id: string | null) {
    const event = id ? this.events.get(id) : undefined;
    return event ? { id: event.id, name: event.name } : null;
  }

  private sourceList(ids: string[]): Source[] {
    return ids.map((id) => this.sources.get(id)).filter((s): s is Source => Boolean(s));
  }

  claimView(c: Claim): ClaimView {
    const actor = this.actors.get(c.assertedBy) ?? unknownActor(c.assertedBy);
    const sources = this.sourceList(c.sources);
    const { assertedBy: _a, sources: _s, eventId, contests, ...rest } = c;
    const visibleContests = contests.filter((id) => this.claims.some((x) => x.id === id));
    return {
      ...rest,
      contests: visibleContests,
      actor: actorRef(actor),
      event: this.eventRef(eventId),
      sources,
      contestedBy: this.contestedBy.get(c.id) ?? [],
      attribution: attribution(actor, c.attributionNote, sources),
    };
  }

  actView(a: RecognitionAct): ActView {
    const body = this.actors.get(a.bodyId) ?? unknownActor(a.bodyId);
    const sources = this.sourceList(a.sources);
    const { bodyId: _b, sources: _s, eventId, documentSourceId, courtId, roles, ...rest } = a;
    const actorOf = (id: string) => actorRef(this.actors.get(id) ?? unknownActor(id));
    return {
      ...rest,
      group: acknowledgmentGroupOf(a.kind),
      body: actorRef(body),
      court: courtId ? actorOf(courtId) : null,
      roles: roles.map((r) => ({ actor: actorOf(r.actorId), role: r.role })),
      country: a.jurisdiction ? jurisdictionCountry(a.jurisdiction) : null,
      event: this.eventRef(eventId),
      document: documentSourceId ? (this.sources.get(documentSourceId) ?? null) : null,
      sources,
      // The act is reported, not witnessed: the attribution names the reporting sources.
      attribution: `according to ${sources.length ? sources.map(sourceLabel).join('; ') : 'no source recorded'}`,
    };
  }
}

export interface ClaimFilters {
  actor?: string;
  kind?: string;
  verification?: string;
  event?: string;
  from?: string;
  to?: string;
  q?: string;
}

export interface ActFilters {
  kind?: string;
  group?: string;
  /** Acts by a body of this country or in its jurisdiction, about any event. */
  country?: string;
  body?: string;
  term?: string;
  level?: string;
  verification?: string;
  jurisdiction?: string;
  event?: string;
  from?: string;
  to?: string;
}

const contains = (text: string | null | undefined, q: string) => (text ?? '').toLowerCase().includes(q);

export function filterClaims(index: RegistryIndex, f: ClaimFilters): Claim[] {
  const q = f.q?.trim().toLowerCase();
  return index.claims.filter(
    (c) =>
      (!f.actor || c.assertedBy === f.actor) &&
      (!f.kind || c.kind === f.kind) &&
      (!f.verification || c.verification === f.verification) &&
      (!f.event || c.eventId === f.event) &&
      (!(f.from || f.to) || (c.date !== null && dateOverlaps(c.date, f.from, f.to))) &&
      (!q || contains(c.statement, q) || contains(c.valueText, q) || contains(index.actors.get(c.assertedBy)?.name, q)),
  );
}

export function filterActs(index: RegistryIndex, f: ActFilters): RecognitionAct[] {
  return index.acts.filter(
    (a) =>
      (!f.kind || a.kind === f.kind) &&
      (!f.group || acknowledgmentGroupOf(a.kind) === f.group) &&
      (!f.country || (a.jurisdiction !== null && jurisdictionCountry(a.jurisdiction) === f.country) || index.actors.get(a.bodyId)?.country === f.country) &&
      (!f.body || a.bodyId === f.body) &&
      (!f.term || a.terms.includes(f.term as RecognitionAct['terms'][number])) &&
      (!f.level || a.level === f.level) &&
      (!f.verification || a.verification === f.verification) &&
      (!f.jurisdiction || a.jurisdiction === f.jurisdiction || (a.jurisdiction ?? '').startsWith(`${f.jurisdiction}-`)) &&
      (!f.event || a.eventId === f.event) &&
      (!(f.from || f.to) || (a.date !== null && dateOverlaps(a.date, f.from, f.to))),
  );
}
