import type { Readable } from 'node:stream';
import { buildTagFiles, type PayloadFile, type TagFile } from '../../core/bagit/build.ts';
import { PROOF_FORMAT } from '../../core/ledger/proof-format.ts';
import { requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import { invalid } from '../errors.ts';
import type { ItemDetail } from '../archive/service.ts';
import { renderIndexHtml } from './index-html.ts';

export const MAX_ITEMS_PER_PACKAGE = 500;

export interface PackagePayload extends PayloadFile {
  /** The original (decrypted) bytes. */
  open(): Promise<Readable>;
}

/** A bag ready to be written: payload files streamed from the blob store, tag files in memory. */
export interface EvidencePackage {
  externalIdentifier: string;
  payload: PackagePayload[];
  tags: TagFile[];
}

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);

/** A file name safe in any container and on any filesystem, keeping what can be kept of the original. */
export function safeFileName(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '').slice(0, 120);
  return cleaned || 'file';
}

/**
 * Gathers a BagIt evidence package for the given items: originals under data/, item metadata, each item's custody
 * log, every ledger entry of that log with its inclusion proof against one signed checkpoint (a
 * reckon-ledger-proof/1 batch), the public key and a static index page. The export is itself recorded as a custody
 * event of each item BEFORE the checkpoint is signed, so the package proves its own export too.
 */
export async function buildEvidencePackage(ctx: AppContext, actor: Actor, itemIds: readonly string[], now = new Date()): Promise<EvidencePackage> {
  requireRole(actor, 'editor', 'reviewer');
  const ids = [...new Set(itemIds)];
  if (ids.length === 0) throw invalid('no_items', 'name at least one item to export');
  if (ids.length > MAX_ITEMS_PER_PACKAGE) throw invalid('too_many_items', `at most ${MAX_ITEMS_PER_PACKAGE} items go in one package`);
  const items: ItemDetail[] = [];
  for (const id of ids) items.push(await ctx.archive.items.detail(actor, await ctx.archive.items.visibleItem(actor, id)));

  const externalIdentifier = `reckon-package-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${ids[0].slice(0, 8)}`;
  await ctx.db.transaction().execute(async (tx) => {
    for (const item of items) {
      await recordAudit(tx, actor, {
        action: 'item.exported',
        subjectType: 'item',
        subjectId: item.id,
        details: { package: externalIdentifier, files: item.files.map((f) => ({ sha256: f.sha256, filename: f.filename })) },
      });
    }
  });
  const checkpoint = await ctx.ledger.checkpoint(actor, { force: false });
  const key = await ctx.ledger.publicKey();

  const payload: PackagePayload[] = [];
  const tags: TagFile[] = [];
  const proofs: unknown[] = [];
  const custodyByItem: Record<string, unknown[]> = {};
  for (const item of items) {
    for (const file of item.files) {
      payload.push({
        path: `items/${item.id}/${file.id}-${safeFileName(file.filename)}`,
        size: file.size,
        sha256: file.sha256,
        sha512: file.sha512,
        open: () => ctx.archive.blobs.open(file.sha256),
      });
    }
    tags.push({ path: `metadata/items/${item.id}.json`, bytes: json(item) });
    const custody = await ctx.archive.items.custody(actor, item.id, 5000);
    custodyByItem[item.id] = custody;
    tags.push({ path: `custody/items/${item.id}.json`, bytes: json(custody) });
  }
  const auditIds = [...new Set(Object.values(custodyByItem).flatMap((events) => events.map((e) => Number((e as { id: number }).id))))];
  const entries = auditIds.length
    ? await ctx.db.selectFrom('ledger_entries').select(['seq', 'audit_event_id']).where('audit_event_id', 'in', auditIds).orderBy('seq').execute()
    : [];
  for (const row of entries) {
    const seq = Number(row.seq);
    if (seq >= checkpoint.size) continue;
    const { checkpoint: _c, publicKey: _k, format: _f, ...proof } = await ctx.ledger.inclusionProof(actor, seq, checkpoint.size);
    proofs.push(proof);
  }
  tags.push({ path: 'ledger/checkpoint.txt', bytes: encoder.encode(checkpoint.note) });
  tags.push({ path: 'ledger/public-key.txt', bytes: encoder.encode(`${key.verifierKey}\n`) });
  // The checkpoint's RFC 3161 token also as a bare DER file, so `openssl ts -verify -token_in` can check it too.
  const timestamp = await ctx.ledger.timestampMember(checkpoint.id);
  if (timestamp) {
    tags.push({ path: 'ledger/checkpoint.tsr', bytes: new Uint8Array(Buffer.from(timestamp.token, 'base64')) });
    if (timestamp.caCertificates) tags.push({ path: 'ledger/tsa-ca.pem', bytes: encoder.encode(timestamp.caCertificates.join('')) });
  }
  if (proofs.length > 0) {
    tags.push({ path: 'ledger/proofs.json', bytes: json({ format: PROOF_FORMAT, type: 'batch', checkpoint: checkpoint.note, publicKey: key.verifierKey, ...(timestamp ? { timestamp } : {}), proofs }) });
  }
  const organisation = ctx.config.organisationName;
  tags.push({
    path: 'index.html',
    bytes: encoder.encode(renderIndexHtml({ organisation, externalIdentifier, createdAt: now.toISOString(), items, payload, checkpoint, publicKey: key.verifierKey, proofCount: proofs.length, timestamped: Boolean(timestamp) })),
  });
  const tagFiles = buildTagFiles(payload, {
    sourceOrganization: organisation,
    externalIdentifier,
    baggingDate: now.toISOString().slice(0, 10),
    extra: [{ label: 'Bag-Software-Agent', value: `Reckon ${ctx.version}` }],
  }, tags);
  return { externalIdentifier, payload, tags: tagFiles };
}
