/**
 * A Reckon package's metadata/items/<id>.json and custody/items/<id>.json are views of ledger entries: these checks
 * replay the proved entries and compare, so an edited title, file hash, confidentiality or custody event is named.
 */
import { createHash } from 'node:crypto';
import { canonicalize } from '../ledger/canonical-json.ts';
import type { LedgerEntry } from '../ledger/entry.ts';
import type { EvidenceCode } from './evidence.ts';

export interface ItemMetadataFile {
  id: string;
  sha256: string;
  sha512: string;
  size: number;
  filename: string;
  role: string;
}

/** What an importer may take from a package's metadata once it agrees with the ledger. */
export interface ItemMetadata {
  id: string;
  kind: string;
  title: string;
  description?: string;
  languages?: string[];
  eventDate?: string | null;
  place?: { name?: string | null; country?: string | null; latitude?: number | null; longitude?: number | null };
  providedBy?: string | null;
  confidentiality: string;
  files: ItemMetadataFile[];
  [field: string]: unknown;
}

interface Problem {
  code: EvidenceCode;
  path: string;
  message: string;
}

/** Equal as RFC 8785 JSON; a value that is not I-JSON (a lone surrogate, say) equals nothing the ledger holds. */
const same = (a: unknown, b: unknown): boolean => {
  try {
    return canonicalize(a ?? null) === canonicalize(b ?? null);
  } catch {
    return false;
  }
};
const sorted = (v: unknown): unknown => (Array.isArray(v) ? [...v].map(String).sort() : v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const short = (v: unknown): string => {
  const s = JSON.stringify(v ?? null);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/** Item fields the ledger records (item.created, then the `to` of each change), and where each shows in the metadata. */
const MIRRORED: Array<[metadataPath: string, column: string]> = [
  ['kind', 'kind'],
  ['title', 'title'],
  ['description', 'description'],
  ['languages', 'languages'],
  ['eventDate', 'event_date'],
  ['place.name', 'place_name'],
  ['place.country', 'country'],
  ['place.latitude', 'latitude'],
  ['place.longitude', 'longitude'],
  ['providedBy', 'provided_by'],
  ['confidentiality', 'confidentiality'],
  ['state', 'state'],
  ['tags', 'tags'],
  ['related', 'related'],
];
const FILE_MIRRORED = ['sha256', 'sha512', 'size', 'filename', 'originalFilename', 'role', 'derivedFrom', 'confidentiality'] as const;
const UNBOUND_HINT = new Set(['id', 'files', 'place', ...MIRRORED.map(([p]) => p.split('.')[0])]);

function itemEntries(entries: ReadonlyMap<number, LedgerEntry>, itemId: string): LedgerEntry[] {
  return [...entries.values()].filter((e) => e.subject.type === 'item' && e.subject.id === itemId).sort((a, b) => a.seq - b.seq);
}

/** The item's recorded state after every proved entry: item.created, then each change in order. */
function replay(history: LedgerEntry[]): Record<string, unknown> | undefined {
  const created = history.find((e) => e.action === 'item.created');
  if (!created) return undefined;
  const state: Record<string, unknown> = {
    description: '',
    languages: [],
    event_date: null,
    place_name: null,
    country: null,
    latitude: null,
    longitude: null,
    provided_by: null,
    tags: [],
    related: [],
    state: 'draft',
    ...created.details,
  };
  for (const e of history) {
    if (e.seq <= created.seq) continue;
    if ((e.action === 'item.updated' || e.action === 'item.confidentiality_changed') && isObject(e.details.changes)) {
      for (const [column, change] of Object.entries(e.details.changes)) if (isObject(change)) state[column] = change.to;
    }
    if (e.action === 'item.published') state.state = 'published';
    if (e.action === 'item.unpublished') state.state = 'draft';
  }
  return state;
}

const at = (obj: Record<string, unknown>, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), obj);

export function bindMetadata(
  itemId: string,
  path: string,
  bytes: Uint8Array,
  text: string | undefined,
  entries: ReadonlyMap<number, LedgerEntry>,
  payload: ReadonlyMap<string, { sha256?: string; sha512?: string }>,
  packageId: string | undefined,
): { item?: ItemMetadata; problems: Problem[]; warnings: string[] } {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const fail = (code: EvidenceCode, message: string, where = path) => problems.push({ code, path: where, message: `${where}: ${message}` });
  let meta: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    if (!isObject(parsed)) throw new Error('expected a JSON object');
    meta = parsed;
  } catch (error) {
    fail('metadata-mismatch', text === undefined ? 'is not UTF-8 text' : `not valid JSON: ${(error as Error).message}`);
    return { problems, warnings };
  }
  if (meta.id !== itemId) fail('metadata-mismatch', `describes item ${short(meta.id)}, not ${itemId}`);
  const history = itemEntries(entries, itemId);
  const state = replay(history);
  if (!state) {
    fail('metadata-mismatch', `no signed, proved ledger entry records the creation of item ${itemId}, so its metadata cannot be checked`);
    return { problems, warnings };
  }
  for (const [field, column] of MIRRORED) {
    const want = field === 'tags' ? sorted((state.tags as unknown[]).map((t) => (isObject(t) ? t.id : t))) : field === 'related' ? sorted(state.related) : state[column];
    const got = field === 'tags' ? sorted(Array.isArray(meta.tags) ? meta.tags.map((t) => (isObject(t) ? t.id : t)) : meta.tags) : field === 'related' ? sorted(meta.related) : at(meta, field);
    if (got === undefined && (field === 'tags' || field === 'related' || field === 'state')) continue;
    if (!same(got, want)) fail('metadata-mismatch', `${field} is ${short(got)}, but the ledger records ${short(want)}`);
  }

  // Files: each as its item.file_added (or item.redacted) entry records it, and present in data/.
  const files = Array.isArray(meta.files) ? meta.files : [];
  if (!Array.isArray(meta.files)) fail('metadata-mismatch', 'has no files list');
  const fileIds = new Set<string>();
  for (const [i, file] of files.entries()) {
    if (!isObject(file) || typeof file.id !== 'string') {
      fail('metadata-mismatch', `files[${i}] has no id`);
      continue;
    }
    fileIds.add(file.id);
    const added = history.find((e) => (e.action === 'item.file_added' || e.action === 'item.redacted') && e.details.fileId === file.id);
    if (!added) {
      fail('metadata-mismatch', `files[${i}] (${file.id}) is named by no signed, proved ledger entry of the item`);
      continue;
    }
    for (const field of FILE_MIRRORED) {
      if (added.details[field] === undefined && file[field] === undefined) continue;
      if (!same(file[field], added.details[field])) fail('metadata-mismatch', `files[${i}].${field} is ${short(file[field])}, but ledger entry ${added.seq} records ${short(added.details[field])}`);
    }
    const inData = [...payload.keys()].filter((p) => p.startsWith(`data/items/${itemId}/${file.id}-`));
    if (inData.length === 0) fail('missing-file', `files[${i}] (${short(file.filename)}) is not in data/items/${itemId}/`, `data/items/${itemId}/${file.id}-*`);
  }
  for (const p of payload.keys()) {
    const m = /^data\/items\/([^/]+)\/([0-9a-f-]{36})-/.exec(p);
    if (m && m[1] === itemId && !fileIds.has(m[2])) fail('unbound-file', `is in the bag but not among the files ${path} lists`, p);
  }

  // The package's own export, when the ledger proves it, lists exactly these files.
  const exported = history.filter((e) => e.action === 'item.exported' && packageId !== undefined && e.details.package === packageId);
  if (exported.length === 0) warnings.push(`${path}: no proved ledger entry records the export of this package (${packageId ?? 'no External-Identifier'})`);
  for (const e of exported) {
    // The entry lists each original by file id (and generated files without one); older entries only sha256 and name.
    const listed: Record<string, unknown>[] = Array.isArray(e.details.files) ? (e.details.files as unknown[]).filter(isObject) : [];
    const originals = listed.some((f) => f.path !== undefined) ? listed.filter((f) => typeof f.fileId === 'string') : listed;
    const key = (f: Record<string, unknown>) => `${String(f.sha256)} ${String(f.filename)}`;
    if (!same(originals.map(key).sort(), files.filter(isObject).map(key).sort())) fail('metadata-mismatch', `its files are not those ledger entry ${e.seq} (item.exported) records for this package`);
  }
  // An export that recorded the metadata file's digest binds every field, those the entries do not mirror too.
  const digests = exported.map((e) => e.details.metadataSha256).filter((d): d is string => typeof d === 'string');
  const digest = digests.length ? createHash('sha256').update(bytes).digest('hex') : undefined;
  for (const want of digests) if (digest !== want) fail('metadata-mismatch', `its SHA-256 is ${digest!.slice(0, 16)}…, but the export of this package recorded ${want.slice(0, 16)}…: the file was edited`);
  const unbound = Object.keys(meta).filter((k) => !UNBOUND_HINT.has(k));
  if (unbound.length && digests.length === 0) warnings.push(`${path}: ${unbound.join(', ')} are not recorded in the ledger and were not checked`);
  return { item: meta as ItemMetadata, problems, warnings };
}

/** The custody log must be exactly the proved entries about the item and its files' blobs, event for event. */
export function bindCustody(
  itemId: string,
  path: string,
  text: string | undefined,
  entries: ReadonlyMap<number, LedgerEntry>,
  payload: ReadonlyMap<string, { sha256?: string }>,
  packageId: string | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const fail = (message: string) => problems.push({ code: 'custody-mismatch', path, message: `${path}: ${message}` });
  let events: unknown[];
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    if (!Array.isArray(parsed)) throw new Error('expected a JSON array of events');
    events = parsed;
  } catch (error) {
    fail(text === undefined ? 'is not UTF-8 text' : `not valid JSON: ${(error as Error).message}`);
    return problems;
  }
  const blobs = new Set<string>();
  for (const e of entries.values()) {
    if (e.subject.type === 'item' && e.subject.id === itemId && typeof e.details.sha256 === 'string') blobs.add(e.details.sha256);
  }
  for (const [p, d] of payload) if (p.startsWith(`data/items/${itemId}/`) && d.sha256) blobs.add(d.sha256);
  const relevant = [...entries.values()].filter((e) => (e.subject.type === 'item' && e.subject.id === itemId) || (e.subject.type === 'blob' && blobs.has(e.subject.id)));
  const unmatched = new Map(relevant.map((e) => [e.seq, e]));
  events.forEach((event, i) => {
    if (!isObject(event)) {
      fail(`event ${i} is not an object`);
      return;
    }
    const match = [...unmatched.values()].find((e) => mirrors(event, e));
    if (!match) {
      fail(`event ${i} (${short(event.action)} at ${short(event.at)}) matches no signed, proved ledger entry: it was added or altered`);
      return;
    }
    unmatched.delete(match.seq);
  });
  for (const e of unmatched.values()) fail(`ledger entry ${e.seq} (${e.action} at ${e.time}) is proved in the bag but missing from the custody log`);
  // The export recorded how many events came before it: an event dropped together with its proof shows here.
  for (const e of relevant) {
    if (e.action !== 'item.exported' || e.subject.id !== itemId || packageId === undefined || e.details.package !== packageId || typeof e.details.custodyEvents !== 'number') continue;
    if (events.length !== e.details.custodyEvents + 1) fail(`holds ${events.length} events, but the export of this package (ledger entry ${e.seq}) recorded ${e.details.custodyEvents} before it, ${e.details.custodyEvents + 1} with it`);
  }
  return problems;
}

/**
 * An audit event as the custody log shows it, against its ledger entry: the entry takes `details.hashes` out into its
 * own `hashes` member (src/server/ledger/audit-entry.ts), and records the actor's id where there is one (the
 * custody log shows the name, which the ledger does not hold, so a name is only compared when the entry has no id).
 */
function mirrors(event: Record<string, unknown>, entry: LedgerEntry): boolean {
  if (event.action !== entry.action || event.at !== entry.time || event.subjectType !== entry.subject.type || String(event.subjectId ?? '-') !== entry.subject.id) return false;
  const { hashes, ...details } = isObject(event.details) ? event.details : {};
  const entryHashes: Record<string, string> = {};
  if (isObject(hashes)) for (const [alg, digest] of Object.entries(hashes)) if (typeof digest === 'string' && /^[0-9a-f]+$/.test(digest)) entryHashes[alg] = digest;
  if (!same(details, entry.details) || !same(entryHashes, entry.hashes)) return false;
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(entry.actor);
  return isId || event.actorName === entry.actor;
}
