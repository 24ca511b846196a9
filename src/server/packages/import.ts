import { Readable } from 'node:stream';
import type { BagReader } from '../../core/bagit/reader.ts';
import { requireRole, type Actor } from '../accounts/actor.ts';
import type { ItemInput } from '../archive/service.ts';
import type { StagedBlob } from '../blobs/service.ts';
import { recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import { invalid } from '../errors.ts';

const MAX_TAG_BYTES = 32 * 1024 * 1024;
const ITEM_FILE = /^(?:[^/]+\/)?metadata\/items\/([^/]+)\.json$/;
const CUSTODY_FILE = /^(?:[^/]+\/)?custody\/items\/([^/]+)\.json$/;
const DATA_FILE = /^(?:[^/]+\/)?data\/items\/([^/]+)\/([^/]+)$/;
const BAG_INFO = /^(?:[^/]+\/)?bag-info\.txt$/;

export interface ImportedItem {
  sourceItemId: string;
  itemId: string;
  files: Array<{ sha256: string; filename: string }>;
}

interface ExportedItem {
  id: string;
  kind: ItemInput['kind'];
  title: string;
  description?: string;
  languages?: string[];
  eventDate?: string | null;
  place?: ItemInput['place'];
  providedBy?: string | null;
  confidentiality: ItemInput['confidentiality'];
  files: Array<{ id: string; sha256: string; filename: string; role: string }>;
}

async function readAll(content: AsyncIterable<Uint8Array>, name: string): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of content) {
    size += chunk.length;
    if (size > MAX_TAG_BYTES) throw invalid('bag_file_too_large', `${name} is larger than ${MAX_TAG_BYTES} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid('bag_file_invalid', `${name} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Imports the items of a Reckon evidence bag that has ALREADY been validated (manifests and proofs) into this
 * instance: each original goes through the blob store (so its SHA-256 is checked again and kept as its name), the
 * item keeps its metadata, and one `item.imported` custody event per item carries the source organisation, the
 * bag's identifier, the source item id and the source custody log, so the history travels into this ledger. A
 * file whose bytes do not hash to what the source metadata says is refused, naming it, and nothing is imported.
 */
export async function importEvidencePackage(ctx: AppContext, actor: Actor, reader: BagReader): Promise<ImportedItem[]> {
  requireRole(actor, 'editor');
  const names = new Set<string>();
  const dataNames = new Set<string>();
  for await (const entry of reader.list()) {
    if (entry.kind !== 'file') continue;
    if (ITEM_FILE.test(entry.name) || CUSTODY_FILE.test(entry.name) || BAG_INFO.test(entry.name)) names.add(entry.name);
    else if (DATA_FILE.test(entry.name)) dataNames.add(entry.name);
  }
  const items = new Map<string, ExportedItem>();
  const custody = new Map<string, unknown>();
  let bagInfo = '';
  for await (const file of reader.read(names)) {
    const text = await readAll(file.content, file.name);
    const item = ITEM_FILE.exec(file.name);
    const log = CUSTODY_FILE.exec(file.name);
    if (item) {
      const parsed = parseJson(text, file.name) as ExportedItem;
      if (typeof parsed !== 'object' || parsed === null || parsed.id !== item[1] || !Array.isArray(parsed.files)) {
        throw invalid('bag_file_invalid', `${file.name} is not the metadata of item ${item[1]}`);
      }
      items.set(item[1], parsed);
    } else if (log) custody.set(log[1], parseJson(text, file.name));
    else bagInfo = text;
  }
  if (items.size === 0) throw invalid('not_a_reckon_bag', 'the bag holds no metadata/items/*.json: it is not a Reckon evidence package');
  const field = (label: string) => new RegExp(`^${label}:\\s*(.*)$`, 'm').exec(bagInfo)?.[1]?.trim() ?? null;
  const source = { organisation: field('Source-Organization'), package: field('External-Identifier') };

  // All or nothing: every original is first streamed into the blob store and checked against the hash its
  // metadata names; only then are items, files, custody events and ledger entries written, in one transaction.
  // A refusal at any point leaves no item, no row, and no stored object that was not there before.
  const staged: Array<{ meta: ExportedItem; filename: string; blob: StagedBlob }> = [];
  try {
    for await (const file of reader.read(dataNames)) {
      const match = DATA_FILE.exec(file.name)!;
      const meta = items.get(match[1]);
      const fileMeta = meta?.files.find((f) => match[2].startsWith(`${f.id}-`));
      if (!meta || !fileMeta) throw invalid('bag_file_unknown', `${file.name} belongs to no item described in metadata/`);
      const blob = await ctx.archive.blobs.stage(Readable.from(file.content), {
        encrypt: meta.confidentiality === 'confidential',
        maxBytes: ctx.config.uploadMaxBytes,
      });
      staged.push({ meta, filename: fileMeta.filename, blob });
      if (blob.sha256 !== fileMeta.sha256) {
        throw invalid('hash_mismatch', `${file.name} hashes to ${blob.sha256}, but its metadata names ${fileMeta.sha256}`);
      }
    }
    const created = new Map<string, ImportedItem>();
    await ctx.db.transaction().execute(async (tx) => {
      for (const meta of items.values()) {
        const item = await ctx.archive.items.createItem(actor, { kind: meta.kind, title: meta.title, description: meta.description, languages: meta.languages, eventDate: meta.eventDate, place: meta.place, providedBy: meta.providedBy, confidentiality: meta.confidentiality }, tx);
        created.set(meta.id, { sourceItemId: meta.id, itemId: item.id, files: [] });
      }
      for (const { meta, filename, blob } of staged) {
        const entry = created.get(meta.id)!;
        await ctx.archive.items.attachStaged(actor, entry.itemId, blob, { filename, role: 'original', derivedFrom: null, confidentiality: meta.confidentiality, redaction: null }, tx);
        entry.files.push({ sha256: blob.sha256, filename });
      }
      for (const imported of created.values()) {
        await recordAudit(tx, actor, {
          action: 'item.imported',
          subjectType: 'item',
          subjectId: imported.itemId,
          details: {
            sourceOrganisation: source.organisation,
            sourcePackage: source.package,
            sourceItemId: imported.sourceItemId,
            files: imported.files,
            sourceCustody: custody.get(imported.sourceItemId) ?? [],
          },
        });
      }
    });
    for (const { blob } of staged) await ctx.archive.blobs.afterCommit(blob).catch(() => {});
    return [...created.values()];
  } catch (error) {
    for (const { blob } of staged) await ctx.archive.blobs.discard(blob).catch(() => {});
    throw error;
  }
}
