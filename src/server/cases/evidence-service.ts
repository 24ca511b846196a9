import { randomUUID } from 'node:crypto';
import { checkPinpoint, codePointLength, PinpointError, pinpointLabel, type Pinpoint, type PinpointExtent } from '../../core/cases/evidence-pinpoint.ts';
import { LINK_CHANGED, LINK_CREATED, LINK_REMOVED, LINK_SUBJECT, linkSha256, type EvidenceLinkRecord } from '../../core/cases/evidence-record.ts';
import { LOW_RELIABILITY, matrixFromCounts, sourceKey, type Direction, type Reliability } from '../../core/cases/matrix-compute.ts';
import { canonicalize } from '../../core/ledger/canonical-json.ts';
import { unstorableText, describeTextProblem } from '../../core/text/storable.ts';
import { actorId, type Actor } from '../accounts/actor.ts';
import { audienceOf, canSeeFile, canSeeItem } from '../archive/visibility.ts';
import { recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import { conflict, DomainError, invalid, notFound } from '../errors.ts';
import type { CasesService } from './service.ts';
import * as repo from './evidence-repository.ts';
import type { LinkView, MatrixView } from './evidence-schemas.ts';
import { evidenceDb, plainDb, type EvidenceDb, type EvidenceLinkRow } from './evidence-tables.ts';

export interface LinkInput {
  elementId: string;
  itemId: string;
  pinpoint: Pinpoint;
  direction: Direction;
  reliability: Reliability;
  note?: string;
}

export interface LinkChange {
  version: number;
  pinpoint?: Pinpoint;
  direction?: Direction;
  reliability?: Reliability;
  note?: string;
}

export type { LinkView, MatrixView } from './evidence-schemas.ts';


export const INDEPENDENCE =
  "Sources are counted as independent when their archive items have different sources: the item's 'provided by' (compared without case or spacing), or the item itself when it names none. Links to items you may not see are neither shown nor counted.";

const MAX_NOTE = 4000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The pinpoint's place in the unique key: canonical JSON of the checked pinpoint. */
const pinpointKey = (p: Pinpoint) => canonicalize(p);

function checkNote(note: string | undefined): string {
  const text = (note ?? '').normalize('NFC');
  if (text.length > MAX_NOTE) throw invalid('note_too_long', `note: at most ${MAX_NOTE} characters`, { field: 'note' });
  const problem = unstorableText(text);
  if (problem) throw invalid('invalid_text', `note: the text ${describeTextProblem(problem.problem)}`, { field: 'note' });
  return text;
}

const recordOf = (row: EvidenceLinkRow): EvidenceLinkRecord => ({
  id: row.id,
  allegationId: row.allegation_id,
  elementId: row.element_id,
  itemId: row.item_id,
  pinpoint: row.pinpoint,
  direction: row.direction,
  reliability: row.reliability,
  note: row.note,
  version: row.version,
});

/** What an evidence link's audit event (and so its ledger entry) holds: structure and hashes, never the note's text. */
function auditDetails(record: EvidenceLinkRecord): Record<string, unknown> {
  return {
    allegationId: record.allegationId,
    elementId: record.elementId,
    itemId: record.itemId,
    pinpoint: record.pinpoint,
    direction: record.direction,
    reliability: record.reliability,
    version: record.version,
    linkSha256: linkSha256(record),
  };
}

/**
 * Evidence linked to the legal elements of an allegation (issue 21, item 4) and the matrix it makes (item 5).
 * Analysts (editors) link, change and remove; every reader (viewer, editor, reviewer, admin) reads. An item the
 * actor may not see is answered exactly as a missing item, and a link to it is neither listed nor counted for them.
 */
export class CaseEvidenceService {
  private readonly db: EvidenceDb;

  constructor(
    private readonly ctx: AppContext,
    private readonly cases: CasesService,
  ) {
    this.db = evidenceDb(ctx.db);
  }

  private async allegation(id: string, db: EvidenceDb = this.db) {
    const row = await repo.findAllegation(db, id);
    if (!row) throw notFound('Allegation', id);
    return row;
  }

  /** The pinpoint checked against the item's file (or testimony text): inside it, and in a file the actor may see. */
  private async checkedPinpoint(db: EvidenceDb, actor: Actor, itemId: string, pinpoint: Pinpoint): Promise<Pinpoint> {
    let extent: PinpointExtent = {};
    if (pinpoint.type === 'span') {
      const text = await repo.testimonyText(db, itemId, pinpoint.language);
      extent = { textLength: text === undefined ? undefined : codePointLength(text) };
    } else if (pinpoint.type !== 'item') {
      const found = UUID.test(pinpoint.fileId) ? await repo.fileExtent(db, itemId, pinpoint.fileId) : undefined;
      // A file of another item, or one the actor may not open, is answered as a missing file.
      if (!found || !canSeeFile(actor, found.file.confidentiality))
        throw new DomainError('not_found', 'not_found', 'File not found', { id: pinpoint.fileId, field: 'pinpoint.fileId' });
      const num = (key: string) => {
        for (const m of found.metadata) if (typeof m[key] === 'number' && Number.isFinite(m[key])) return m[key] as number;
        return undefined;
      };
      extent = { pages: num('pages'), durationSeconds: num('durationSeconds'), width: num('width'), height: num('height') };
    }
    try {
      return checkPinpoint(pinpoint, extent);
    } catch (error) {
      if (error instanceof PinpointError) {
        throw error.code === 'pinpoint_extent_unknown'
          ? conflict(error.code, error.message, { field: error.field })
          : invalid(error.code, error.message, { field: error.field });
      }
      throw error;
    }
  }

  /** The item, or not_found exactly as the archive answers for a missing item. */
  private async visibleItem(db: EvidenceDb, actor: Actor, itemId: string) {
    const item = UUID.test(itemId) ? await repo.itemVisibility(db, itemId) : undefined;
    if (!item || !canSeeItem(actor, item)) throw notFound('Item', itemId);
    return item;
  }

  async link(actor: Actor, allegationId: string, input: LinkInput): Promise<LinkView> {
    this.cases.requireAnalyst(actor);
    const id = randomUUID();
    await this.db
      .transaction()
      .execute((tx) => this.linkIn(tx, actor, allegationId, input, id))
      .catch(rethrowUnique);
    return this.get(actor, id);
  }

  /** Runs the given work in one transaction of the evidence tables (a bulk link: every link or none). */
  transaction<T>(work: (tx: EvidenceDb) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /**
   * One link inside the caller's transaction, with its ledger event (the archive list's bulk "add to a case" makes
   * many in one, src/server/cases/evidence-bulk.ts); the caller maps a unique violation with rethrowUnique.
   */
  async linkIn(tx: EvidenceDb, actor: Actor, allegationId: string, input: LinkInput, id: string): Promise<void> {
    this.cases.requireAnalyst(actor);
    const note = checkNote(input.note);
    await this.allegation(allegationId, tx);
    const elements = await repo.elementsOfAllegation(tx, allegationId);
    if (!elements.some((e) => e.id === input.elementId)) {
      throw invalid('unknown_element', `elementId: ${input.elementId} is not an element of allegation ${allegationId}`, { field: 'elementId' });
    }
    await this.visibleItem(tx, actor, input.itemId);
    const pinpoint = await this.checkedPinpoint(tx, actor, input.itemId, input.pinpoint);
    const key = pinpointKey(pinpoint);
    const duplicate = await repo.findDuplicate(tx, { allegationId, elementId: input.elementId, itemId: input.itemId, pinpointKey: key });
    if (duplicate) throw conflict('duplicate_link', 'this place of this item is already linked to this element', { linkId: duplicate.id });
    const now = new Date();
    await repo.insertLink(tx, {
      id,
      allegation_id: allegationId,
      element_id: input.elementId,
      item_id: input.itemId,
      pinpoint: JSON.stringify(pinpoint),
      pinpoint_key: key,
      direction: input.direction,
      reliability: input.reliability,
      note,
      version: 1,
      created_by: actorId(actor),
      updated_by: actorId(actor),
      created_at: now,
      updated_at: now,
    });
    const record: EvidenceLinkRecord = {
      id,
      allegationId,
      elementId: input.elementId,
      itemId: input.itemId,
      pinpoint,
      direction: input.direction,
      reliability: input.reliability,
      note,
      version: 1,
    };
    await recordAudit(plainDb(tx), actor, { action: LINK_CREATED, subjectType: LINK_SUBJECT, subjectId: id, details: auditDetails(record) });
  }

  /** A link the actor may see (its item visible to them), or not_found. */
  private async visibleLink(db: EvidenceDb, actor: Actor, linkId: string, forUpdate = false): Promise<EvidenceLinkRow> {
    const row = UUID.test(linkId) ? await (forUpdate ? repo.findLinkForUpdate(db, linkId) : repo.findLink(db, linkId)) : undefined;
    if (!row) throw notFound('Evidence link', linkId);
    const item = await repo.itemVisibility(db, row.item_id);
    if (!item || !canSeeItem(actor, item)) throw notFound('Evidence link', linkId);
    return row;
  }

  async get(actor: Actor, linkId: string): Promise<LinkView> {
    this.cases.requireReader(actor);
    const row = await this.visibleLink(this.db, actor, linkId);
    const [view] = await this.list(actor, row.allegation_id, { linkId, limit: 1, offset: 0 });
    if (!view) throw notFound('Evidence link', linkId);
    return view;
  }

  async change(actor: Actor, linkId: string, change: LinkChange): Promise<LinkView> {
    this.cases.requireAnalyst(actor);
    const note = change.note === undefined ? undefined : checkNote(change.note);
    await this.db
      .transaction()
      .execute(async (tx) => {
        const row = await this.visibleLink(tx, actor, linkId, true);
        if (row.version !== change.version)
          throw conflict('link_changed', `the link was changed meanwhile (now version ${row.version}); reload it and change it again`, {
            version: row.version,
          });
        const pinpoint = change.pinpoint ? await this.checkedPinpoint(tx, actor, row.item_id, change.pinpoint) : row.pinpoint;
        const key = pinpointKey(pinpoint);
        if (change.pinpoint) {
          const duplicate = await repo.findDuplicate(tx, {
            allegationId: row.allegation_id,
            elementId: row.element_id,
            itemId: row.item_id,
            pinpointKey: key,
            exceptId: row.id,
          });
          if (duplicate) throw conflict('duplicate_link', 'this place of this item is already linked to this element', { linkId: duplicate.id });
        }
        const before = recordOf(row);
        const after: EvidenceLinkRecord = {
          ...before,
          pinpoint,
          direction: change.direction ?? before.direction,
          reliability: change.reliability ?? before.reliability,
          note: note ?? before.note,
          version: row.version + 1,
        };
        if (canonicalize({ ...before, version: 0 }) === canonicalize({ ...after, version: 0 }))
          throw invalid('no_change', 'nothing to change: the link already says this');
        await repo.updateLink(tx, row.id, {
          pinpoint: JSON.stringify(after.pinpoint),
          pinpoint_key: key,
          direction: after.direction,
          reliability: after.reliability,
          note: after.note,
          version: after.version,
          updated_by: actorId(actor),
          updated_at: new Date(),
        });
        const changed = (['pinpoint', 'direction', 'reliability', 'note'] as const).filter((k) => canonicalize(before[k]) !== canonicalize(after[k]));
        await recordAudit(plainDb(tx), actor, {
          action: LINK_CHANGED,
          subjectType: LINK_SUBJECT,
          subjectId: row.id,
          details: { ...auditDetails(after), changed, previousSha256: linkSha256(before) },
        });
      })
      .catch(rethrowUnique);
    return this.get(actor, linkId);
  }

  async remove(actor: Actor, linkId: string): Promise<void> {
    this.cases.requireAnalyst(actor);
    await this.db.transaction().execute(async (tx) => {
      const row = await this.visibleLink(tx, actor, linkId, true);
      await repo.deleteLink(tx, row.id);
      const record = recordOf(row);
      await recordAudit(plainDb(tx), actor, {
        action: LINK_REMOVED,
        subjectType: LINK_SUBJECT,
        subjectId: row.id,
        details: { ...auditDetails(record), removedSha256: linkSha256(record) },
      });
    });
  }

  async list(actor: Actor, allegationId: string, options: { elementId?: string; linkId?: string; limit: number; offset: number }): Promise<LinkView[]> {
    this.cases.requireReader(actor);
    await this.allegation(allegationId);
    const rows = await repo.listLinks(this.db, actor, allegationId, options);
    return rows.map((r) => {
      // A pinpoint into a file the reader may not open is hidden (the item itself they may see).
      const hidden = r.file_confidentiality !== null && !canSeeFile(actor, r.file_confidentiality as Parameters<typeof canSeeFile>[1]);
      return {
        id: r.id,
        allegationId: r.allegation_id,
        elementId: r.element_id,
        itemId: r.item_id,
        itemTitle: r.item_title,
        itemKind: r.item_kind,
        providedBy: r.provided_by,
        pinpoint: hidden ? null : r.pinpoint,
        pinpointLabel: hidden ? null : pinpointLabel(r.pinpoint),
        direction: r.direction,
        reliability: r.reliability,
        lowReliability: LOW_RELIABILITY.has(r.reliability),
        note: r.note,
        version: r.version,
        createdBy: r.created_by_name,
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      };
    });
  }

  /** Every link of the allegation the actor may see, in full: for the print view, the CLI and the case file. */
  async allLinks(actor: Actor, allegationId: string): Promise<LinkView[]> {
    return this.list(actor, allegationId, { limit: 1_000_000, offset: 0 });
  }

  async matrix(actor: Actor, allegationId: string): Promise<MatrixView> {
    this.cases.requireReader(actor);
    // One statement when the source keys of the allegation's raw provided_by values are known (the key rule is the
    // core's, so the database is told them): those seen for this allegation last time. A value not among them comes
    // back as a miss; its key is worked out and the statement runs again, in a repeatable-read transaction so that
    // an item renamed meanwhile cannot bring a new miss: within one snapshot the second run sees no value the first
    // did not report, so it never needs a third.
    // Counts already made at the allegation's current matrix version, for this audience, are used again: the version
    // changes in the transaction of every change they are made of (migration 202612160600), so one short statement
    // (the allegation, its elements and its version) replaces grouping every link.
    const cacheKey = `${audienceOf(actor)}\u0000${allegationId}`;
    const cached = this.countsCache.get(cacheKey);
    if (cached) {
      const head = await repo.matrixHead(this.db, allegationId);
      if (!head) throw notFound('Allegation', allegationId);
      const { elements, version, ...allegation } = head;
      if (version === cached.version) return this.matrixView(allegation, elements, cached.counts, cached.over);
    }
    const known = this.knownSources.get(allegationId) ?? new Map<string, string>();
    const first = await this.matrixKnowing(this.db, actor, allegationId, known, cacheKey);
    if (first) return first;
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        for (let attempt = 0; attempt < 2; attempt++) {
          const view = await this.matrixKnowing(tx, actor, allegationId, known, cacheKey);
          if (view) return view;
        }
        throw new Error(`matrix of ${allegationId}: source keys still missing within one snapshot`);
      });
  }

  /** The matrix counted with the keys in `known`; undefined (with `known` taught the misses) when a raw value was new. */
  private async matrixKnowing(db: EvidenceDb, actor: Actor, allegationId: string, known: Map<string, string>, cacheKey: string): Promise<MatrixView | undefined> {
    const all = await repo.matrixAtOnce(db, actor, allegationId, [...known].map(([raw, key]) => ({ raw, key })));
    if (!all) throw notFound('Allegation', allegationId);
    for (const raw of all.misses) {
      const key = sourceKey('', raw);
      known.set(raw, key === 'item:' ? '' : key);
    }
    this.rememberSources(allegationId, known);
    if (all.misses.length > 0) return undefined;
    const { elements, items, sources, misses: _misses, counts, version, ...allegation } = all;
    remember(this.countsCache, cacheKey, { version, counts, over: { items, sources } }, KNOWN_SOURCES_ALLEGATIONS * 4);
    return this.matrixView(allegation, elements, counts, { items, sources });
  }

  /** Per audience and allegation: the counts and the matrix version they were made at, the most recently used kept. */
  private readonly countsCache = new Map<string, { version: string; counts: repo.MatrixCountRow[]; over: { items: number; sources: number } }>();

  /** Raw provided_by value → its source key ('' when it names nobody), per allegation, the most recently used kept. */
  private readonly knownSources = new Map<string, Map<string, string>>();

  private rememberSources(allegationId: string, known: Map<string, string>): void {
    remember(this.knownSources, allegationId, known, KNOWN_SOURCES_ALLEGATIONS);
  }

  private matrixView(
    allegation: Omit<repo.MatrixHead, 'elements' | 'version'>,
    elements: repo.MatrixAtOnce['elements'],
    counts: repo.MatrixCountRow[],
    over: { items: number; sources: number },
  ): MatrixView {
    // Over the whole allegation: every visible item counted has a link to one of its elements, so the items and
    // their distinct source keys are those counted; links and low grades are the cells' sums.
    const sum = (f: (c: repo.MatrixCountRow) => number) => counts.reduce((n, c) => n + f(c), 0);
    const matrix = matrixFromCounts(
      elements.map((e) => ({ id: e.id, code: `${e.citation} (${e.number})`, label: e.summary })),
      counts.map((c) => ({
        elementId: c.element_id,
        direction: c.direction,
        links: c.links,
        sources: c.sources,
        reliableSources: c.reliable_sources,
        lowReliability: c.low,
      })),
      { links: sum((c) => c.links), items: over.items, sources: over.sources, lowReliability: sum((c) => c.low) },
    );
    const kinds = new Map(elements.map((e) => [e.id, e.kind]));
    return {
      allegation: {
        id: allegation.id,
        incidentId: allegation.incident_id,
        characterisation: allegation.characterisation,
        statement: allegation.statement,
        proponent: allegation.proponent,
      },
      rows: matrix.rows.map((r) => ({ ...r, kind: kinds.get(r.elementId) ?? '' })),
      totals: matrix.totals,
      independence: INDEPENDENCE,
    };
  }
}

/** How many allegations' source keys the matrix keeps (a few hundred raw names each at most). */
const KNOWN_SOURCES_ALLEGATIONS = 200;

/** Keeps `value` under `key` as the most recently used, dropping the least recently used beyond `limit`. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= limit) break;
    map.delete(oldest);
  }
}

/** Two analysts making the same link at once: the unique constraint decides, and the loser hears a duplicate. */
export function rethrowUnique(error: unknown): never {
  const e = error as { code?: string; constraint?: string };
  if (e && e.code === '23505') throw conflict('duplicate_link', 'this place of this item is already linked to this element');
  throw error;
}
