/**
 * Builds the tag files of a BagIt 1.0 bag (RFC 8493) from what the archive already knows about each payload file
 * (size and hashes), so exporting never re-reads the originals just to hash them.
 */
import { createHash } from 'node:crypto';
import { pathFault } from './paths.ts';
import { BAGIT_TXT, formatManifest, formatTagFields, humanSize } from './tag-files.ts';

export interface PayloadFile {
  /** Path inside data/, '/'-separated (e.g. "items/42/original.pdf"); "data/" is added. */
  path: string;
  size: number;
  sha256: string;
  sha512: string;
}

export interface BagInfo {
  sourceOrganization: string;
  externalIdentifier: string;
  /** YYYY-MM-DD; give it for a reproducible bag (defaults to today, UTC). */
  baggingDate?: string;
  /** Further bag-info.txt fields, in order (e.g. Contact-Email, Bag-Group-Identifier). */
  extra?: { label: string; value: string }[];
}

export interface TagFile {
  path: string;
  bytes: Uint8Array;
}

export class BagBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BagBuildError';
  }
}

const encoder = new TextEncoder();
const hex = (alg: string, bytes: Uint8Array): string => createHash(alg).update(bytes).digest('hex');

/**
 * Returns bagit.txt, bag-info.txt, manifest-sha256.txt, manifest-sha512.txt, then `extraTagFiles` unchanged, and
 * last tagmanifest-sha256.txt and tagmanifest-sha512.txt covering every tag file before them (RFC 8493 §2.2.1: tag
 * manifests should use the payload manifests' algorithms). Write them all beside data/.
 */
export function buildTagFiles(payload: readonly PayloadFile[], info: BagInfo, extraTagFiles: readonly TagFile[] = []): TagFile[] {
  const seen = new Set<string>();
  let totalBytes = 0;
  for (const [i, file] of payload.entries()) {
    const fault = pathFault(file.path);
    if (fault) throw new BagBuildError(`payload[${i}] ${JSON.stringify(file.path)}: ${fault.reason}`);
    if (seen.has(file.path)) throw new BagBuildError(`payload[${i}] ${JSON.stringify(file.path)}: listed twice`);
    seen.add(file.path);
    if (!Number.isSafeInteger(file.size) || file.size < 0) throw new BagBuildError(`payload[${i}].size must be a non-negative integer`);
    if (!/^[0-9a-f]{64}$/.test(file.sha256)) throw new BagBuildError(`payload[${i}].sha256 must be 64 lower-case hex digits`);
    if (!/^[0-9a-f]{128}$/.test(file.sha512)) throw new BagBuildError(`payload[${i}].sha512 must be 128 lower-case hex digits`);
    totalBytes += file.size;
  }
  for (const field of ['sourceOrganization', 'externalIdentifier'] as const) {
    if (!info[field] || /[\r\n]/.test(info[field])) throw new BagBuildError(`bag info ${field} must be a non-empty single line`);
  }
  const baggingDate = info.baggingDate ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(baggingDate)) throw new BagBuildError('bag info baggingDate must be YYYY-MM-DD');
  const reserved = new Set(['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'manifest-sha512.txt', 'tagmanifest-sha256.txt', 'tagmanifest-sha512.txt']);
  for (const tag of extraTagFiles) {
    const fault = pathFault(tag.path);
    if (fault) throw new BagBuildError(`tag file ${JSON.stringify(tag.path)}: ${fault.reason}`);
    if (tag.path.startsWith('data/') || reserved.has(tag.path)) throw new BagBuildError(`tag file ${JSON.stringify(tag.path)} clashes with the payload or a standard tag file`);
  }

  const sorted = [...payload].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const bagInfo = formatTagFields([
    { label: 'Source-Organization', value: info.sourceOrganization },
    { label: 'Bagging-Date', value: baggingDate },
    { label: 'Payload-Oxum', value: `${totalBytes}.${payload.length}` },
    { label: 'Bag-Size', value: humanSize(totalBytes) },
    { label: 'External-Identifier', value: info.externalIdentifier },
    ...(info.extra ?? []),
  ]);
  const tags: TagFile[] = [
    { path: 'bagit.txt', bytes: encoder.encode(BAGIT_TXT) },
    { path: 'bag-info.txt', bytes: encoder.encode(bagInfo) },
    { path: 'manifest-sha256.txt', bytes: encoder.encode(formatManifest(sorted.map((f) => ({ path: `data/${f.path}`, digest: f.sha256 })))) },
    { path: 'manifest-sha512.txt', bytes: encoder.encode(formatManifest(sorted.map((f) => ({ path: `data/${f.path}`, digest: f.sha512 })))) },
    ...extraTagFiles,
  ];
  const tagManifests = ['sha256', 'sha512'].map((alg) => ({ path: `tagmanifest-${alg}.txt`, bytes: encoder.encode(formatManifest(tags.map((t) => ({ path: t.path, digest: hex(alg, t.bytes) })))) }));
  return [...tags, ...tagManifests];
}
