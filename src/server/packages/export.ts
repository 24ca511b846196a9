import { createHash } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { buildTagFiles, type PayloadFile, type TagFile } from '../../core/bagit/build.ts';
import { PROOF_FORMAT } from '../../core/ledger/proof-format.ts';
import { requireRole, type Actor } from '../accounts/actor.ts';
import type { ItemDetail } from '../archive/service.ts';
import { recordAudits } from '../audit/service.ts';
import type { AuditEventRow } from '../audit/tables.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { lockLedger } from '../ledger/append.ts';
import { conflict, invalid } from '../errors.ts';
import { custodySummary, exhibitCsv, exhibitHtml, pagesOrDuration, type ExhibitRow } from './exhibit-list.ts';
import { renderIndexHtml } from './index-html.ts';
import { verifierFiles } from './verifier/files.ts';
import { verifierScript } from './verifier/verify-html.ts';
import { openPackageWriter, type PackageWriter } from './package-writer.ts';
import { custodyEventsOfItems, ledgerSeqsOfAuditEvents } from './repository.ts';
import { cleanRecipientName, parseRecipientKey, type SealRecipient } from './sealing.ts';
import { testimonyFiles, type GeneratedFile } from './testimony-export.ts';
import type { PackageContainer } from './write.ts';

export const MAX_ITEMS_PER_PACKAGE = 500;
/** Who may make a court package: the documenters (editors and reviewers); admins may do everything. */
export const EXPORT_ROLES = ['editor', 'reviewer'] as const;

export interface PackagePayload extends PayloadFile {
  /** The bytes (originals decrypted from the blob store; generated files from memory). */
  open(): Promise<Readable>;
  /** The whole bytes in one read where that is cheaper than a stream (a small original stored unencrypted), else null. */
  readWhole?(): Promise<Buffer | null>;
}

/** Originals up to this size are read whole into memory (at most FOLDER_WRITES_AT_ONCE at a time); larger are streamed. */
const READ_WHOLE_BYTES = 8 << 20;

/** A bag ready to be written: payload files streamed from the blob store, tag files in memory. */
export interface EvidencePackage {
  externalIdentifier: string;
  payload: PackagePayload[];
  tags: TagFile[];
}

/**
 * What a kind of package adds beyond its items (a case file, src/server/cases/case-file-export.ts). Its `record` runs
 * inside the export's transaction, after the items' `item.exported` events and before the checkpoint is signed, so
 * its own events are covered by the package's checkpoint: it records them and returns its tag files and the audit
 * events whose inclusion proofs the package must carry.
 */
export interface PackageExtension {
  record(tx: Kysely<Database>, externalIdentifier: string, now: Date): Promise<{ tags: TagFile[]; auditEventIds: number[] }>;
  /** The most items this kind of package may hold (default MAX_ITEMS_PER_PACKAGE). */
  maxItems?: number;
}

export interface ExportOptions {
  /** Files and ledger events added by a kind of package (a case file). */
  extension?: PackageExtension;
  /** Seal each testimony's protected identity into the package for `recipient` (never in clear). */
  includeIdentity?: boolean;
  recipient?: SealRecipient;
  now?: Date;
  /** Payload bytes written so far, of the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface ExportSummary {
  externalIdentifier: string;
  container: PackageContainer;
  files: number;
  bytes: number;
  items: number;
  checkpointSize: number;
  timestamped: boolean;
}

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);

/** A file name safe in any container and on any filesystem, keeping what can be kept of the original. */
export function safeFileName(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '').slice(0, 120);
  return cleaned || 'file';
}

interface PreparedItem {
  detail: ItemDetail;
  originals: PackagePayload[];
  generated: GeneratedFile[];
  sealedFor?: { name: string; keyFingerprint: string };
}

/** Everything an export needs, gathered and checked before anything is written or recorded. */
interface PreparedPackage {
  externalIdentifier: string;
  now: Date;
  items: PreparedItem[];
  payload: PackagePayload[];
  extension?: PackageExtension;
}

/** One item's files and (for a testimony) generated files, after its court-use consent. */
async function prepareItem(ctx: AppContext, actor: Actor, detail: ItemDetail, recipient: SealRecipient | undefined): Promise<PreparedItem> {
  const originals: PackagePayload[] = detail.files.map((file) => ({
    path: `items/${detail.id}/${file.id}-${safeFileName(file.filename)}`,
    size: file.size,
    sha256: file.sha256,
    sha512: file.sha512,
    // The row read with the item's detail, so no lookup per file; the writer checks the bytes against sha256.
    open: () => ctx.archive.blobs.openStored(file),
    ...(file.size <= READ_WHOLE_BYTES ? { readWhole: () => ctx.archive.blobs.readStoredWhole(file) } : {}),
  }));
  let generated: GeneratedFile[] = [];
  let sealedFor: PreparedItem['sealedFor'];
  if (detail.kind === 'testimony') {
    const testimony = await ctx.archive.testimonies.get(actor, detail.id, { identity: false });
    if (!testimony.consents.some((c) => c.scope === 'court_use' && c.withdrawnOn === null)) {
      throw conflict('no_court_consent', `testimony ${detail.id} (${testimony.pseudonym}) has no court-use consent in force; it cannot go into a court package`, { itemId: detail.id });
    }
    const custody = await ctx.archive.items.custody(actor, detail.id, 5000);
    const identity = recipient && testimony.hasIdentity ? await ctx.archive.testimonies.identityForSealing(actor, detail.id) : null;
    const made = testimonyFiles(detail.id, testimony, custody, recipient ? { recipient, identity } : undefined);
    generated = made.files;
    sealedFor = made.sealedFor;
  }
  return { detail, originals, generated, sealedFor };
}

/**
 * Checks the exporter's role, the item list, the recipient and each item's visibility and court-use consent, and
 * gathers the files. Writes nothing and records nothing: a refused export leaves no trace but the refusal.
 */
async function prepare(ctx: AppContext, actor: Actor, itemIds: readonly string[], options: ExportOptions): Promise<PreparedPackage> {
  requireRole(actor, ...EXPORT_ROLES);
  if (!Array.isArray(itemIds)) throw invalid('no_items', 'name at least one item to export');
  const ids = [...new Set(itemIds)];
  if (ids.length === 0) throw invalid('no_items', 'name at least one item to export');
  const maxItems = options.extension?.maxItems ?? MAX_ITEMS_PER_PACKAGE;
  if (ids.length > maxItems) throw invalid('too_many_items', `at most ${maxItems} items go in one package`);
  let recipient: SealRecipient | undefined;
  if (options.includeIdentity) {
    if (!options.recipient) throw invalid('recipient_required', 'recipient: name the recipient and give their X25519 public key to include protected identities', { field: 'recipient' });
    parseRecipientKey(options.recipient.publicKey);
    recipient = { name: cleanRecipientName(options.recipient.name), publicKey: options.recipient.publicKey };
  } else if (options.recipient) {
    throw invalid('recipient_without_identity', 'recipient: a recipient is only used to seal protected identities; set includeIdentity or leave it out', { field: 'recipient' });
  }
  const now = options.now ?? new Date();
  // Every item's row and detail in a few statements whatever their number (a case file holds thousands); only
  // testimonies need reads of their own (consent, custody, sealed identity).
  const details = await ctx.archive.items.details(actor, await ctx.archive.items.visibleItems(actor, ids));
  const items: PreparedItem[] = [];
  for (const detail of details) items.push(await prepareItem(ctx, actor, detail, recipient));
  // Unique per package (random part): two exports of the same items in one second must not share an identifier,
  // since a verifier binds the files to the item.exported events of this very package by it.
  const externalIdentifier = `reckon-package-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${ids[0].replace(/[^0-9a-f]/gi, '').slice(0, 8) || 'items'}-${randomBytes(4).toString('hex')}`;
  const payload: PackagePayload[] = items.flatMap((item) => [
    ...item.originals,
    ...item.generated.map((file) => ({ path: file.path, size: file.size, sha256: file.sha256, sha512: file.sha512, open: async () => Readable.from([Buffer.from(file.bytes)]) })),
  ]);
  // verify.html's script is bundled once per process; not inside the export's transaction, which holds the ledger.
  await verifierScript();
  return { externalIdentifier, now, items, payload, extension: options.extension };
}

/** Runs every check an export makes (role, items, consent, recipient) without writing or recording anything. */
export async function checkExportRequest(ctx: AppContext, actor: Actor, itemIds: readonly string[], options: ExportOptions = {}): Promise<void> {
  await prepare(ctx, actor, itemIds, options);
}

const custodyView = (r: AuditEventRow) => ({
  id: r.id,
  at: r.at.toISOString(),
  actorName: r.actor_label,
  action: r.action,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  details: r.details,
});

/**
 * Inside the transaction that completes the export: records `item.exported` for each item (naming every payload
 * file of the item with its hashes, and for whom an identity was sealed), signs a checkpoint covering those events
 * (time-stamped when an authority is configured), and builds the tag files: metadata, custody logs, proofs,
 * checkpoint, key, exhibit list, index page, manifests.
 */
async function recordAndDescribe(tx: Kysely<Database>, ctx: AppContext, actor: Actor, prepared: PreparedPackage): Promise<{ tags: TagFile[]; checkpointSize: number; timestamped: boolean }> {
  const { externalIdentifier, now, items, payload } = prepared;
  // No other append may come between counting an item's custody events and recording the export after them.
  await lockLedger(tx);
  // Custody read for every item in one statement, the item.exported events recorded in one append (a case file
  // holds up to 5,000 items; a query or an append per item made the export slower than hashing its bytes).
  const itemIds = items.map((item) => item.detail.id);
  const custodyBefore = await custodyEventsOfItems(tx, itemIds, 5000);
  const exportedIds = await recordAudits(
    tx,
    actor,
    items.map((item) => ({
      action: 'item.exported',
      subjectType: 'item',
      subjectId: item.detail.id,
      details: {
        package: externalIdentifier,
        files: [
          ...item.detail.files.map((f, i) => ({ path: item.originals[i].path, fileId: f.id, filename: f.filename, role: f.role, size: f.size, sha256: f.sha256, sha512: f.sha512 })),
          ...item.generated.map((f) => ({ path: f.path, role: f.role, size: f.size, sha256: f.sha256, sha512: f.sha512 })),
        ],
        ...(item.sealedFor ? { identitySealedFor: item.sealedFor } : {}),
        // The metadata file's digest and the number of custody events before this one bind both files to this entry
        // (src/core/bagit/evidence-mirror.ts): no field can be edited, and no event dropped together with its proof.
        metadataSha256: createHash('sha256').update(json(item.detail)).digest('hex'),
        custodyEvents: custodyBefore.get(item.detail.id)?.length ?? 0,
      },
    })),
  );
  const extension = prepared.extension ? await prepared.extension.record(tx, externalIdentifier, now) : undefined;
  const signed = await ctx.ledger.signCheckpointIn(tx);
  const checkpoint = signed.checkpoint;
  const key = await ctx.ledger.publicKey();

  const tags: TagFile[] = [];
  const custodyByItem = new Map<string, ReturnType<typeof custodyView>[]>();
  // The custody now: what was read before, and what this transaction recorded about the items since (the ledger
  // lock keeps every other writer out).
  const custodySince = exportedIds.length ? await custodyEventsOfItems(tx, itemIds, 5000, Math.min(...exportedIds)) : new Map<string, AuditEventRow[]>();
  for (const item of items) {
    const custody = [...(custodyBefore.get(item.detail.id) ?? []), ...(custodySince.get(item.detail.id) ?? [])].slice(0, 5000).map(custodyView);
    custodyByItem.set(item.detail.id, custody);
    tags.push({ path: `metadata/items/${item.detail.id}.json`, bytes: json(item.detail) });
    tags.push({ path: `custody/items/${item.detail.id}.json`, bytes: json(custody) });
  }
  const auditIds = [...new Set([...[...custodyByItem.values()].flatMap((events) => events.map((e) => Number(e.id))), ...(extension?.auditEventIds ?? [])])];
  const proofs = await ctx.ledger.inclusionProofsIn(tx, await ledgerSeqsOfAuditEvents(tx, auditIds), checkpoint.size, signed.timestamp);

  tags.push({ path: 'ledger/checkpoint.txt', bytes: encoder.encode(checkpoint.note) });
  tags.push({ path: 'ledger/public-key.txt', bytes: encoder.encode(`${key.verifierKey}\n`) });
  if (signed.timestamp) {
    // The bare DER token too, so `openssl ts -verify -token_in` can check it.
    tags.push({ path: 'ledger/checkpoint.tsr', bytes: new Uint8Array(Buffer.from(signed.timestamp.token, 'base64')) });
    if (signed.timestamp.caCertificates) tags.push({ path: 'ledger/tsa-ca.pem', bytes: encoder.encode(signed.timestamp.caCertificates.join('')) });
  }
  if (proofs.length > 0) {
    tags.push({ path: 'ledger/proofs.json', bytes: json({ format: PROOF_FORMAT, type: 'batch', checkpoint: checkpoint.note, publicKey: key.verifierKey, ...(signed.timestamp ? { timestamp: signed.timestamp } : {}), proofs }) });
  }

  const organisation = ctx.config.organisationName;
  const rows: ExhibitRow[] = [];
  for (const item of items) {
    const d = item.detail;
    const custody = custodySummary(custodyByItem.get(d.id) ?? [], externalIdentifier);
    const source = [d.providedBy, d.place.name, d.place.country].filter(Boolean).join('; ');
    const common = { itemId: d.id, title: d.title, kind: d.kind, date: d.eventDate ?? '', source, custody };
    d.files.forEach((f, i) => {
      const metadata = d.extractions.filter((e) => e.blobSha256 === f.sha256).map((e) => e.metadata);
      rows.push({ exhibit: '', ...common, file: item.originals[i].path, role: f.role, pagesOrDuration: pagesOrDuration(metadata), bytes: f.size, sha256: f.sha256 });
    });
    for (const g of item.generated) rows.push({ exhibit: '', ...common, file: g.path, role: g.language ? `${g.role} (${g.language})` : g.role, pagesOrDuration: '', bytes: g.size, sha256: g.sha256 });
  }
  rows.forEach((row, i) => (row.exhibit = String(i + 1).padStart(3, '0')));
  tags.push({ path: 'exhibit-list.csv', bytes: encoder.encode(exhibitCsv(rows)) });
  tags.push({ path: 'exhibit-list.html', bytes: encoder.encode(exhibitHtml(rows, { organisation, packageId: externalIdentifier, createdAt: now.toISOString() })) });
  tags.push({
    path: 'index.html',
    bytes: encoder.encode(
      renderIndexHtml({
        organisation,
        externalIdentifier,
        createdAt: now.toISOString(),
        items: items.map((i) => i.detail),
        payload,
        checkpoint,
        publicKey: key.verifierKey,
        proofCount: proofs.length,
        timestamped: Boolean(signed.timestamp),
      }),
    ),
  });
  tags.push(...(await verifierFiles({ externalIdentifier, timestamped: Boolean(signed.timestamp) })));
  if (extension) tags.push(...extension.tags);
  const all = buildTagFiles(
    payload,
    {
      sourceOrganization: organisation,
      externalIdentifier,
      baggingDate: now.toISOString().slice(0, 10),
      extra: [{ label: 'Bag-Software-Agent', value: `Reckon ${ctx.version}` }],
    },
    tags,
  );
  return { tags: all, checkpointSize: checkpoint.size, timestamped: Boolean(signed.timestamp) };
}

const FOLDER_WRITES_AT_ONCE = 8;

/** Runs `work` over `list` with at most `width` at a time; the first failure stops new work and is thrown. */
async function eachAtMost<T>(list: readonly T[], width: number, work: (value: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < list.length) {
      const value = list[next++];
      try {
        await work(value);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(width, list.length)) }, lane);
  const results = await Promise.allSettled(lanes);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * Exports items as a BagIt court package to a new folder, .zip or .tar at `target`:
 *
 * 1. checks everything first (role, items, consent, recipient), recording nothing;
 * 2. streams the payload (originals decrypted from the blob store, each checked against its recorded SHA-256 on
 *    the way; testimony files) to a temporary file, outside any transaction;
 * 3. in ONE transaction records `item.exported` for each item, signs a checkpoint covering those events, builds
 *    the tag files (custody, proofs, exhibit list, manifests) and finishes the container on disk (fsync);
 * 4. after the commit, moves the container to `target`.
 *
 * So the custody record says "exported" exactly when a complete package exists: any failure before the commit
 * (a refusal, a changed blob, a full disk) rolls the events back and removes the temporary file.
 */
export async function exportEvidencePackage(ctx: AppContext, actor: Actor, itemIds: readonly string[], target: string, options: ExportOptions = {}): Promise<ExportSummary> {
  const prepared = await prepare(ctx, actor, itemIds, options);
  if (existsSync(target)) throw invalid('target_exists', 'the package file already exists');
  await ctx.ledger.publicKey();
  const total = prepared.payload.reduce((n, f) => n + f.size, 0);
  let done = 0;
  const writer: PackageWriter = openPackageWriter(target, prepared.externalIdentifier, (n) => {
    done += n;
    options.onProgress?.(done, total);
  });
  try {
    // A folder's files are independent, so several are written at once (the wait for one file's open, read and
    // write overlaps the others'); a zip or tar is one stream, written a file after another.
    const width = writer.container === 'folder' ? FOLDER_WRITES_AT_ONCE : 1;
    // Into a folder a small original is read whole (one read instead of a stream of 64 KiB chunks, most of the cost
    // of a case file's thousands of exhibits); either way each is read once and hashed once, and refused before it is
    // written if it is not what the archive recorded (src/server/packages/package-writer.ts).
    await eachAtMost(prepared.payload, width, async (file) => {
      const expected = { size: file.size, sha256: file.sha256 };
      const whole = file.readWhole && writer.container === 'folder' ? await file.readWhole() : null;
      if (whole) await writer.addPayloadBytes(file.path, whole, expected);
      else await writer.addPayload(file.path, await file.open(), expected);
    });
    const sealed = await ctx.db.transaction().execute(async (tx) => {
      const described = await recordAndDescribe(tx, ctx, actor, prepared);
      await eachAtMost(described.tags, width, (tag) => writer.addTag(tag.path, tag.bytes));
      await writer.finish();
      return described;
    });
    await writer.commit();
    return {
      externalIdentifier: prepared.externalIdentifier,
      container: writer.container,
      files: prepared.payload.length,
      bytes: total,
      items: prepared.items.length,
      checkpointSize: sealed.checkpointSize,
      timestamped: sealed.timestamped,
    };
  } catch (error) {
    await writer.abort().catch(() => {});
    throw error;
  }
}

/**
 * The package in memory (payload streamed when written), for callers that write it themselves at once with
 * `writePackage` (tests, tools). The export is recorded when the package is built, in the transaction that signs
 * its checkpoint, after every check; the web app and the CLI use `exportEvidencePackage`, which also makes the
 * record depend on the finished file.
 */
export async function buildEvidencePackage(ctx: AppContext, actor: Actor, itemIds: readonly string[], now = new Date(), options: Omit<ExportOptions, 'now'> = {}): Promise<EvidencePackage> {
  const prepared = await prepare(ctx, actor, itemIds, { ...options, now });
  await ctx.ledger.publicKey();
  const { tags } = await ctx.db.transaction().execute((tx) => recordAndDescribe(tx, ctx, actor, prepared));
  return { externalIdentifier: prepared.externalIdentifier, payload: prepared.payload, tags };
}
