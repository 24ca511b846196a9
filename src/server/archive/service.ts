import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { hasRole, requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { BlobService, StagedBlob } from '../blobs/service.ts';
import type { ByteRange } from '../blobs/store.ts';
import type { Database } from '../db/schema.ts';
import { conflict, DomainError, invalid, notFound } from '../errors.ts';
import { extractionStates, type ExtractionView } from '../extraction/service.ts';
import { withDeferredLedger } from '../ledger/append.ts';
import * as repo from './repository.ts';
import { refreshItemSearch, withDictionaryAfterCommit } from './search-index.ts';
import type { Confidentiality, ItemKind, ItemRow } from './tables.ts';
import { checkCoordinates, checkCountry, checkLanguages, cleanText, contentDisposition, parseEventDate, sanitiseFilename } from './validation.ts';
import { audienceOf, canSeeFile, canSeeItem } from './visibility.ts';
import { toFileView, toItemView, type FileView, type ItemView } from './views.ts';

type Db = Kysely<Database>;

/** What the archive needs from the job queue (ctx.jobs). */
export interface ExtractionQueue {
  enqueue(db: Db, kind: string, payload: Record<string, unknown>, options?: { subjectType?: string; subjectId?: string }): Promise<string>;
}

/** A staged blob's place among an item's files, as attachStaged records it. */
export interface StagedFile {
  filename: string;
  role: 'original' | 'derivative';
  derivedFrom: string | null;
  confidentiality: Confidentiality;
  redaction: Record<string, unknown> | null;
}

export interface ItemInput {
  kind: ItemKind;
  title: string;
  description?: string;
  languages?: string[];
  eventDate?: string | null;
  place?: { name?: string | null; country?: string | null; latitude?: number | null; longitude?: number | null };
  providedBy?: string | null;
  confidentiality: Confidentiality;
  tags?: string[];
  related?: string[];
}

export type ItemPatch = Partial<Omit<ItemInput, 'kind'>> & { kind?: ItemKind };

export interface ItemDetail extends ItemView {
  files: FileView[];
  tags: Array<{ id: string; vocabulary: string; term: string }>;
  related: string[];
  extractions: ExtractionView[];
}

export interface FileDownload {
  stream: Readable;
  mime: string;
  size: number;
  range: ByteRange | null;
  contentDisposition: string;
}

export interface AddFileResult {
  item: ItemView;
  file: FileView;
  /** False when identical content was already stored (the file links to it). */
  blobCreated: boolean;
}

/** Columns of an item as plain values, for audit old/new comparisons. */
type Columns = Record<string, unknown>;

/** Validates item metadata (throws an invalid DomainError naming the field); returns the column values. */
export function columnsOf(input: ItemInput | ItemPatch): Columns {
  const out: Columns = {};
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.title !== undefined) {
    const title = cleanText(input.title, 'title', 1000);
    if (!title) throw invalid('required', 'title: give a title', { field: 'title' });
    out.title = title;
  }
  if (input.description !== undefined) out.description = cleanText(input.description, 'description', 100_000);
  if (input.languages !== undefined) out.languages = checkLanguages(input.languages);
  if (input.eventDate !== undefined) {
    if (input.eventDate === null || input.eventDate.trim() === '') {
      Object.assign(out, { event_date: null, event_start: null, event_end: null });
    } else {
      const parsed = parseEventDate(input.eventDate);
      Object.assign(out, { event_date: parsed.text, event_start: parsed.start, event_end: parsed.end });
    }
  }
  if (input.place !== undefined) {
    const place = input.place;
    if (place.name !== undefined) out.place_name = place.name === null ? null : cleanText(place.name, 'place.name', 500) || null;
    if (place.country !== undefined) out.country = place.country === null || place.country === '' ? null : checkCountry(place.country, 'place.country');
    if (place.latitude !== undefined || place.longitude !== undefined) {
      const c = checkCoordinates(place.latitude, place.longitude);
      out.latitude = c.latitude;
      out.longitude = c.longitude;
    }
  }
  if (input.providedBy !== undefined) out.provided_by = input.providedBy === null ? null : cleanText(input.providedBy, 'providedBy', 500) || null;
  if (input.confidentiality !== undefined) out.confidentiality = input.confidentiality;
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class ArchiveService {
  constructor(
    readonly db: Db,
    readonly blobs: BlobService,
    private readonly options: { uploadMaxBytes: number; queue?: ExtractionQueue },
  ) {}

  // ---- items ----

  /** `index: false` leaves the search refresh to the caller, later in the same transaction (ingest, after the file). */
  async createItem(actor: Actor, input: ItemInput, db: Db = this.db, options: { index?: boolean } = {}): Promise<ItemView> {
    requireRole(actor, 'editor');
    const columns = columnsOf(input);
    const id = randomUUID();
    const run = async (tx: Db) => {
      await repo.insertItem(tx, {
        id,
        kind: input.kind,
        title: columns.title as string,
        description: (columns.description as string | undefined) ?? '',
        languages: (columns.languages as string[] | undefined) ?? [],
        event_date: (columns.event_date as string | null | undefined) ?? null,
        event_start: (columns.event_start as string | null | undefined) ?? null,
        event_end: (columns.event_end as string | null | undefined) ?? null,
        place_name: (columns.place_name as string | null | undefined) ?? null,
        country: (columns.country as string | null | undefined) ?? null,
        latitude: (columns.latitude as number | null | undefined) ?? null,
        longitude: (columns.longitude as number | null | undefined) ?? null,
        provided_by: (columns.provided_by as string | null | undefined) ?? null,
        confidentiality: input.confidentiality,
        consent_scopes: input.kind === 'testimony' ? [] : null,
        created_by: actor.kind === 'user' ? actor.userId : null,
      });
      const tags = input.tags ? await this.setTags(tx, id, input.tags) : [];
      const related = input.related ? await this.setRelated(tx, id, input.related) : [];
      await recordAudit(tx, actor, { action: 'item.created', subjectType: 'item', subjectId: id, details: { ...columns, tags, related } });
      if (options.index !== false) await refreshItemSearch(tx, id);
      return toItemView((await repo.findItem(tx, id))!);
    };
    return db === this.db ? this.db.transaction().execute(run) : run(db);
  }

  async updateItem(actor: Actor, id: string, patch: ItemPatch, db: Db = this.db): Promise<ItemView> {
    requireRole(actor, 'editor');
    const columns = columnsOf(patch);
    const run = async (tx: Db) => {
      const before = await repo.findItemForUpdate(tx, id);
      if (!before || !canSeeItem(actor, before)) throw notFound('Item', id);
      if (patch.kind && patch.kind !== before.kind && (patch.kind === 'testimony' || before.kind === 'testimony')) {
        throw invalid('kind_change', 'kind: an item cannot become or stop being a testimony; create a testimony instead', { field: 'kind' });
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const beforeColumns = before as unknown as Columns;
      for (const [key, value] of Object.entries(columns)) {
        const old = key === 'event_start' || key === 'event_end' ? toDay(beforeColumns[key]) : beforeColumns[key];
        if (!same(old, value)) changes[key] = { from: old ?? null, to: value };
      }
      const update: Columns = {};
      for (const key of Object.keys(changes)) update[key] = columns[key];
      if (Object.keys(update).length) {
        await repo.updateItem(tx, id, update);
      }
      if (patch.tags !== undefined) {
        const old = (await repo.tagsOfItem(tx, id)).map((t) => t.id).sort();
        const next = (await this.setTags(tx, id, patch.tags)).sort();
        if (!same(old, next)) changes.tags = { from: old, to: next };
      }
      if (patch.related !== undefined) {
        const old = await repo.relatedOfItem(tx, id);
        const next = (await this.setRelated(tx, id, patch.related)).sort();
        if (!same(old, next)) changes.related = { from: old, to: next };
      }
      if (Object.keys(changes).length) {
        const action = changes.confidentiality ? 'item.confidentiality_changed' : 'item.updated';
        await recordAudit(tx, actor, { action, subjectType: 'item', subjectId: id, details: { changes } });
        await refreshItemSearch(tx, id);
      }
      return toItemView((await repo.findItem(tx, id))!);
    };
    return db === this.db ? this.db.transaction().execute(run) : run(db);
  }

  async setState(actor: Actor, id: string, state: 'draft' | 'published'): Promise<ItemView> {
    requireRole(actor, 'editor', 'reviewer');
    return this.db.transaction().execute(async (tx) => (await this.setStateIn(tx, actor, id, state)).item);
  }

  /**
   * Publishes or unpublishes one item inside the caller's transaction (a bulk action runs many in one); `changed` is
   * false, and nothing is audited, when the item was already in that state.
   */
  async setStateIn(tx: Db, actor: Actor, id: string, state: 'draft' | 'published'): Promise<{ item: ItemView; changed: boolean }> {
    requireRole(actor, 'editor', 'reviewer');
    const before = isUuid(id) ? await repo.findItemForUpdate(tx, id) : undefined;
    if (!before || !canSeeItem(actor, before)) throw notFound('Item', id);
    if (before.state === state) return { item: toItemView(before), changed: false };
    const files = await repo.filesOfItem(tx, id);
    await repo.updateItem(tx, id, { state, published_at: state === 'published' ? new Date() : null });
    await recordAudit(tx, actor, {
      action: state === 'published' ? 'item.published' : 'item.unpublished',
      subjectType: 'item',
      subjectId: id,
      details: {
        from: before.state,
        to: state,
        confidentiality: before.confidentiality,
        // What the public can now fetch, by hash.
        publicFiles: files.filter((f) => f.confidentiality === 'public').map((f) => ({ fileId: f.id, sha256: f.blob_sha256 })),
      },
    });
    // Who may search the item changes with its state.
    await refreshItemSearch(tx, id);
    return { item: toItemView((await repo.findItem(tx, id))!), changed: true };
  }

  /**
   * Adds vocabulary terms to one item's tags (keeping those it has) inside the caller's transaction, audited as an
   * item change like a tag edit in the item form; `changed` false, nothing audited, when it had them all.
   */
  async addTagsIn(tx: Db, actor: Actor, id: string, termIds: readonly string[]): Promise<{ item: ItemView; changed: boolean }> {
    requireRole(actor, 'editor');
    const before = isUuid(id) ? await repo.findItemForUpdate(tx, id) : undefined;
    if (!before || !canSeeItem(actor, before)) throw notFound('Item', id);
    const old = (await repo.tagsOfItem(tx, id)).map((t) => t.id).sort();
    const next = [...new Set([...old, ...termIds])].sort();
    if (same(old, next)) return { item: toItemView(before), changed: false };
    await this.setTags(tx, id, next);
    await recordAudit(tx, actor, { action: 'item.updated', subjectType: 'item', subjectId: id, details: { changes: { tags: { from: old, to: next } } } });
    await refreshItemSearch(tx, id);
    return { item: toItemView((await repo.findItem(tx, id))!), changed: true };
  }

  /** Throws unknown_term naming the first of the term ids that is no vocabulary's term. */
  async checkTerms(termIds: readonly string[]): Promise<void> {
    const unique = [...new Set(termIds)];
    const found = unique.every(isUuid) ? await repo.termsByIds(this.db, unique) : [];
    const missing = unique.filter((t) => !found.some((f) => f.id === t));
    if (missing.length) throw invalid('unknown_term', `termIds: no vocabulary term ${missing[0]}`, { field: 'termIds', missing });
  }

  /** An item with its files, tags and extraction states; a look at restricted or confidential material is audited. */
  async getItem(actor: Actor, id: string): Promise<ItemDetail> {
    const item = isUuid(id) ? await repo.findItem(this.db, id) : undefined;
    if (!item || !canSeeItem(actor, item)) throw notFound('Item', id);
    const detail = await this.detail(actor, item);
    // Recorded once the item has been read for the actor: a look that failed is not a look.
    if (item.confidentiality !== 'public' && actor.kind === 'user') {
      await recordAudit(this.db, actor, {
        action: 'item.viewed_restricted',
        subjectType: 'item',
        subjectId: id,
        details: { confidentiality: item.confidentiality },
      });
    }
    return detail;
  }

  async detail(actor: Actor, item: ItemRow): Promise<ItemDetail> {
    return (await this.details(actor, [item]))[0];
  }

  /**
   * The details of many items in five statements whatever their number (a court package or case file holds
   * thousands; a few statements per item made the export slower than hashing its bytes), in the given order.
   */
  async details(actor: Actor, items: readonly ItemRow[]): Promise<ItemDetail[]> {
    const ids = items.map((i) => i.id);
    const group = <T extends { item_id: string }>(rows: T[]) => {
      const by = new Map<string, T[]>();
      for (const r of rows) {
        const list = by.get(r.item_id);
        if (list) list.push(r);
        else by.set(r.item_id, [r]);
      }
      return by;
    };
    const files = group(await repo.filesOfItems(this.db, ids));
    const tags = group(await repo.tagsOfItems(this.db, ids));
    const relations = group(await repo.relatedOfItems(this.db, ids));
    // Related items are listed only when the actor may see them too.
    const others = new Map((await repo.findItems(this.db, [...new Set([...relations.values()].flat().map((r) => r.related_id))])).map((r) => [r.id, r]));
    const visibleFiles = new Map(ids.map((id) => [id, (files.get(id) ?? []).filter((f) => canSeeFile(actor, f.confidentiality)).map(toFileView)]));
    const extractions =
      audienceOf(actor) === 'public'
        ? []
        : await extractionStates(
            this.db,
            [...visibleFiles.values()].flat().map((f) => f.sha256),
          ).catch(() => []);
    return items.map((item) => {
      const own = visibleFiles.get(item.id) ?? [];
      const shas = new Set(own.map((f) => f.sha256));
      return {
        ...toItemView(item),
        files: own,
        tags: (tags.get(item.id) ?? []).map((t) => ({ id: t.id, vocabulary: t.vocabulary_id, term: t.term })),
        related: (relations.get(item.id) ?? [])
          .map((r) => r.related_id)
          .filter((rid) => {
            const other = others.get(rid);
            return other !== undefined && canSeeItem(actor, other);
          }),
        extractions: extractions.filter((e) => shas.has(e.blobSha256)),
      };
    });
  }

  /** Throws not_found (naming the first in order) unless the actor may see every item; returns their rows in order. */
  async visibleItems(actor: Actor, ids: readonly string[]): Promise<ItemRow[]> {
    const rows = new Map((await repo.findItems(this.db, ids.filter(isUuid))).map((r) => [r.id, r]));
    return ids.map((id) => {
      const item = rows.get(id);
      if (!item || !canSeeItem(actor, item)) throw notFound('Item', id);
      return item;
    });
  }

  /** Throws not_found unless the actor may see the item; returns its row. */
  async visibleItem(actor: Actor, id: string): Promise<ItemRow> {
    const item = isUuid(id) ? await repo.findItem(this.db, id) : undefined;
    if (!item || !canSeeItem(actor, item)) throw notFound('Item', id);
    return item;
  }

  // ---- files ----

  /**
   * Streams a file into the blob store and attaches it to an item (as an original), in one transaction with its
   * audit events and the extraction job. Confidential items' files are encrypted at rest.
   */
  async addFile(actor: Actor, itemId: string, source: Readable, options: { filename: string; signal?: AbortSignal }): Promise<AddFileResult> {
    requireRole(actor, 'editor');
    const item = await this.visibleItem(actor, itemId);
    const staged = await this.blobs.stage(source, {
      encrypt: item.confidentiality === 'confidential',
      signal: options.signal,
      maxBytes: this.options.uploadMaxBytes,
    });
    return this.attachStaged(actor, item.id, staged, {
      filename: options.filename,
      role: 'original',
      derivedFrom: null,
      confidentiality: item.confidentiality,
      redaction: null,
    });
  }

  /** Creates an item and its first file from one upload; metadata kind defaults to what the bytes say. */
  async ingest(
    actor: Actor,
    source: Readable,
    options: {
      filename: string;
      metadata: Partial<ItemInput> & { confidentiality: Confidentiality };
      signal?: AbortSignal;
      kindOf?: (mime: string | null) => ItemKind;
    },
  ): Promise<AddFileResult> {
    requireRole(actor, 'editor');
    const confidentiality = options.metadata.confidentiality;
    const staged = await this.blobs.stage(source, {
      encrypt: confidentiality === 'confidential',
      signal: options.signal,
      maxBytes: this.options.uploadMaxBytes,
    });
    const kind = options.metadata.kind ?? options.kindOf?.(staged.mime) ?? 'other';
    const title = options.metadata.title?.trim() || sanitiseFilename(options.filename);
    try {
      // The ledger entries go in just before the commit: the append lock is then not held through the file's rows,
      // its job and its search indexing (every process's uploads would take turns).
      // Its dictionary words go in after the commit, so uploads sharing a new word do not wait for each other's.
      return await withDictionaryAfterCommit(this.db, (defer) =>
        withDeferredLedger(this.db, async (tx) => {
          defer(tx);
          // Indexed once, when its file is attached below, rather than also before.
          const item = await this.createItem(actor, { ...options.metadata, kind, title, confidentiality }, tx, { index: false });
          return this.attachStagedIn(tx, actor, item.id, staged, {
            filename: options.filename,
            role: 'original',
            derivedFrom: null,
            confidentiality,
            redaction: null,
          });
        }),
      );
    } finally {
      await this.blobs.afterCommit(staged).catch(() => {});
    }
  }

  async attachStaged(actor: Actor, itemId: string, staged: StagedBlob, file: StagedFile, db?: Db): Promise<AddFileResult> {
    // Inside the caller's transaction (e.g. an all-or-nothing bag import) the caller runs blobs.afterCommit itself.
    if (db) return this.attachStagedIn(db, actor, itemId, staged, file);
    try {
      return await withDictionaryAfterCommit(this.db, (defer) =>
        withDeferredLedger(this.db, (tx) => {
          defer(tx);
          return this.attachStagedIn(tx, actor, itemId, staged, file);
        }),
      );
    } finally {
      await this.blobs.afterCommit(staged).catch(() => {});
    }
  }

  private async attachStagedIn(tx: Db, actor: Actor, itemId: string, staged: StagedBlob, file: StagedFile): Promise<AddFileResult> {
    const blob = await this.blobs.record(tx, staged);
    const id = randomUUID();
    const filename = sanitiseFilename(file.filename);
    await repo.insertFile(tx, {
      id,
      item_id: itemId,
      blob_sha256: blob.sha256,
      filename,
      original_filename: file.filename.slice(0, 4096),
      role: file.role,
      derived_from: file.derivedFrom,
      confidentiality: file.confidentiality,
      redaction: file.redaction ? JSON.stringify(file.redaction) : null,
    });
    const hashes = { sha256: blob.sha256, sha512: blob.sha512, size: blob.size };
    if (blob.created) {
      await recordAudit(tx, actor, {
        action: 'blob.stored',
        subjectType: 'blob',
        subjectId: blob.sha256,
        details: { ...hashes, mime: blob.mime, encrypted: blob.encrypted },
      });
    } else {
      await recordAudit(tx, actor, {
        action: 'blob.linked',
        subjectType: 'blob',
        subjectId: blob.sha256,
        details: { ...hashes, itemId, encrypted: blob.encrypted },
      });
    }
    await recordAudit(tx, actor, {
      action: file.role === 'original' ? 'item.file_added' : 'item.redacted',
      subjectType: 'item',
      subjectId: itemId,
      details: {
        fileId: id,
        filename,
        originalFilename: file.filename.slice(0, 4096),
        ...hashes,
        role: file.role,
        derivedFrom: file.derivedFrom,
        confidentiality: file.confidentiality,
        duplicate: !blob.created,
        ...(file.redaction ? { redaction: file.redaction } : {}),
      },
    });
    if (this.options.queue && blob.created) {
      await this.options.queue.enqueue(tx, 'extract', { sha256: blob.sha256 }, { subjectType: 'blob', subjectId: blob.sha256 });
    }
    await repo.updateItem(tx, itemId);
    await refreshItemSearch(tx, itemId);
    const row = await repo.findFile(tx, itemId, id);
    return { item: toItemView((await repo.findItem(tx, itemId))!), file: toFileView(row!), blobCreated: blob.created };
  }

  /** Size and type of a file the actor may open (no audit: nothing is read yet). */
  async fileInfo(actor: Actor, itemId: string, fileId: string): Promise<{ size: number; mime: string | null }> {
    const item = await this.visibleItem(actor, itemId);
    const file = isUuid(fileId) ? await repo.findFile(this.db, item.id, fileId) : undefined;
    if (!file || !canSeeFile(actor, file.confidentiality)) throw notFound('File', fileId);
    return { size: Number(file.size), mime: file.mime };
  }

  /**
   * Opens a file: the sniffed type (never the client's), a safe name, an audited read if restricted. `inline` (the
   * item page's preview) is recorded as `blob.viewed`, a download (an attachment) as `blob.downloaded`, so the
   * custody record tells a look on screen from a copy taken away.
   */
  async openFile(actor: Actor, itemId: string, fileId: string, range?: ByteRange, options: { inline?: boolean } = {}): Promise<FileDownload> {
    const item = await this.visibleItem(actor, itemId);
    const file = isUuid(fileId) ? await repo.findFile(this.db, item.id, fileId) : undefined;
    if (!file || !canSeeFile(actor, file.confidentiality)) throw notFound('File', fileId);
    const size = Number(file.size);
    const wanted = range ? { start: range.start, end: Math.min(range.end, size - 1) } : null;
    const stream = await this.blobs.open(file.blob_sha256, wanted ?? undefined);
    if ((file.confidentiality !== 'public' || item.confidentiality !== 'public') && actor.kind !== 'public') {
      await recordAudit(this.db, actor, {
        action: options.inline ? 'blob.viewed' : 'blob.downloaded',
        subjectType: 'blob',
        subjectId: file.blob_sha256,
        details: { itemId: item.id, fileId: file.id, confidentiality: file.confidentiality, ...(wanted ? { range: wanted } : {}) },
      });
    }
    return {
      stream,
      mime: file.mime ?? 'application/octet-stream',
      size,
      range: wanted,
      contentDisposition: contentDisposition(file.filename),
    };
  }

  /**
   * The small picture extraction derived from a file (a 320 px WebP thumbnail or a video's poster frame), for the
   * result list: only for a file the actor may open of an item the actor may see, and never the original's bytes.
   * Not audited: like the title beside it, it is what a list shows; opening the file itself is audited.
   */
  async openThumbnail(actor: Actor, itemId: string, fileId: string): Promise<{ stream: Readable; size: number }> {
    const item = await this.visibleItem(actor, itemId);
    const file = isUuid(fileId) ? await repo.findFile(this.db, item.id, fileId) : undefined;
    if (!file || !canSeeFile(actor, file.confidentiality)) throw notFound('File', fileId);
    const picture = (await extractionStates(this.db, [file.blob_sha256])).find(
      (e) => (e.extractor === 'thumbnail' || e.extractor === 'poster') && e.state === 'done' && e.derivedSha256,
    );
    if (!picture?.derivedSha256) throw notFound('Thumbnail', fileId);
    const info = await this.blobs.info(picture.derivedSha256);
    if (!info) throw notFound('Thumbnail', fileId);
    return { stream: await this.blobs.open(picture.derivedSha256), size: info.size };
  }

  // ---- tags, relations, vocabularies ----

  private async setTags(tx: Db, itemId: string, termIds: string[]): Promise<string[]> {
    const unique = [...new Set(termIds)];
    if (unique.some((t) => !isUuid(t))) throw invalid('unknown_term', 'tags: every tag is a vocabulary term id', { field: 'tags' });
    const found = await repo.termsByIds(tx, unique);
    if (found.length !== unique.length) {
      const missing = unique.filter((t) => !found.some((f) => f.id === t));
      throw invalid('unknown_term', `tags: no vocabulary term ${missing[0]}`, { field: 'tags', missing });
    }
    await repo.replaceTags(tx, itemId, unique);
    return unique;
  }

  private async setRelated(tx: Db, itemId: string, relatedIds: string[]): Promise<string[]> {
    const unique = [...new Set(relatedIds)];
    if (unique.includes(itemId)) throw invalid('self_relation', 'related: an item cannot be related to itself', { field: 'related' });
    if (unique.some((t) => !isUuid(t))) throw invalid('unknown_item', 'related: give item ids', { field: 'related' });
    const existing = await repo.existingItemIds(tx, unique);
    const missing = unique.filter((r) => !existing.has(r));
    if (missing.length) throw invalid('unknown_item', `related: no item ${missing[0]}`, { field: 'related', missing });
    await repo.replaceRelations(tx, itemId, unique);
    return unique;
  }

  async listVocabularies(actor: Actor) {
    if (audienceOf(actor) === 'public') return [];
    const { vocabularies, terms } = await repo.vocabulariesWithTerms(this.db);
    return vocabularies.map((v) => ({
      id: v.id,
      name: v.name,
      terms: terms.filter((t) => t.vocabulary_id === v.id).map((t) => ({ id: t.id, term: t.term })),
    }));
  }

  async createVocabulary(actor: Actor, id: string, name: string) {
    requireRole(actor, 'editor');
    if (!/^[a-z][a-z0-9_-]{0,62}$/.test(id))
      throw invalid('invalid_vocabulary_id', 'id: lower-case letters, digits, - and _, starting with a letter', { field: 'id' });
    const clean = cleanText(name, 'name', 200);
    if (!clean) throw invalid('required', 'name: give a name', { field: 'name' });
    return this.db.transaction().execute(async (tx) => {
      if (await repo.vocabularyExists(tx, id)) throw conflict('vocabulary_exists', `A vocabulary ${id} exists`);
      await repo.insertVocabulary(tx, id, clean);
      await recordAudit(tx, actor, { action: 'vocabulary.created', subjectType: 'vocabulary', subjectId: id, details: { name: clean } });
      return { id, name: clean, terms: [] as Array<{ id: string; term: string }> };
    });
  }

  async addTerm(actor: Actor, vocabularyId: string, term: string) {
    requireRole(actor, 'editor');
    const clean = cleanText(term, 'term', 200);
    if (!clean) throw invalid('required', 'term: give a term', { field: 'term' });
    return this.db.transaction().execute(async (tx) => {
      if (!(await repo.vocabularyExists(tx, vocabularyId))) throw notFound('Vocabulary', vocabularyId);
      if (await repo.findTermByName(tx, vocabularyId, clean)) throw conflict('term_exists', `The term "${clean}" exists in ${vocabularyId}`);
      const id = randomUUID();
      await repo.insertTerm(tx, id, vocabularyId, clean);
      await recordAudit(tx, actor, {
        action: 'vocabulary.term_added',
        subjectType: 'vocabulary',
        subjectId: vocabularyId,
        details: { termId: id, term: clean },
      });
      return { id, term: clean };
    });
  }

  // ---- custody ----

  async custody(actor: Actor, itemId: string, limit = 1000) {
    requireRole(actor, 'editor', 'reviewer');
    await this.visibleItem(actor, itemId);
    const rows = await repo.custodyEvents(this.db, itemId, Math.min(Math.max(limit, 1), 5000));
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorName: r.actor_label,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      details: r.details,
    }));
  }

  /** For the jobs' subject guard: may this actor see jobs about this blob / item? */
  async maySeeItem(actor: Actor, itemId: string): Promise<boolean> {
    try {
      await this.visibleItem(actor, itemId);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  async maySeeBlob(actor: Actor, sha256: string): Promise<boolean> {
    const rows = await repo.filesUsingBlob(this.db, sha256);
    for (const row of rows) {
      if (canSeeFile(actor, row.confidentiality) && (await this.maySeeItem(actor, row.item_id))) return true;
    }
    return hasRole(actor) && actor.kind === 'system';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

function toDay(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}
