import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { CASE_FILE_FORMAT, CASE_FILE_LINKS, linkListSha256 } from '../../core/cases/case-file-binding.ts';
import { pinpointLabel } from '../../core/cases/evidence-pinpoint.ts';
import { ALLEGATION_SUBJECT, CASE_FILE_EXPORTED, LINK_CHANGED, LINK_CREATED, LINK_SUBJECT, linkRecord, linkSha256, type EvidenceLinkRecord } from '../../core/cases/evidence-record.ts';
import { computeMatrix, LOW_RELIABILITY } from '../../core/cases/matrix-compute.ts';
import type { TagFile } from '../../core/bagit/build.ts';
import { requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid } from '../errors.ts';
import { EXPORT_ROLES, exportEvidencePackage, safeFileName, type ExportSummary, type PackageExtension } from '../packages/export.ts';
import { registerPackageExtension } from '../packages/service.ts';
import * as repo from './evidence-repository.ts';
import { INDEPENDENCE, type CaseEvidenceService, type LinkView } from './evidence-service.ts';
import { evidenceDb } from './evidence-tables.ts';

/** A case file may hold more items than a plain package: an allegation's exhibits can run to thousands. */
export const MAX_CASE_FILE_ITEMS = 5000;
const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Spreadsheet programs run a cell starting with = + - @ as a formula; such text gets a leading apostrophe. */
const defuse = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
const csv = (rows: Array<Array<string | number>>) => stringify(rows.map((r) => r.map((c) => (typeof c === 'number' ? String(c) : defuse(c)))), { record_delimiter: 'windows', bom: true });
const escape = (text: unknown) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The case file of an allegation (issue 21, item 7): a court package (the packages module's BagIt export, not a
 * second one) of every item linked to the allegation that the exporter may see, plus `case-file/`:
 *
 * - `links.json`: every evidence link's record (what its ledger entries hash), with the allegation;
 * - `matrix.json`, `matrix.csv`, `matrix.html`: the matrix (elements × independent sources, gaps, low reliability);
 * - `exhibits.csv`, `exhibits.html`: one row per link: exhibit number, element, direction, the file in `data/` and
 *   the pinpoint in it, reliability, note.
 *
 * In the export's transaction (which holds the ledger lock, so no link can change in between) the links are read
 * again, `case_file.exported` records the files' digests and the digest of the link list, and the package carries
 * an inclusion proof of that entry and of each link's latest `evidence_link.created`/`changed` entry.
 */
export function caseFileExtension(actor: Actor, allegationId: string, expectedItems: ReadonlySet<string>): PackageExtension {
  return {
    maxItems: MAX_CASE_FILE_ITEMS,
    async record(tx: Kysely<Database>, externalIdentifier: string, now: Date) {
      const db = evidenceDb(tx);
      const allegation = await repo.findAllegation(db, allegationId);
      if (!allegation) throw conflict('case_file_changed', 'the allegation was removed during the export');
      const elements = await repo.elementsOfAllegation(db, allegationId);
      const rows = await repo.listLinks(db, actor, allegationId, { limit: 10_000_000, offset: 0 });
      if (rows.some((r) => !expectedItems.has(r.item_id))) throw conflict('case_file_changed', 'evidence was linked to another item during the export; export again');
      const records: EvidenceLinkRecord[] = rows.map((r) =>
        linkRecord({ id: r.id, allegationId: r.allegation_id, elementId: r.element_id, itemId: r.item_id, pinpoint: r.pinpoint, direction: r.direction, reliability: r.reliability, note: r.note, version: r.version }),
      );
      const fileNames = new Map<string, string>();
      for (const f of await repo.filesOfItems(db, [...new Set(rows.map((r) => r.item_id))])) fileNames.set(f.id, `items/${f.item_id}/${f.id}-${safeFileName(f.filename)}`);
      const elementById = new Map(elements.map((e) => [e.id, e]));
      const matrix = computeMatrix(
        elements.map((e) => ({ id: e.id, code: `${e.citation} (${e.number})`, label: e.summary })),
        rows.map((r) => ({ id: r.id, elementId: r.element_id, itemId: r.item_id, direction: r.direction, reliability: r.reliability, providedBy: r.provided_by })),
      );
      const head = { allegationId, incidentId: allegation.incident_id, proponent: allegation.proponent, characterisation: allegation.characterisation, statement: allegation.statement, package: externalIdentifier, createdAt: now.toISOString() };
      const files: TagFile[] = [];
      files.push({ path: CASE_FILE_LINKS, bytes: json({ format: CASE_FILE_FORMAT, allegationId, links: records }) });
      files.push({ path: 'case-file/matrix.json', bytes: json({ ...head, independence: INDEPENDENCE, ...matrix }) });
      const matrixHeader = ['Element', 'Citation', 'Summary', 'Supporting links', 'Supporting sources', 'Supporting sources (A–C)', 'Undermining links', 'Undermining sources', 'Undermining sources (A–C)', 'Low reliability links', 'Gap', 'Only low reliability'];
      const matrixRows = matrix.rows.map((r) => [
        r.elementId,
        r.code,
        r.label,
        r.supporting.links,
        r.supporting.sources,
        r.supporting.reliableSources,
        r.undermining.links,
        r.undermining.sources,
        r.undermining.reliableSources,
        r.supporting.lowReliability + r.undermining.lowReliability,
        r.gap ? 'yes' : 'no',
        r.onlyLowReliability ? 'yes' : 'no',
      ]);
      files.push({ path: 'case-file/matrix.csv', bytes: encoder.encode(csv([matrixHeader, ...matrixRows])) });
      const exhibitHeader = ['Exhibit', 'Element', 'Direction', 'Item', 'Title', 'File in data/', 'Pinpoint', 'Reliability', 'Low reliability', 'Note', 'Link', 'Link version'];
      const exhibitRows = rows.map((r, i) => [
        `E-${String(i + 1).padStart(5, '0')}`,
        elementById.get(r.element_id)?.citation ?? r.element_id,
        r.direction,
        r.item_id,
        r.item_title,
        'fileId' in r.pinpoint ? (fileNames.get(r.pinpoint.fileId) ?? '') : '',
        pinpointLabel(r.pinpoint),
        r.reliability,
        LOW_RELIABILITY.has(r.reliability) ? 'yes' : 'no',
        r.note,
        r.id,
        r.version,
      ]);
      files.push({ path: 'case-file/exhibits.csv', bytes: encoder.encode(csv([exhibitHeader, ...exhibitRows])) });
      files.push({ path: 'case-file/matrix.html', bytes: encoder.encode(matrixHtml(head, matrixHeader, matrixRows, exhibitHeader, exhibitRows)) });

      const linkAuditIds = await repo.latestLinkAuditIds(db, records.map((r) => r.id), LINK_SUBJECT, [LINK_CREATED, LINK_CHANGED]);
      const exportedId = await recordAudit(tx, actor, {
        action: CASE_FILE_EXPORTED,
        subjectType: ALLEGATION_SUBJECT,
        subjectId: allegationId,
        details: {
          package: externalIdentifier,
          allegationId,
          files: files.map((f) => ({ path: f.path, sha256: sha256(f.bytes) })),
          links: { count: records.length, sha256: linkListSha256(records.map((r) => ({ id: r.id, sha256: linkSha256(r) }))) },
        },
      });
      return { tags: files, auditEventIds: [...linkAuditIds, exportedId] };
    },
  };
}

function matrixHtml(head: Record<string, string>, mh: string[], mr: Array<Array<string | number>>, eh: string[], er: Array<Array<string | number>>): string {
  const table = (header: string[], rows: Array<Array<string | number>>) =>
    `<table>\n<thead><tr>${header.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('\n')}\n</tbody>\n</table>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><title>Evidence matrix ${escape(head.allegationId)}</title></head>
<body>
<h1>Evidence matrix</h1>
<p>Allegation ${escape(head.allegationId)} (incident ${escape(head.incidentId)}): ${escape(head.proponent)} characterises the incident as ${escape(head.characterisation)}. The characterisation is the proponent's, as recorded with its sources; this file states none of its own.</p>
<p>Package ${escape(head.package)}, made ${escape(head.createdAt)}. ${escape(INDEPENDENCE)} Reliability grades follow the Admiralty scale (A completely reliable … E unreliable, F cannot be judged); D–F count as low.</p>
<h2>Elements</h2>
${table(mh, mr)}
<h2>Exhibits and pinpoints</h2>
${table(eh, er)}
</body>
</html>
`;
}

/** Resolves a case file for the export job and the CLI: the items of every link the exporter may see. */
export async function caseFileRequest(evidence: CaseEvidenceService, actor: Actor, allegationId: string): Promise<{ itemIds: string[]; extension: PackageExtension; links: LinkView[] }> {
  requireRole(actor, ...EXPORT_ROLES);
  if (typeof allegationId !== 'string' || allegationId.length === 0) throw invalid('invalid_request', 'allegationId: name the allegation');
  const links = await evidence.allLinks(actor, allegationId);
  if (links.length === 0) throw invalid('no_evidence', 'the allegation has no evidence linked (that you may see): there is nothing to put in a case file');
  const itemIds = [...new Set(links.map((l) => l.itemId))];
  if (itemIds.length > MAX_CASE_FILE_ITEMS) throw invalid('too_many_items', `at most ${MAX_CASE_FILE_ITEMS} items go in one case file`);
  return { itemIds, extension: caseFileExtension(actor, allegationId, new Set(itemIds)), links };
}

/** Lets the packages module's export job make case files (the web app's button). */
export function registerCaseFileExport(evidence: CaseEvidenceService): void {
  registerPackageExtension('case-file', async (_ctx, actor, spec) => caseFileRequest(evidence, actor, String(spec.allegationId ?? '')));
}

/** Exports a case file straight to a folder, .zip or .tar (the CLI). */
export async function exportCaseFile(ctx: AppContext, evidence: CaseEvidenceService, actor: Actor, allegationId: string, target: string): Promise<ExportSummary> {
  const { itemIds, extension } = await caseFileRequest(evidence, actor, allegationId);
  return exportEvidencePackage(ctx, actor, itemIds, target, { extension });
}
