/**
 * Validates a BagIt bag (RFC 8493 §3) read through a BagReader, never writing anything. Every problem is listed
 * with the exact file (and manifest line) at fault; nothing stops at the first problem except the size limits,
 * which exist so a hostile archive (a zip bomb) cannot exhaust the machine.
 */
import { createHash, type Hash } from 'node:crypto';
import { pathFault, printable } from './paths.ts';
import { BagReadError, type BagEntryInfo, type BagReader } from './reader.ts';
import { DEFAULT_BAG_LIMITS, type BagLimits, type BagProblem, type BagProblemCode, type BagReport } from './report.ts';
import { DIGEST_HEX_LENGTH, parseManifest, parseOxum, parseTagFields } from './tag-files.ts';

export { DEFAULT_BAG_LIMITS, type BagLimits, type BagProblem, type BagProblemCode, type BagReport };

export interface ValidateOptions {
  limits?: Partial<BagLimits>;
  /** Called after each file is hashed, for a progress bar. */
  onProgress?: (filesDone: number, filesTotal: number, bytesRead: number) => void;
}

const RATIO_FLOOR_BYTES = 1024 * 1024;
const decoder = new TextDecoder('utf-8', { fatal: true });

interface FileEntry {
  name: string;
  bagPath: string;
  info: BagEntryInfo;
}

class LimitExceeded extends Error {
  constructor(
    readonly problem: BagProblem,
    readonly fatal: boolean,
  ) {
    super(problem.message);
  }
}

export async function validateBag(reader: BagReader, options: ValidateOptions = {}): Promise<BagReport> {
  const limits = { ...DEFAULT_BAG_LIMITS, ...options.limits };
  const problems: BagProblem[] = [];
  const report = (code: BagProblemCode, path: string, message: string, line?: number): void => {
    problems.push(line === undefined ? { code, path, message } : { code, path, line, message });
  };
  const result = (extra: Partial<BagReport> = {}): BagReport => ({
    valid: problems.length === 0,
    problems,
    payloadFiles: 0,
    payloadBytes: 0,
    bytesRead: 0,
    algorithms: [],
    bagInfo: {},
    ...extra,
  });

  // 1. The entries: every unsafe name, link or duplicate is a problem, and such entries are never read.
  const listed: BagEntryInfo[] = [];
  try {
    for await (const info of reader.list()) {
      if (listed.length >= limits.maxEntries) {
        report('too-large', info.name, `more than ${limits.maxEntries} entries; refusing to go on`);
        return result();
      }
      listed.push(info);
    }
  } catch (error) {
    if (error instanceof BagReadError) {
      report('read-error', error.entry ?? '', error.message);
      return result();
    }
    throw error;
  }
  const safe: BagEntryInfo[] = [];
  const seenNames = new Set<string>();
  for (const info of listed) {
    const name = info.kind === 'directory' ? info.name.replace(/\/+$/, '') : info.name;
    const fault = pathFault(name);
    if (fault) {
      report(fault.fault, printable(info.name), `${printable(info.name)}: ${fault.reason}`);
      continue;
    }
    if (info.kind === 'symlink' || info.kind === 'hardlink') {
      report('symlink', name, `${name}: is a ${info.kind === 'symlink' ? 'symbolic' : 'hard'} link; bags must hold plain files`);
      continue;
    }
    if (info.kind === 'other') {
      report('special-file', name, `${name}: is not a plain file or directory`);
      continue;
    }
    const key = `${info.kind === 'directory' ? 'd' : 'f'}:${name}`;
    if (seenNames.has(`f:${name}`) || seenNames.has(`d:${name}`)) {
      report('duplicate-entry', name, `${name}: appears more than once in the container`);
      continue;
    }
    seenNames.add(key);
    if (info.kind === 'file') safe.push({ ...info, name });
  }

  // 2. Where the bag starts: at the top, or inside one top-level folder (how bags are usually zipped).
  let prefix = '';
  if (!seenNames.has('f:bagit.txt')) {
    const tops = new Set([...seenNames].map((k) => k.slice(2).split('/')[0]));
    const [only] = tops;
    if (tops.size === 1 && seenNames.has(`f:${only}/bagit.txt`)) prefix = `${only}/`;
    else {
      report('not-a-bag', 'bagit.txt', 'bagit.txt: not found at the top of the bag (nor inside a single top-level folder)');
      return result();
    }
  }
  const files: FileEntry[] = [];
  for (const info of safe) {
    if (!info.name.startsWith(prefix)) {
      report('outside-bag', info.name, `${info.name}: lies outside the bag folder ${prefix}`);
      continue;
    }
    files.push({ name: info.name, bagPath: info.name.slice(prefix.length), info });
  }
  const byPath = new Map(files.map((f) => [f.bagPath, f]));

  // 3. Tag files that steer validation, read into memory within a cap.
  const isManifest = (p: string): RegExpExecArray | null => /^(tag)?manifest-([a-z0-9]+)\.txt$/.exec(p);
  const controlTags = files.filter((f) => f.bagPath === 'bagit.txt' || f.bagPath === 'bag-info.txt' || f.bagPath === 'fetch.txt' || isManifest(f.bagPath));
  const tagBytes = new Map<string, Uint8Array>();
  let bytesRead = 0;
  for (const tag of controlTags) {
    if ((tag.info.declaredSize ?? 0) > limits.maxTagFileBytes) {
      report('too-large', tag.bagPath, `${tag.bagPath}: tag file larger than ${limits.maxTagFileBytes} bytes`);
    }
  }
  try {
    for await (const { name, content } of reader.read(new Set(controlTags.filter((t) => (t.info.declaredSize ?? 0) <= limits.maxTagFileBytes).map((t) => t.name)))) {
      const file = files.find((f) => f.name === name)!;
      const chunks: Uint8Array[] = [];
      let size = 0;
      let overflow = false;
      for await (const chunk of content) {
        size += chunk.length;
        if (size > limits.maxTagFileBytes) {
          overflow = true;
          break;
        }
        chunks.push(chunk);
      }
      bytesRead += size;
      if (overflow) report('too-large', file.bagPath, `${file.bagPath}: tag file larger than ${limits.maxTagFileBytes} bytes`);
      else tagBytes.set(file.bagPath, Buffer.concat(chunks));
    }
  } catch (error) {
    if (error instanceof BagReadError) {
      report('read-error', error.entry ?? '', error.message);
      return result({ bytesRead });
    }
    throw error;
  }
  const tagText = (path: string): string | undefined => {
    const bytes = tagBytes.get(path);
    if (!bytes) return undefined;
    try {
      return decoder.decode(bytes);
    } catch {
      report('bad-manifest-line', path, `${path}: is not valid UTF-8`);
      return undefined;
    }
  };

  const bagitTxt = tagText('bagit.txt');
  if (bagitTxt !== undefined) {
    const { fields, problems: lineProblems } = parseTagFields(bagitTxt);
    for (const p of lineProblems) report('bad-bagit-txt', 'bagit.txt', `bagit.txt line ${p.line}: ${p.message}`, p.line);
    const version = fields.find((f) => f.label === 'BagIt-Version');
    const encoding = fields.find((f) => f.label === 'Tag-File-Character-Encoding');
    if (!version || !/^\d+\.\d+$/.test(version.value)) report('bad-bagit-txt', 'bagit.txt', 'bagit.txt: lacks a valid "BagIt-Version: M.N" line');
    if (!encoding) report('bad-bagit-txt', 'bagit.txt', 'bagit.txt: lacks the "Tag-File-Character-Encoding" line');
    else if (!/^utf-?8$/i.test(encoding.value)) report('bad-bagit-txt', 'bagit.txt', `bagit.txt: tag file encoding ${encoding.value} is not supported (only UTF-8)`, encoding.line);
  }
  if (byPath.has('fetch.txt')) report('fetch-unsupported', 'fetch.txt', 'fetch.txt: the bag expects files to be fetched from elsewhere; it cannot be verified offline as complete');

  // 4. Manifests: what each file's digest must be.
  const expected = new Map<string, Map<string, { digest: string; manifest: string; line: number }>>(); // path → alg → digest
  const payloadAlgorithms: string[] = [];
  const tagAlgorithms: string[] = [];
  const listedTagFiles = new Set<string>();
  for (const file of files) {
    const m = isManifest(file.bagPath);
    if (!m) continue;
    const isTag = m[1] === 'tag';
    const algorithm = m[2];
    if (DIGEST_HEX_LENGTH[algorithm] === undefined) {
      report('unsupported-algorithm', file.bagPath, `${file.bagPath}: algorithm ${algorithm} is not supported`);
      continue;
    }
    (isTag ? tagAlgorithms : payloadAlgorithms).push(algorithm);
    const text = tagText(file.bagPath);
    if (text === undefined) continue;
    const parsed = parseManifest(text, algorithm);
    for (const p of parsed.problems) report('bad-manifest-line', file.bagPath, `${file.bagPath} line ${p.line}: ${p.message}`, p.line);
    const inThisManifest = new Set<string>();
    for (const line of parsed.lines) {
      const where = `${file.bagPath} line ${line.line}`;
      const fault = pathFault(line.path);
      if (fault) {
        report(fault.fault, printable(line.path), `${where}: ${printable(line.path)}: ${fault.reason}`, line.line);
        continue;
      }
      if (!isTag && !line.path.startsWith('data/')) {
        report('manifest-outside-data', line.path, `${where}: ${line.path} is outside data/; a payload manifest may only list payload files`, line.line);
        continue;
      }
      if (isTag && line.path.startsWith('data/')) {
        report('manifest-outside-data', line.path, `${where}: ${line.path} is payload; a tag manifest may only list tag files`, line.line);
        continue;
      }
      if (inThisManifest.has(line.path)) {
        report('duplicate-manifest-line', line.path, `${where}: ${line.path} is listed twice`, line.line);
        continue;
      }
      inThisManifest.add(line.path);
      if (isTag) listedTagFiles.add(line.path);
      if (!byPath.has(line.path)) {
        report('missing-file', line.path, `${line.path}: listed in ${where} but not in the bag`, line.line);
        continue;
      }
      let algs = expected.get(line.path);
      if (!algs) expected.set(line.path, (algs = new Map()));
      algs.set(algorithm, { digest: line.digest, manifest: file.bagPath, line: line.line });
    }
    // Every payload file must be in every payload manifest (RFC 8493 §3).
    if (!isTag) {
      for (const f of files) {
        if (f.bagPath.startsWith('data/') && !inThisManifest.has(f.bagPath)) report('extra-file', f.bagPath, `${f.bagPath}: in the bag but not listed in ${file.bagPath}`);
      }
    }
  }
  if (payloadAlgorithms.length === 0) report('no-payload-manifest', 'manifest-sha512.txt', 'the bag has no payload manifest (manifest-<algorithm>.txt)');
  const standardTag = (p: string): boolean => p === 'bagit.txt' || p === 'bag-info.txt' || p === 'fetch.txt' || isManifest(p) !== null;
  for (const f of files) {
    if (!f.bagPath.startsWith('data/') && !standardTag(f.bagPath) && !listedTagFiles.has(f.bagPath)) {
      report('extra-file', f.bagPath, `${f.bagPath}: a file outside data/ that no tag manifest lists`);
    }
  }

  // 5. Hash every listed file once, computing all the algorithms that list it; sizes are counted, not trusted.
  // Unlisted payload files are read too (with no digest) so Payload-Oxum can be checked on measured sizes.
  const toHash = files.filter((f) => expected.has(f.bagPath) || f.bagPath.startsWith('data/'));
  const algorithmsFor = (f: FileEntry): string[] => [...(expected.get(f.bagPath)?.keys() ?? [])];
  const digests = new Map<string, Map<string, string>>();
  const sizes = new Map<string, number>();
  const hashInMemory = (f: FileEntry, bytes: Uint8Array): void => {
    const out = new Map<string, string>();
    for (const alg of algorithmsFor(f)) out.set(alg, createHash(alg).update(bytes).digest('hex'));
    digests.set(f.bagPath, out);
  };
  const streamed = toHash.filter((f) => !tagBytes.has(f.bagPath));
  for (const f of toHash) if (tagBytes.has(f.bagPath)) hashInMemory(f, tagBytes.get(f.bagPath)!);
  const byName = new Map(streamed.map((f) => [f.name, f]));
  let filesDone = 0;
  let aborted = false;
  try {
    for await (const { name, content } of reader.read(new Set(byName.keys()))) {
      const f = byName.get(name);
      if (!f) continue;
      const hashes = algorithmsFor(f).map((alg) => [alg, createHash(alg)] as [string, Hash]);
      let size = 0;
      try {
        for await (const chunk of content) {
          size += chunk.length;
          bytesRead += chunk.length;
          if (f.info.declaredSize !== undefined && size > f.info.declaredSize) {
            throw new LimitExceeded({ code: 'size-mismatch', path: f.bagPath, message: `${f.bagPath}: holds more bytes than its header declares (${f.info.declaredSize}); refusing to read on` }, false);
          }
          if (bytesRead > limits.maxTotalBytes) {
            throw new LimitExceeded({ code: 'too-large', path: f.bagPath, message: `${f.bagPath}: reading it passes the limit of ${limits.maxTotalBytes} bytes in total; stopping` }, true);
          }
          if (f.info.compressedSize !== undefined && size > RATIO_FLOOR_BYTES && size / Math.max(1, f.info.compressedSize) > limits.maxCompressionRatio) {
            throw new LimitExceeded({ code: 'compression-ratio', path: f.bagPath, message: `${f.bagPath}: expands more than ${limits.maxCompressionRatio}:1 (a zip bomb?); refusing to read on` }, false);
          }
          for (const [, h] of hashes) h.update(chunk);
        }
      } catch (error) {
        if (!(error instanceof LimitExceeded)) throw error;
        problems.push(error.problem);
        if (error.fatal) {
          aborted = true;
          break;
        }
        continue;
      }
      if (f.info.declaredSize !== undefined && size !== f.info.declaredSize) {
        report('size-mismatch', f.bagPath, `${f.bagPath}: has ${size} bytes but its header declares ${f.info.declaredSize}`);
      }
      digests.set(f.bagPath, new Map(hashes.map(([alg, h]) => [alg, h.digest('hex')])));
      sizes.set(f.bagPath, size);
      options.onProgress?.(++filesDone, streamed.length, bytesRead);
    }
  } catch (error) {
    if (error instanceof BagReadError) report('read-error', error.entry ? (byName.get(error.entry)?.bagPath ?? error.entry) : '', error.message);
    else throw error;
  }

  for (const f of toHash) {
    const got = digests.get(f.bagPath);
    if (!got) {
      if (!problems.some((p) => p.path === f.bagPath)) report('not-checked', f.bagPath, `${f.bagPath}: not checked${aborted ? ' (validation stopped at a limit)' : ''}`);
      continue;
    }
    for (const [alg, want] of expected.get(f.bagPath) ?? []) {
      if (got.get(alg) !== want.digest) {
        report('changed-file', f.bagPath, `${f.bagPath}: ${alg} is ${got.get(alg)!.slice(0, 16)}…, but ${want.manifest} line ${want.line} records ${want.digest.slice(0, 16)}…: the file was changed`, want.line);
      }
    }
  }
  for (const [path, bytes] of tagBytes) sizes.set(path, bytes.length);

  // 6. bag-info.txt and its Payload-Oxum.
  const payload = files.filter((f) => f.bagPath.startsWith('data/'));
  const payloadBytes = payload.reduce((sum, f) => sum + (sizes.get(f.bagPath) ?? f.info.declaredSize ?? 0), 0);
  // Payload-Oxum can only be compared when every payload file was measured.
  const allMeasured = payload.every((f) => sizes.has(f.bagPath));
  const bagInfo: Record<string, string> = {};
  const infoText = tagText('bag-info.txt');
  if (infoText !== undefined) {
    const parsed = parseTagFields(infoText);
    for (const p of parsed.problems) report('bad-bag-info', 'bag-info.txt', `bag-info.txt line ${p.line}: ${p.message}`, p.line);
    for (const field of parsed.fields) bagInfo[field.label] = field.value;
    const oxumField = parsed.fields.find((f) => f.label === 'Payload-Oxum');
    if (oxumField) {
      const oxum = parseOxum(oxumField.value);
      if (!oxum) report('bad-bag-info', 'bag-info.txt', `bag-info.txt line ${oxumField.line}: Payload-Oxum "${oxumField.value}" is not "<bytes>.<files>"`, oxumField.line);
      else if (allMeasured && (oxum.bytes !== payloadBytes || oxum.files !== payload.length)) {
        report('oxum-mismatch', 'bag-info.txt', `bag-info.txt line ${oxumField.line}: Payload-Oxum says ${oxum.bytes} bytes in ${oxum.files} files; the payload has ${payloadBytes} bytes in ${payload.length} files`, oxumField.line);
      }
    }
  }

  return result({
    payloadFiles: payload.length,
    payloadBytes,
    bytesRead,
    algorithms: [...new Set([...payloadAlgorithms, ...tagAlgorithms])],
    bagInfo,
  });
}

