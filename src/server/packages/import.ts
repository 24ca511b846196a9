import { Readable } from 'node:stream';
import type { BagReader } from '../../core/bagit/reader.ts';
import { failureLines, verifyBag } from '../../core/bagit/verify-bag.ts';
import { requireRole, type Actor } from '../accounts/actor.ts';
import type { ItemInput } from '../archive/service.ts';
import type { StagedBlob } from '../blobs/service.ts';
import { recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import { invalid } from '../errors.ts';

const CUSTODY_FILE = /^custody\/items\/([^/]+)\.json$/;
const DATA_FILE = /^(?:[^/]+\/)?data\/items\/([^/]+)\/([^/]+)$/;
const PAYLOAD_FILE = /^(?:[^/]+\/)?data\//;
const TESTIMONY_FILE = /^(?:[^/]+\/)?data\/items\/[^/]+\/testimony\//;

export interface ImportOptions {
  /** The source archive's published ledger key; the bag must be signed with it. */
  expectedKey?: string;
  /** PEM of the CA trusted for the source's time-stamps. */
  trustedTsaPem?: string;
}

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
  files: Array<{ id: string; sha256: string; sha512: string; filename: string; role: string }>;
}

/**
 * Imports the items of a Reckon evidence bag into this instance, after verifying it completely (BagIt manifests and
 * tag manifests, then every binding to the source's signed ledger: payload hashes, checkpoint signature, time-stamps,
 * inclusion proofs, metadata and custody; src/core/bagit/verify-bag.ts). Any failure refuses the whole bag with every
 * reason and imports nothing. Each original then goes through the blob store (so its SHA-256 is checked once more,
 * against the verified metadata), the item keeps its verified metadata, and one `item.imported` custody event per
 * item carries the source organisation, the bag's identifier, the source item id and the source custody log.
 */
export async function importEvidencePackage(ctx: AppContext, actor: Actor, reader: BagReader, options: ImportOptions = {}): Promise<ImportedItem[]> {
  requireRole(actor, 'editor');
  const verification = await verifyBag(reader, { ...options, requireEvidence: true });
  if (!verification.ok) {
    const problems = failureLines(verification);
    throw invalid('bag_invalid', `the package does not verify (${problems.length} problem${problems.length === 1 ? '' : 's'})`, { problems });
  }
  const items = new Map<string, ExportedItem>();
  for (const [id, meta] of verification.evidence.items) items.set(id, meta as unknown as ExportedItem);
  if (items.size === 0) throw invalid('not_a_reckon_bag', 'the bag holds no metadata/items/*.json: it is not a Reckon evidence package');
  const custody = new Map<string, unknown>();
  const decoder = new TextDecoder();
  for (const [path, bytes] of verification.tagFiles) {
    const log = CUSTODY_FILE.exec(path);
    if (log) custody.set(log[1], JSON.parse(decoder.decode(bytes)));
  }
  const bagInfo = verification.report.bagInfo;
  const source = { organisation: bagInfo['Source-Organization'] ?? null, package: bagInfo['External-Identifier'] ?? null };
  const dataNames = new Set<string>();
  const notImportable: string[] = [];
  for await (const entry of reader.list()) {
    if (entry.kind !== 'file' || !PAYLOAD_FILE.test(entry.name)) continue;
    if (DATA_FILE.test(entry.name)) dataNames.add(entry.name);
    else notImportable.push(entry.name);
  }
  // A verified payload file that this importer has no place for would otherwise be dropped without a word, and the
  // item imported without it (a testimony without its transcript, interview and consent records): refuse the whole
  // package instead, naming the files.
  if (notImportable.length > 0) {
    const testimony = notImportable.some((name) => TESTIMONY_FILE.test(name));
    throw invalid(
      testimony ? 'testimony_import_unsupported' : 'bag_file_not_importable',
      testimony
        ? `${notImportable[0]}: the package carries a testimony (transcript, interview and consent records), which this version cannot import; nothing was imported`
        : `${notImportable[0]}: the package holds payload files this version cannot import; nothing was imported`,
      { files: notImportable.slice(0, 100) },
    );
  }

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
      // The bag was verified, but a folder can change between that reading and this one.
      if (blob.sha256 !== fileMeta.sha256 || blob.sha512 !== fileMeta.sha512) {
        throw invalid('hash_mismatch', `${file.name} hashes to ${blob.sha256}, but its verified metadata names ${fileMeta.sha256}`);
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
