/**
 * Validates a BagIt bag (RFC 8493 §3) read through a BagReader, never writing anything. Every problem is listed
 * with the exact file (and manifest line) at fault; nothing stops at the first problem except the size limits,
 * which exist so a hostile archive (a zip bomb) cannot exhaust the machine.
 *
 * The steps, in order: list the entries and refuse unsafe ones; find where the bag starts; read the tag files that
 * steer validation; check bagit.txt; read the manifests; hash every file once; compare; check bag-info.txt.
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

/** What the validator measured, for the evidence checks that follow it (src/core/bagit/evidence.ts). */
export interface BagContents {
  report: BagReport;
  /** Every payload file's digests as read, by bag path: SHA-256 and SHA-512 in a Reckon package whatever its manifests list. */
  payloadDigests: Map<string, { sha256?: string; sha512?: string }>;
  /** Every tag file (outside data/) that was read whole, by bag path. */
  tagFiles: Map<string, Uint8Array>;
}

const RATIO_FLOOR_BYTES = 1024 * 1024;
/** A Reckon package's payload is always hashed with these, so the evidence checks can compare it with the ledger. */
const PAYLOAD_ALGORITHMS = ['sha256', 'sha512'];
const decoder = new TextDecoder('utf-8', { fatal: true });
const MANIFEST = /^(tag)?manifest-([a-z0-9]+)\.txt$/;

interface FileEntry {
  name: string;
  bagPath: string;
  info: BagEntryInfo;
}

interface Expected {
  digest: string;
  manifest: string;
  line: number;
}

class LimitExceeded extends Error {
  constructor(
    readonly problem: BagProblem,
    readonly fatal: boolean,
  ) {
    super(problem.message);
  }
}

/** One validation run: the problems found so far and what has been measured. */
class Run {
  readonly problems: BagProblem[] = [];
  bytesRead = 0;
  readonly tagBytes = new Map<string, Uint8Array>();
  readonly digests = new Map<string, Map<string, string>>();
  readonly sizes = new Map<string, number>();

  constructor(readonly limits: BagLimits) {}

  report(code: BagProblemCode, path: string, message: string, line?: number): void {
    this.problems.push(line === undefined ? { code, path, message } : { code, path, line, message });
  }

  result(extra: Partial<BagReport> = {}): BagReport {
    return { valid: this.problems.length === 0, problems: this.problems, payloadFiles: 0, payloadBytes: 0, bytesRead: this.bytesRead, algorithms: [], bagInfo: {}, ...extra };
  }

  tagText(path: string): string | undefined {
    const bytes = this.tagBytes.get(path);
    if (!bytes) return undefined;
    try {
      return decoder.decode(bytes);
    } catch {
      this.report('bad-manifest-line', path, `${path}: is not valid UTF-8`);
      return undefined;
    }
  }
}

export async function validateBag(reader: BagReader, options: ValidateOptions = {}): Promise<BagReport> {
  return (await validateBagContents(reader, options)).report;
}

/** validateBag, also handing back the measured payload digests and the tag files' bytes. */
export async function validateBagContents(reader: BagReader, options: ValidateOptions = {}): Promise<BagContents> {
  const run = new Run({ ...DEFAULT_BAG_LIMITS, ...options.limits });
  const contents = (report: BagReport): BagContents => ({ report, payloadDigests: payloadDigests(run), tagFiles: run.tagBytes });
  const listed = await listEntries(reader, run);
  if (!listed) return contents(run.result());
  const files = locateBag(screenEntries(listed, run), run);
  if (!files) return contents(run.result());
  const byPath = new Map(files.map((f) => [f.bagPath, f]));
  if (!(await readControlTags(reader, files, run))) return contents(run.result());
  checkBagitTxt(run);
  if (byPath.has('fetch.txt')) run.report('fetch-unsupported', 'fetch.txt', 'fetch.txt: the bag expects files to be fetched from elsewhere; it cannot be verified offline as complete');
  const manifests = readManifests(files, byPath, run);
  // A Reckon package's files are compared with the ledger by both digests, whatever its manifests still list.
  const reckon = files.some((f) => /^(ledger|metadata|custody)\//.test(f.bagPath));
  const aborted = await hashFiles(reader, files, manifests.expected, reckon ? PAYLOAD_ALGORITHMS : [], run, options.onProgress);
  compareDigests(files, manifests.expected, aborted, run);
  const payload = files.filter((f) => f.bagPath.startsWith('data/'));
  const { bagInfo, payloadBytes } = checkBagInfo(payload, run);
  return contents(
    run.result({
      payloadFiles: payload.length,
      payloadBytes,
      algorithms: [...new Set([...manifests.payloadAlgorithms, ...manifests.tagAlgorithms])],
      bagInfo,
    }),
  );
}

function payloadDigests(run: Run): Map<string, { sha256?: string; sha512?: string }> {
  const out = new Map<string, { sha256?: string; sha512?: string }>();
  for (const [path, digests] of run.digests) if (path.startsWith('data/')) out.set(path, { sha256: digests.get('sha256'), sha512: digests.get('sha512') });
  return out;
}

/** 1. Every entry, without contents, within the entry limit. */
async function listEntries(reader: BagReader, run: Run): Promise<BagEntryInfo[] | undefined> {
  const listed: BagEntryInfo[] = [];
  try {
    for await (const info of reader.list()) {
      if (listed.length >= run.limits.maxEntries) {
        run.report('too-large', info.name, `more than ${run.limits.maxEntries} entries; refusing to go on`);
        return undefined;
      }
      listed.push(info);
    }
  } catch (error) {
    if (error instanceof BagReadError) {
      run.report('read-error', error.entry ?? '', error.message);
      return undefined;
    }
    throw error;
  }
  return listed;
}

/** 2. Unsafe names, links, special files and duplicates are problems, and such entries are never read. */
function screenEntries(listed: BagEntryInfo[], run: Run): { safe: BagEntryInfo[]; seenNames: Set<string> } {
  const safe: BagEntryInfo[] = [];
  const seenNames = new Set<string>();
  for (const info of listed) {
    const name = info.kind === 'directory' ? info.name.replace(/\/+$/, '') : info.name;
    const fault = pathFault(name);
    if (fault) {
      run.report(fault.fault, printable(info.name), `${printable(info.name)}: ${fault.reason}`);
      continue;
    }
    if (info.kind === 'symlink' || info.kind === 'hardlink') {
      run.report('symlink', name, `${name}: is a ${info.kind === 'symlink' ? 'symbolic' : 'hard'} link; bags must hold plain files`);
      continue;
    }
    if (info.kind === 'other') {
      run.report('special-file', name, `${name}: is not a plain file or directory`);
      continue;
    }
    if (seenNames.has(`f:${name}`) || seenNames.has(`d:${name}`)) {
      run.report('duplicate-entry', name, `${name}: appears more than once in the container`);
      continue;
    }
    seenNames.add(`${info.kind === 'directory' ? 'd' : 'f'}:${name}`);
    if (info.kind === 'file') safe.push({ ...info, name });
  }
  return { safe, seenNames };
}

/** 3. Where the bag starts: at the top, or inside one top-level folder (how bags are usually zipped). */
function locateBag({ safe, seenNames }: { safe: BagEntryInfo[]; seenNames: Set<string> }, run: Run): FileEntry[] | undefined {
  let prefix = '';
  if (!seenNames.has('f:bagit.txt')) {
    const tops = new Set([...seenNames].map((k) => k.slice(2).split('/')[0]));
    const [only] = tops;
    if (tops.size === 1 && seenNames.has(`f:${only}/bagit.txt`)) prefix = `${only}/`;
    else {
      run.report('not-a-bag', 'bagit.txt', 'bagit.txt: not found at the top of the bag (nor inside a single top-level folder)');
      return undefined;
    }
  }
  const files: FileEntry[] = [];
  for (const info of safe) {
    if (!info.name.startsWith(prefix)) {
      run.report('outside-bag', info.name, `${info.name}: lies outside the bag folder ${prefix}`);
      continue;
    }
    files.push({ name: info.name, bagPath: info.name.slice(prefix.length), info });
  }
  return files;
}

/** 4. The tag files that steer validation, read into memory within a cap. Returns false when the container fails. */
async function readControlTags(reader: BagReader, files: FileEntry[], run: Run): Promise<boolean> {
  const controlTags = files.filter((f) => f.bagPath === 'bagit.txt' || f.bagPath === 'bag-info.txt' || f.bagPath === 'fetch.txt' || MANIFEST.test(f.bagPath));
  const max = run.limits.maxTagFileBytes;
  for (const tag of controlTags) {
    if ((tag.info.declaredSize ?? 0) > max) run.report('too-large', tag.bagPath, `${tag.bagPath}: tag file larger than ${max} bytes`);
  }
  const byName = new Map(controlTags.map((f) => [f.name, f]));
  try {
    for await (const { name, content } of reader.read(new Set(controlTags.filter((t) => (t.info.declaredSize ?? 0) <= max).map((t) => t.name)))) {
      const file = byName.get(name)!;
      const chunks: Uint8Array[] = [];
      let size = 0;
      let overflow = false;
      for await (const chunk of content) {
        size += chunk.length;
        if (size > max) {
          overflow = true;
          break;
        }
        chunks.push(chunk);
      }
      run.bytesRead += size;
      if (overflow) run.report('too-large', file.bagPath, `${file.bagPath}: tag file larger than ${max} bytes`);
      else run.tagBytes.set(file.bagPath, concat(chunks));
    }
  } catch (error) {
    if (error instanceof BagReadError) {
      run.report('read-error', error.entry ?? '', error.message);
      return false;
    }
    throw error;
  }
  return true;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** 5. bagit.txt: a version and UTF-8 tag files. */
function checkBagitTxt(run: Run): void {
  const bagitTxt = run.tagText('bagit.txt');
  if (bagitTxt === undefined) return;
  const { fields, problems: lineProblems } = parseTagFields(bagitTxt);
  for (const p of lineProblems) run.report('bad-bagit-txt', 'bagit.txt', `bagit.txt line ${p.line}: ${p.message}`, p.line);
  const version = fields.find((f) => f.label === 'BagIt-Version');
  const encoding = fields.find((f) => f.label === 'Tag-File-Character-Encoding');
  if (!version || !/^\d+\.\d+$/.test(version.value)) run.report('bad-bagit-txt', 'bagit.txt', 'bagit.txt: lacks a valid "BagIt-Version: M.N" line');
  if (!encoding) run.report('bad-bagit-txt', 'bagit.txt', 'bagit.txt: lacks the "Tag-File-Character-Encoding" line');
  else if (!/^utf-?8$/i.test(encoding.value)) run.report('bad-bagit-txt', 'bagit.txt', `bagit.txt: tag file encoding ${encoding.value} is not supported (only UTF-8)`, encoding.line);
}

/** 6. Manifests: what each file's digest must be (path → algorithm → digest), and which files are unaccounted for. */
function readManifests(files: FileEntry[], byPath: Map<string, FileEntry>, run: Run) {
  const expected = new Map<string, Map<string, Expected>>();
  const payloadAlgorithms: string[] = [];
  const tagAlgorithms: string[] = [];
  const listedTagFiles = new Set<string>();
  for (const file of files) {
    const m = MANIFEST.exec(file.bagPath);
    if (!m) continue;
    const isTag = m[1] === 'tag';
    const algorithm = m[2];
    if (DIGEST_HEX_LENGTH[algorithm] === undefined) {
      run.report('unsupported-algorithm', file.bagPath, `${file.bagPath}: algorithm ${algorithm} is not supported`);
      continue;
    }
    (isTag ? tagAlgorithms : payloadAlgorithms).push(algorithm);
    const text = run.tagText(file.bagPath);
    if (text === undefined) continue;
    const parsed = parseManifest(text, algorithm);
    for (const p of parsed.problems) run.report('bad-manifest-line', file.bagPath, `${file.bagPath} line ${p.line}: ${p.message}`, p.line);
    const inThisManifest = new Set<string>();
    for (const line of parsed.lines) {
      const where = `${file.bagPath} line ${line.line}`;
      const fault = pathFault(line.path);
      if (fault) {
        run.report(fault.fault, printable(line.path), `${where}: ${printable(line.path)}: ${fault.reason}`, line.line);
        continue;
      }
      if (!isTag && !line.path.startsWith('data/')) {
        run.report('manifest-outside-data', line.path, `${where}: ${line.path} is outside data/; a payload manifest may only list payload files`, line.line);
        continue;
      }
      if (isTag && line.path.startsWith('data/')) {
        run.report('manifest-outside-data', line.path, `${where}: ${line.path} is payload; a tag manifest may only list tag files`, line.line);
        continue;
      }
      if (inThisManifest.has(line.path)) {
        run.report('duplicate-manifest-line', line.path, `${where}: ${line.path} is listed twice`, line.line);
        continue;
      }
      inThisManifest.add(line.path);
      if (isTag) listedTagFiles.add(line.path);
      if (!byPath.has(line.path)) {
        run.report('missing-file', line.path, `${line.path}: listed in ${where} but not in the bag`, line.line);
        continue;
      }
      let algs = expected.get(line.path);
      if (!algs) expected.set(line.path, (algs = new Map()));
      algs.set(algorithm, { digest: line.digest, manifest: file.bagPath, line: line.line });
    }
    // Every payload file must be in every payload manifest (RFC 8493 §3).
    if (!isTag) {
      for (const f of files) {
        if (f.bagPath.startsWith('data/') && !inThisManifest.has(f.bagPath)) run.report('extra-file', f.bagPath, `${f.bagPath}: in the bag but not listed in ${file.bagPath}`);
      }
    }
  }
  if (payloadAlgorithms.length === 0) run.report('no-payload-manifest', 'manifest-sha512.txt', 'the bag has no payload manifest (manifest-<algorithm>.txt)');
  const standardTag = (p: string): boolean => p === 'bagit.txt' || p === 'bag-info.txt' || p === 'fetch.txt' || MANIFEST.test(p);
  for (const f of files) {
    if (!f.bagPath.startsWith('data/') && !standardTag(f.bagPath) && !listedTagFiles.has(f.bagPath)) {
      run.report('extra-file', f.bagPath, `${f.bagPath}: a file outside data/ that no tag manifest lists`);
    }
  }
  return { expected, payloadAlgorithms, tagAlgorithms };
}

/**
 * 7. Hash every file once, computing all the algorithms that list it (and, in a Reckon package, SHA-256 and SHA-512
 * of every payload file); sizes are counted, not trusted. Tag files outside data/ are kept whole for the evidence checks. Returns
 * true when a fatal limit stopped the reading.
 */
async function hashFiles(
  reader: BagReader,
  files: FileEntry[],
  expected: Map<string, Map<string, Expected>>,
  payloadAlgorithms: readonly string[],
  run: Run,
  onProgress: ValidateOptions['onProgress'],
): Promise<boolean> {
  const algorithmsFor = (f: FileEntry): string[] => [...new Set([...(expected.get(f.bagPath)?.keys() ?? []), ...(f.bagPath.startsWith('data/') ? payloadAlgorithms : [])])];
  for (const f of files) {
    const bytes = run.tagBytes.get(f.bagPath);
    if (bytes) run.digests.set(f.bagPath, new Map(algorithmsFor(f).map((alg) => [alg, createHash(alg).update(bytes).digest('hex')])));
  }
  const streamed = files.filter((f) => !run.tagBytes.has(f.bagPath));
  const byName = new Map(streamed.map((f) => [f.name, f]));
  const { maxTotalBytes, maxCompressionRatio, maxTagFileBytes } = run.limits;
  let filesDone = 0;
  try {
    for await (const { name, content } of reader.read(new Set(byName.keys()))) {
      const f = byName.get(name);
      if (!f) continue;
      const hashes = algorithmsFor(f).map((alg) => [alg, createHash(alg)] as [string, Hash]);
      const keep: Uint8Array[] | undefined = f.bagPath.startsWith('data/') ? undefined : [];
      let size = 0;
      try {
        for await (const chunk of content) {
          size += chunk.length;
          run.bytesRead += chunk.length;
          if (f.info.declaredSize !== undefined && size > f.info.declaredSize) {
            throw new LimitExceeded({ code: 'size-mismatch', path: f.bagPath, message: `${f.bagPath}: holds more bytes than its header declares (${f.info.declaredSize}); refusing to read on` }, false);
          }
          if (run.bytesRead > maxTotalBytes) {
            throw new LimitExceeded({ code: 'too-large', path: f.bagPath, message: `${f.bagPath}: reading it passes the limit of ${maxTotalBytes} bytes in total; stopping` }, true);
          }
          if (f.info.compressedSize !== undefined && size > RATIO_FLOOR_BYTES && size / Math.max(1, f.info.compressedSize) > maxCompressionRatio) {
            throw new LimitExceeded({ code: 'compression-ratio', path: f.bagPath, message: `${f.bagPath}: expands more than ${maxCompressionRatio}:1 (a zip bomb?); refusing to read on` }, false);
          }
          if (keep && size > maxTagFileBytes) {
            throw new LimitExceeded({ code: 'too-large', path: f.bagPath, message: `${f.bagPath}: tag file larger than ${maxTagFileBytes} bytes` }, false);
          }
          keep?.push(chunk.slice());
          for (const [, h] of hashes) h.update(chunk);
        }
      } catch (error) {
        if (!(error instanceof LimitExceeded)) throw error;
        run.problems.push(error.problem);
        if (error.fatal) return true;
        continue;
      }
      if (f.info.declaredSize !== undefined && size !== f.info.declaredSize) {
        run.report('size-mismatch', f.bagPath, `${f.bagPath}: has ${size} bytes but its header declares ${f.info.declaredSize}`);
      }
      run.digests.set(f.bagPath, new Map(hashes.map(([alg, h]) => [alg, h.digest('hex')])));
      run.sizes.set(f.bagPath, size);
      if (keep) run.tagBytes.set(f.bagPath, concat(keep));
      onProgress?.(++filesDone, streamed.length, run.bytesRead);
    }
  } catch (error) {
    if (error instanceof BagReadError) run.report('read-error', error.entry ? (byName.get(error.entry)?.bagPath ?? error.entry) : '', error.message);
    else throw error;
  }
  return false;
}

/** 8. Each listed file against each manifest that lists it. */
function compareDigests(files: FileEntry[], expected: Map<string, Map<string, Expected>>, aborted: boolean, run: Run): void {
  for (const f of files) {
    if (!expected.has(f.bagPath) && !f.bagPath.startsWith('data/')) continue;
    const got = run.digests.get(f.bagPath);
    if (!got) {
      if (!run.problems.some((p) => p.path === f.bagPath)) run.report('not-checked', f.bagPath, `${f.bagPath}: not checked${aborted ? ' (validation stopped at a limit)' : ''}`);
      continue;
    }
    for (const [alg, want] of expected.get(f.bagPath) ?? []) {
      if (got.get(alg) !== want.digest) {
        run.report('changed-file', f.bagPath, `${f.bagPath}: ${alg} is ${got.get(alg)!.slice(0, 16)}…, but ${want.manifest} line ${want.line} records ${want.digest.slice(0, 16)}…: the file was changed`, want.line);
      }
    }
  }
  for (const [path, bytes] of run.tagBytes) if (!run.sizes.has(path)) run.sizes.set(path, bytes.length);
}

/** 9. bag-info.txt and its Payload-Oxum, compared only when every payload file was measured. */
function checkBagInfo(payload: FileEntry[], run: Run): { bagInfo: Record<string, string>; payloadBytes: number } {
  const payloadBytes = payload.reduce((sum, f) => sum + (run.sizes.get(f.bagPath) ?? f.info.declaredSize ?? 0), 0);
  const allMeasured = payload.every((f) => run.sizes.has(f.bagPath));
  const bagInfo: Record<string, string> = {};
  const infoText = run.tagText('bag-info.txt');
  if (infoText === undefined) return { bagInfo, payloadBytes };
  const parsed = parseTagFields(infoText);
  for (const p of parsed.problems) run.report('bad-bag-info', 'bag-info.txt', `bag-info.txt line ${p.line}: ${p.message}`, p.line);
  for (const field of parsed.fields) bagInfo[field.label] = field.value;
  const oxumField = parsed.fields.find((f) => f.label === 'Payload-Oxum');
  if (oxumField) {
    const oxum = parseOxum(oxumField.value);
    if (!oxum) run.report('bad-bag-info', 'bag-info.txt', `bag-info.txt line ${oxumField.line}: Payload-Oxum "${oxumField.value}" is not "<bytes>.<files>"`, oxumField.line);
    else if (allMeasured && (oxum.bytes !== payloadBytes || oxum.files !== payload.length)) {
      run.report('oxum-mismatch', 'bag-info.txt', `bag-info.txt line ${oxumField.line}: Payload-Oxum says ${oxum.bytes} bytes in ${oxum.files} files; the payload has ${payloadBytes} bytes in ${payload.length} files`, oxumField.line);
    }
  }
  return { bagInfo, payloadBytes };
}
