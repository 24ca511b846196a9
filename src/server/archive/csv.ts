import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import { DomainError, invalid } from '../errors.ts';
import type { ItemInput, ItemPatch } from './service.ts';
import { isUuid } from './service.ts';
import { findTermIgnoringCase, itemsForExport } from './repository.ts';
import { confidentialities, itemKinds, type Confidentiality, type ItemKind } from './tables.ts';
import { visibleSql } from './visibility.ts';
import { findUnstorableCell } from '../../core/text/storable.ts';
import { csvRecordStartLines } from '../../core/text/csv-record-line.ts';

/**
 * CSV import and export of item metadata. Columns (header names, any order; unknown columns are refused so a typo
 * does not silently drop data): id, kind, title, description, languages (separated by ;), event_date, place,
 * country, latitude, longitude, provided_by, confidentiality, tags (vocabulary:term separated by ;), related (item
 * ids separated by ;). Export adds state and sha256 (the item's files). Protected identities are never exported.
 */

export const csvColumns = ['id', 'kind', 'title', 'description', 'languages', 'event_date', 'place', 'country', 'latitude', 'longitude', 'provided_by', 'confidentiality', 'tags', 'related'] as const;
const exportOnly = ['state', 'sha256', 'file'] as const;
const MAX_ROWS = 100_000;

export type CsvRow = Partial<Record<(typeof csvColumns)[number] | (typeof exportOnly)[number], string>>;

/** Parses CSV text into rows keyed by header, with the line each row started on; throws with the line at fault. */
export function parseItemsCsv(text: string, options: { allowFileColumn?: boolean } = {}): Array<{ line: number; row: CsvRow }> {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, info: true, relax_column_count: false, max_record_size: 1024 * 1024 }) as never;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw invalid('csv_malformed', `line ${e.lines ?? '?'}: ${e.message.replace(/^Invalid Record Length: /, '')}`, { line: e.lines ?? null });
  }
  if (records.length > MAX_ROWS) throw invalid('csv_too_large', `at most ${MAX_ROWS} rows in one import`);
  const allowed = new Set<string>([...csvColumns, ...exportOnly.filter((c) => c !== 'file' || options.allowFileColumn), ...(options.allowFileColumn ? ['file'] : [])]);
  if (records.length) {
    const unknown = Object.keys(records[0].record).filter((h) => !allowed.has(h));
    if (unknown.length) throw invalid('csv_unknown_column', `line 1: unknown column "${unknown[0]}" (known: ${[...allowed].join(', ')})`, { line: 1, field: unknown[0] });
  }
  const startLines = csvRecordStartLines(records);
  const rows = records.map(({ record }, i) => ({ line: startLines[i], row: record as CsvRow }));
  // Text PostgreSQL cannot store is refused by line and column before anything is written (the CLI reads files directly).
  const unstorable = findUnstorableCell(rows.map(({ line, row }) => ({ line, cells: row })));
  if (unstorable) throw invalid('invalid_text', unstorable.message, { line: unstorable.line, field: unstorable.column, problem: unstorable.problem });
  return rows;
}

const list = (value: string | undefined) => (value ?? '').split(';').map((v) => v.trim()).filter(Boolean);
const optional = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

function numberOrNull(value: string | undefined, field: string): number | null | undefined {
  const v = optional(value);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw invalid('invalid_number', `${field}: "${v.slice(0, 20)}" is not a number`, { field });
  return n;
}

/** Turns a CSV row into service input (term names resolved to ids by `termId`). */
export async function rowToInput(row: CsvRow, termId: (vocabulary: string, term: string) => Promise<string | undefined>, defaults: { confidentiality?: Confidentiality } = {}): Promise<ItemPatch> {
  const out: ItemPatch = {};
  const kind = optional(row.kind);
  if (kind !== undefined) {
    if (!itemKinds.includes(kind as ItemKind)) throw invalid('invalid_kind', `kind: "${kind.slice(0, 30)}" is not one of ${itemKinds.join(', ')}`, { field: 'kind' });
    out.kind = kind as ItemKind;
  }
  if (row.title !== undefined) out.title = row.title;
  if (row.description !== undefined) out.description = row.description;
  if (row.languages !== undefined) out.languages = list(row.languages);
  if (row.event_date !== undefined) out.eventDate = optional(row.event_date) ?? null;
  const lat = numberOrNull(row.latitude, 'latitude');
  const lon = numberOrNull(row.longitude, 'longitude');
  if (row.place !== undefined || row.country !== undefined || row.latitude !== undefined || row.longitude !== undefined) {
    out.place = {
      ...(row.place !== undefined ? { name: optional(row.place) ?? null } : {}),
      ...(row.country !== undefined ? { country: optional(row.country) ?? null } : {}),
      ...(row.latitude !== undefined || row.longitude !== undefined ? { latitude: lat ?? null, longitude: lon ?? null } : {}),
    };
  }
  if (row.provided_by !== undefined) out.providedBy = optional(row.provided_by) ?? null;
  const confidentiality = optional(row.confidentiality) ?? defaults.confidentiality;
  if (confidentiality !== undefined) {
    if (!confidentialities.includes(confidentiality as Confidentiality)) throw invalid('invalid_confidentiality', `confidentiality: "${confidentiality.slice(0, 30)}" is not one of ${confidentialities.join(', ')}`, { field: 'confidentiality' });
    out.confidentiality = confidentiality as Confidentiality;
  }
  if (row.tags !== undefined) {
    const ids: string[] = [];
    for (const tag of list(row.tags)) {
      const colon = tag.indexOf(':');
      if (colon < 1) throw invalid('invalid_tag', `tags: "${tag.slice(0, 40)}" is not vocabulary:term`, { field: 'tags' });
      const id = await termId(tag.slice(0, colon).trim(), tag.slice(colon + 1).trim());
      if (!id) throw invalid('unknown_term', `tags: no term "${tag.slice(colon + 1).trim().slice(0, 60)}" in vocabulary "${tag.slice(0, colon).trim().slice(0, 60)}"`, { field: 'tags' });
      ids.push(id);
    }
    out.tags = ids;
  }
  if (row.related !== undefined) out.related = list(row.related);
  return out;
}

export async function importItemsCsv(ctx: AppContext, actor: Actor, text: string): Promise<{ created: number; updated: number }> {
  requireRole(actor, 'editor');
  const rows = parseItemsCsv(text);
  const termId = termResolver(ctx);
  let created = 0;
  let updated = 0;
  await ctx.db.transaction().execute(async (tx) => {
    for (const { line, row } of rows) {
      try {
        const input = await rowToInput(row, termId);
        const id = optional(row.id);
        if (id) {
          if (!isUuid(id)) throw invalid('invalid_id', `id: "${id.slice(0, 40)}" is not an item id`, { field: 'id' });
          await ctx.archive.items.updateItem(actor, id, input, tx);
          updated += 1;
        } else {
          if (!input.kind) throw invalid('required', 'kind: required for a new item', { field: 'kind' });
          if (!input.title) throw invalid('required', 'title: required for a new item', { field: 'title' });
          if (!input.confidentiality) throw invalid('required', 'confidentiality: required for a new item', { field: 'confidentiality' });
          await ctx.archive.items.createItem(actor, input as ItemInput, tx);
          created += 1;
        }
      } catch (error) {
        if (error instanceof DomainError) {
          const details = (error.details ?? {}) as Record<string, unknown>;
          throw new DomainError(error.kind, error.code, `line ${line}: ${error.message}`, { ...details, line });
        }
        throw error;
      }
    }
    await recordAudit(tx, actor, { action: 'archive.imported', subjectType: 'archive', subjectId: null, details: { created, updated, rows: rows.length } });
  });
  return { created, updated };
}

export function termResolver(ctx: AppContext) {
  const cache = new Map<string, string | undefined>();
  return async (vocabulary: string, term: string) => {
    const key = `${vocabulary}\u0000${term.toLowerCase()}`;
    if (!cache.has(key)) {
      const row = await findTermIgnoringCase(ctx.db, vocabulary, term);
      cache.set(key, row?.id);
    }
    return cache.get(key);
  };
}

/** CSV of every item the actor may see. Spreadsheet formula injection is defused (a leading = + - @ gets a quote). */
export async function exportItemsCsv(ctx: AppContext, actor: Actor): Promise<string> {
  requireRole(actor, 'viewer', 'editor', 'reviewer', 'facilitator');
  const items = await itemsForExport(ctx.db, visibleSql(actor));
  const defuse = (value: string | null | undefined) => {
    const v = value ?? '';
    return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  };
  const records = items.map((i) => [
    i.id,
    i.kind,
    defuse(i.title),
    defuse(i.description),
    i.languages.join(';'),
    i.event_date ?? '',
    defuse(i.place_name),
    i.country ?? '',
    i.latitude ?? '',
    i.longitude ?? '',
    defuse(i.provided_by),
    i.confidentiality,
    defuse(i.tags),
    i.related ?? '',
    i.state,
    i.sha256 ?? '',
  ]);
  await recordAudit(ctx.db, actor, { action: 'archive.exported', subjectType: 'archive', subjectId: null, details: { items: records.length } });
  return stringify([[...csvColumns, 'state', 'sha256'], ...records]);
}
