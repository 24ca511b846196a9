/**
 * Forgeries of an exported evidence package, for the tamper sweep (bag-tamper.test.ts). Each case copies a pristine
 * bag folder and alters it as a forger would; `regenerate` rewrites the manifests, tag manifests and Payload-Oxum the
 * way bagit-python does on `save`, so only the ledger binding can tell.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatManifest } from '../../src/core/bagit/tag-files.ts';
import { parseCheckpointBody, signCheckpoint } from '../../src/core/ledger/checkpoint.ts';
import { formatVerifierKey, generateSigner, parseNote } from '../../src/core/ledger/signed-note.ts';

export interface TamperContext {
  /** A token of the test authority over other data (a valid token for the wrong thing). */
  otherToken: Buffer;
  /** PEM of a CA that did not issue the authority's certificate. */
  otherCaPem: string;
}

export interface TamperCase {
  name: string;
  /** Alters the bag folder in place. */
  apply(dir: string, ctx: TamperContext): void;
  /** The case cannot be made in a folder a browser can hand over (links): the CLI and import only. */
  cliOnly?: boolean;
}

export function filesOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name);
      if (name.isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const digest = (alg: string, bytes: Buffer): string => createHash(alg).update(bytes).digest('hex');
const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');
const write = (dir: string, path: string, data: string | Buffer): void => writeFileSync(join(dir, path), data);

/** What bagit-python's Bag.save(manifests=True) does: every manifest, tag manifest and the Payload-Oxum rewritten. */
export function regenerate(dir: string): void {
  const files = filesOf(dir);
  const payload = files.filter((f) => f.startsWith('data/'));
  let bytes = 0;
  for (const alg of ['sha256', 'sha512']) {
    write(dir, `manifest-${alg}.txt`, formatManifest(payload.map((path) => ({ path, digest: digest(alg, readFileSync(join(dir, path))) }))));
  }
  for (const p of payload) bytes += statSync(join(dir, p)).size;
  write(dir, 'bag-info.txt', read(dir, 'bag-info.txt').replace(/^Payload-Oxum: .*$/m, `Payload-Oxum: ${bytes}.${payload.length}`));
  const tags = filesOf(dir).filter((f) => !f.startsWith('data/') && !f.startsWith('tagmanifest-'));
  for (const alg of ['sha256', 'sha512']) {
    write(dir, `tagmanifest-${alg}.txt`, formatManifest(tags.map((path) => ({ path, digest: digest(alg, readFileSync(join(dir, path))) }))));
  }
}

export function copyBag(from: string, to: string): string {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  return to;
}

const flip = (dir: string, path: string, at: number): void => {
  const bytes = readFileSync(join(dir, path));
  bytes[Math.min(at, bytes.length - 1)] ^= 0x01;
  writeFileSync(join(dir, path), bytes);
};

const firstPayload = (dir: string): string => filesOf(dir).find((f) => /^data\/items\/[^/]+\/[0-9a-f-]{36}-/.test(f))!;
const itemOf = (path: string): string => path.split('/')[2];
const editJson = (dir: string, path: string, edit: (value: Record<string, unknown>) => void): void => {
  const value = JSON.parse(read(dir, path)) as Record<string, unknown>;
  edit(value);
  write(dir, path, `${JSON.stringify(value, null, 2)}\n`);
};

/** One case per file of the pristine bag: a single flipped byte, manifests left as they are. */
export function singleByteCases(pristine: string): TamperCase[] {
  return filesOf(pristine).map((path) => ({
    name: `one byte changed in ${path}`,
    apply: (dir) => flip(dir, path, Math.floor(statSync(join(dir, path)).size / 2)),
  }));
}

/** Forgeries that rewrite the manifests afterwards, and the bad-input cases of the issue. */
export function forgeryCases(): TamperCase[] {
  const regenerated = (name: string, apply: TamperCase['apply']): TamperCase => ({ name: `${name} (manifests regenerated)`, apply: (dir, ctx) => (apply(dir, ctx), regenerate(dir)) });
  return [
    regenerated('a witness statement replaced', (dir) => write(dir, firstPayload(dir), 'I saw nothing. (forged)\n')),
    regenerated('a statement replaced and its metadata hash edited to match', (dir) => {
      const path = firstPayload(dir);
      const forged = Buffer.from('I saw nothing. (forged)\n');
      write(dir, path, forged);
      editJson(dir, `metadata/items/${itemOf(path)}.json`, (meta) => {
        for (const f of meta.files as Array<Record<string, unknown>>) if (path.includes(String(f.id))) Object.assign(f, { sha256: digest('sha256', forged), sha512: digest('sha512', forged), size: forged.length });
      });
    }),
    regenerated('the checkpoint root changed', (dir) => {
      const note = read(dir, 'ledger/checkpoint.txt');
      const cp = parseCheckpointBody(parseNote(note).text);
      const root = Buffer.from(cp.root);
      root[0] ^= 0xff;
      write(dir, 'ledger/checkpoint.txt', note.replace(Buffer.from(cp.root).toString('base64'), root.toString('base64')));
    }),
    regenerated('the checkpoint signature altered', (dir) => {
      const note = read(dir, 'ledger/checkpoint.txt');
      const line = note.split('\n').find((l) => l.startsWith('— '))!;
      const sig = Buffer.from(line.split(' ')[2], 'base64');
      sig[10] ^= 0x01;
      write(dir, 'ledger/checkpoint.txt', note.replace(line, `${line.split(' ').slice(0, 2).join(' ')} ${sig.toString('base64')}`));
    }),
    regenerated('the checkpoint token replaced by random bytes', (dir) => write(dir, 'ledger/checkpoint.tsr', randomBytes(100))),
    regenerated('the checkpoint token replaced by a token for other data', (dir, ctx) => write(dir, 'ledger/checkpoint.tsr', ctx.otherToken)),
    regenerated('one proof\'s copy of the token replaced by a token for other data', (dir, ctx) =>
      editJson(dir, 'ledger/proofs.json', (doc) => {
        const proofs = doc.proofs as Array<{ timestamp?: { token: string } }>;
        proofs[proofs.length - 1].timestamp = { ...proofs[proofs.length - 1].timestamp!, token: ctx.otherToken.toString('base64') };
      }),
    ),
    regenerated('the TSA CA swapped for one that did not issue the authority\'s certificate', (dir, ctx) => write(dir, 'ledger/tsa-ca.pem', ctx.otherCaPem)),
    regenerated('the public key swapped for another key', (dir) => write(dir, 'ledger/public-key.txt', `${formatVerifierKey(generateSigner(read(dir, 'ledger/public-key.txt').split('+')[0]))}\n`)),
    regenerated('the package re-signed with a forger\'s own key', (dir) => {
      const forger = generateSigner(read(dir, 'ledger/public-key.txt').split('+')[0]);
      const note = read(dir, 'ledger/checkpoint.txt');
      const forged = signCheckpoint(parseCheckpointBody(parseNote(note).text), [forger]);
      const key = formatVerifierKey(forger);
      write(dir, 'ledger/checkpoint.txt', forged);
      write(dir, 'ledger/public-key.txt', `${key}\n`);
      editJson(dir, 'ledger/proofs.json', (doc) => Object.assign(doc, { checkpoint: forged, publicKey: key }));
      write(dir, firstPayload(dir), 'I saw nothing. (forged)\n');
    }),
    regenerated('an item title edited in its metadata', (dir) => editJson(dir, `metadata/items/${itemOf(firstPayload(dir))}.json`, (meta) => (meta.title = 'A different title'))),
    regenerated('an item\'s confidentiality edited in its metadata', (dir) => editJson(dir, `metadata/items/${itemOf(firstPayload(dir))}.json`, (meta) => (meta.confidentiality = 'public'))),
    regenerated('a custody event\'s time edited', (dir) =>
      editJson(dir, `custody/items/${itemOf(firstPayload(dir))}.json`, (log) => {
        const events = log as unknown as Array<{ at: string }>;
        events[0].at = '2020-01-01T00:00:00.000Z';
      }),
    ),
    regenerated('a custody event removed', (dir) => {
      const path = `custody/items/${itemOf(firstPayload(dir))}.json`;
      const events = JSON.parse(read(dir, path)) as unknown[];
      write(dir, path, `${JSON.stringify(events.slice(1), null, 2)}\n`);
    }),
    regenerated('a custody event invented', (dir) => {
      const path = `custody/items/${itemOf(firstPayload(dir))}.json`;
      const events = JSON.parse(read(dir, path)) as Array<Record<string, unknown>>;
      write(dir, path, `${JSON.stringify([...events, { ...events[events.length - 1], id: 999999, action: 'item.viewed_restricted' }], null, 2)}\n`);
    }),
    regenerated('a custody event removed together with its ledger proof', (dir) => {
      const path = `custody/items/${itemOf(firstPayload(dir))}.json`;
      const events = JSON.parse(read(dir, path)) as Array<{ action: string; at: string }>;
      const victim = events.findIndex((e) => e.action === 'blob.stored');
      write(dir, path, `${JSON.stringify(events.filter((_, i) => i !== victim), null, 2)}\n`);
      editJson(dir, 'ledger/proofs.json', (doc) => {
        doc.proofs = (doc.proofs as Array<{ entry: { action: string; time: string } }>).filter((p) => !(p.entry.action === 'blob.stored' && p.entry.time === events[victim].at));
      });
    }),
    regenerated('a metadata field the entries do not mirror edited (the time the item was created)', (dir) =>
      editJson(dir, `metadata/items/${itemOf(firstPayload(dir))}.json`, (meta) => (meta.createdAt = '1999-01-01T00:00:00.000Z')),
    ),
    regenerated('an extra file in data/', (dir) => write(dir, `data/items/${itemOf(firstPayload(dir))}/00000000-0000-4000-8000-000000000000-planted.txt`, 'planted evidence\n')),
    regenerated('a planted file with a script in its name', (dir) => write(dir, `data/items/${itemOf(firstPayload(dir))}/<img src=x onerror=alert(1)>.txt`, 'planted\n')),
    regenerated('an original removed', (dir) => unlinkSync(join(dir, firstPayload(dir)))),
    regenerated('every ledger file removed', (dir) => {
      for (const f of filesOf(dir)) if (f.startsWith('ledger/')) unlinkSync(join(dir, f));
    }),
    { name: 'an extra file in data/ (manifests untouched)', apply: (dir) => write(dir, 'data/extra.txt', 'x\n') },
    { name: 'an original removed (manifests untouched)', apply: (dir) => unlinkSync(join(dir, firstPayload(dir))) },
    { name: 'a symbolic link in data/', apply: (dir) => symlinkSync('/etc/passwd', join(dir, 'data', 'passwd')), cliOnly: true },
  ];
}
