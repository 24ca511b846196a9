/**
 * The check that binds a case file (the `case-file/` folder of a Reckon court package) to the signed ledger:
 *
 * - the package's `case_file.exported` entry (proved) names the allegation, every file of `case-file/` with its
 *   SHA-256, and the evidence links: how many, and the SHA-256 of the list of (link id, SHA-256 of its record);
 * - every file of `case-file/` in the bag is named there with that digest, and every file named there is in the bag;
 * - `case-file/links.json` lists exactly the links named there, each record hashing to the named digest;
 * - each link's record is also named by a proved `evidence_link.created` or `evidence_link.changed` entry, which
 *   proves when, and by whom, the link was made in that form.
 *
 * So a link added, edited or dropped after the export, or a matrix edited, fails; pure, for `reckon bag verify` and
 * verify.html alike.
 */
import type { LedgerEntry } from '../ledger/entry.ts';
import { createHash } from 'node:crypto';
import { canonicalize } from '../ledger/canonical-json.ts';
import { CASE_FILE_EXPORTED, LINK_CHANGED, LINK_CREATED, LINK_SUBJECT, linkSha256, type EvidenceLinkRecord } from './evidence-record.ts';

export const CASE_FILE_DIR = 'case-file/';
export const CASE_FILE_LINKS = 'case-file/links.json';
export const CASE_FILE_FORMAT = 'reckon-case-file/1';

/** The digest of a case file's link list: RFC 8785 JSON of [{id, sha256}] sorted by id. */
export function linkListSha256(links: ReadonlyArray<{ id: string; sha256: string }>): string {
  const sorted = [...links].map((l) => ({ id: l.id, sha256: l.sha256 })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash('sha256').update(canonicalize(sorted), 'utf8').digest('hex') as string;
}

export interface CaseFileProblem {
  path: string;
  message: string;
}

export interface CaseFileBinding {
  problems: CaseFileProblem[];
  /** What held, for people to read; empty when the bag has no case file. */
  passed: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function bindCaseFile(
  tags: ReadonlyMap<string, Uint8Array>,
  entries: ReadonlyMap<number, LedgerEntry>,
  packageId: string | undefined,
  sha256: (bytes: Uint8Array) => string,
  text: (bytes: Uint8Array | undefined) => string | undefined,
): CaseFileBinding {
  const problems: CaseFileProblem[] = [];
  const fail = (path: string, message: string) => problems.push({ path, message: `${path}: ${message}` });
  const files = [...tags.keys()].filter((p) => p.startsWith(CASE_FILE_DIR));
  const exported = [...entries.values()].filter((e) => e.action === CASE_FILE_EXPORTED && packageId !== undefined && e.details.package === packageId);
  if (files.length === 0 && exported.length === 0) return { problems, passed: [] };
  if (exported.length !== 1) {
    fail(CASE_FILE_LINKS, exported.length === 0 ? `no signed, proved ${CASE_FILE_EXPORTED} entry of this package names the case file` : `${exported.length} ${CASE_FILE_EXPORTED} entries name this package`);
    return { problems, passed: [] };
  }
  const entry = exported[0];
  const listedFiles = new Map<string, string>();
  for (const f of Array.isArray(entry.details.files) ? entry.details.files : []) {
    if (isObject(f) && typeof f.path === 'string' && typeof f.sha256 === 'string') listedFiles.set(f.path, f.sha256);
  }
  for (const path of files) {
    const want = listedFiles.get(path);
    if (want === undefined) fail(path, `not named by ledger entry ${entry.seq} (${CASE_FILE_EXPORTED}): added after the export`);
    else if (sha256(tags.get(path)!) !== want) fail(path, `its SHA-256 is not the one ledger entry ${entry.seq} (${CASE_FILE_EXPORTED}, ${entry.time}) records: the file was changed after the export`);
  }
  for (const path of listedFiles.keys()) {
    if (!tags.has(path)) fail(path, `named by ledger entry ${entry.seq} (${CASE_FILE_EXPORTED}), but not in the bag`);
  }

  const listed = isObject(entry.details.links) ? entry.details.links : {};
  const raw = text(tags.get(CASE_FILE_LINKS));
  let records: EvidenceLinkRecord[] = [];
  if (raw === undefined) fail(CASE_FILE_LINKS, tags.has(CASE_FILE_LINKS) ? 'is not UTF-8 text' : 'the case file\'s links are not in the bag');
  else {
    try {
      const doc: unknown = JSON.parse(raw);
      if (!isObject(doc) || doc.format !== CASE_FILE_FORMAT || !Array.isArray(doc.links)) throw new Error(`expected a "${CASE_FILE_FORMAT}" document with links`);
      if (doc.allegationId !== entry.details.allegationId) fail(CASE_FILE_LINKS, `names allegation ${JSON.stringify(doc.allegationId)}, the ledger ${JSON.stringify(entry.details.allegationId)}`);
      records = doc.links as EvidenceLinkRecord[];
    } catch (error) {
      fail(CASE_FILE_LINKS, `not a readable case file: ${(error as Error).message}`);
    }
  }
  const byRecord = new Map<string, LedgerEntry>();
  for (const e of entries.values()) {
    if ((e.action === LINK_CREATED || e.action === LINK_CHANGED) && e.subject.type === LINK_SUBJECT && typeof e.details.linkSha256 === 'string') byRecord.set(`${e.subject.id} ${e.details.linkSha256}`, e);
  }
  const seen = new Set<string>();
  const digests: Array<{ id: string; sha256: string }> = [];
  records.forEach((record, i) => {
    const where = `${CASE_FILE_LINKS} $.links[${i}]`;
    if (!isObject(record) || typeof record.id !== 'string') {
      fail(where, 'not a link record');
      return;
    }
    if (seen.has(record.id)) fail(where, `link ${record.id} is listed twice`);
    seen.add(record.id);
    let digest: string;
    try {
      digest = linkSha256(record);
    } catch (error) {
      fail(where, `cannot be hashed: ${(error as Error).message}`);
      return;
    }
    digests.push({ id: record.id, sha256: digest });
    if (!byRecord.has(`${record.id} ${digest}`)) fail(where, `no signed, proved ${LINK_CREATED} or ${LINK_CHANGED} entry records link ${record.id} in this form`);
  });
  if (listed.count !== records.length) fail(CASE_FILE_LINKS, `holds ${records.length} link${records.length === 1 ? '' : 's'}; ledger entry ${entry.seq} (${CASE_FILE_EXPORTED}, ${entry.time}) records ${String(listed.count)}: links were added or removed after the export`);
  else if (linkListSha256(digests) !== listed.sha256) fail(CASE_FILE_LINKS, `the links are not those ledger entry ${entry.seq} (${CASE_FILE_EXPORTED}, ${entry.time}) records: a link was added, removed or changed after the export`);
  const passed = problems.length === 0 ? [`${CASE_FILE_DIR}: ${files.length} files and ${records.length} evidence link${records.length === 1 ? '' : 's'} of allegation ${String(entry.details.allegationId)} agree with ledger entry ${entry.seq} (${entry.time}); each link's record is proved by its own entry`] : [];
  return { problems, passed };
}
