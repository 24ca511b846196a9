import { describe, expect, it } from 'vitest';
import { CheckpointError, formatCheckpointBody, openCheckpoint, parseCheckpointBody, signCheckpoint } from './checkpoint.ts';
import { hashLeaf } from './hashing.ts';
import {
  NoteError,
  formatSignerKey,
  formatVerifierKey,
  generateSigner,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './signed-note.ts';

// The example key and note of golang.org/x/mod/sumdb/note (package documentation and note_test.go).
const GO_SIGNER_KEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

const noteCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof NoteError) return e.code;
    if (e instanceof CheckpointError) return 'checkpoint';
    throw e;
  }
  return undefined;
};

describe('signed note (C2SP signed-note, golang.org/x/mod/sumdb/note vectors)', () => {
  it('derives the published verifier key from the published signer key', () => {
    const signer = parseSignerKey(GO_SIGNER_KEY);
    expect(formatVerifierKey(signer)).toBe(GO_VERIFIER_KEY);
    expect(formatSignerKey(signer)).toBe(GO_SIGNER_KEY);
  });

  it('signs the example text to exactly the published note (Ed25519 is deterministic)', () => {
    expect(signNote(GO_TEXT, [parseSignerKey(GO_SIGNER_KEY)])).toBe(GO_NOTE);
  });

  it('opens the published note and refuses a one-character change', () => {
    const opened = openNote(GO_NOTE, [parseVerifierKey(GO_VERIFIER_KEY)]);
    expect(opened.text).toBe(GO_TEXT);
    expect(opened.verified).toHaveLength(1);
    expect(noteCode(() => openNote(GO_NOTE.replace('cryptography', 'cryptographY'), [parseVerifierKey(GO_VERIFIER_KEY)]))).toBe('bad-signature');
  });

  it('refuses verifier keys with a wrong hash, a wrong algorithm or a mangled shape', () => {
    expect(noteCode(() => parseVerifierKey(GO_VERIFIER_KEY.replace('c74f20a3', 'c74f20a4')))).toBe('wrong-key-hash');
    expect(noteCode(() => parseVerifierKey(GO_VERIFIER_KEY.replace('+ARpc', '+AhpC')))).toBe('malformed-key');
    expect(noteCode(() => parseVerifierKey('PeterNeumann+c74f20a3'))).toBe('malformed-key');
    expect(noteCode(() => parseVerifierKey('Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('malformed-key');
    expect(noteCode(() => parseVerifierKey(`${GO_VERIFIER_KEY}+x`))).toBe('malformed-key');
    // Every truncation of the key is refused, as the Go tests check.
    for (let i = 1; i < GO_VERIFIER_KEY.length; i++) expect(noteCode(() => parseVerifierKey(GO_VERIFIER_KEY.slice(0, i)))).toBeDefined();
  });

  it('refuses a signature whose key hash does not match the trusted key of that name', () => {
    const forged = GO_NOTE.replace('x08go', 'x08gp');
    expect(noteCode(() => openNote(forged, [parseVerifierKey(GO_VERIFIER_KEY)]))).toBe('wrong-key-hash');
  });

  it('refuses a note signed only by an unknown key', () => {
    const other = generateSigner('Someone');
    const note = signNote(GO_TEXT, [other]);
    expect(noteCode(() => openNote(note, [parseVerifierKey(GO_VERIFIER_KEY)]))).toBe('no-trusted-signature');
    expect(noteCode(() => openNote(note, []))).toBe('no-trusted-signature');
  });

  it('refuses a forged signature made by another key under the trusted name and hash', () => {
    const real = parseSignerKey(GO_SIGNER_KEY);
    const impostor = generateSigner('PeterNeumann');
    const forged = signNote(GO_TEXT, [{ ...impostor, keyHash: real.keyHash }]);
    expect(noteCode(() => openNote(forged, [real]))).toBe('bad-signature');
  });

  it('keeps signatures by other keys as unverified and accepts co-signed notes', () => {
    const a = generateSigner('a.example/log');
    const b = generateSigner('b.example/witness');
    const note = signNote('hello\n', [a, b]);
    const opened = openNote(note, [a]);
    expect(opened.verified.map((s) => s.name)).toEqual(['a.example/log']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['b.example/witness']);
  });

  it('refuses malformed notes, naming what is wrong', () => {
    const v = [parseVerifierKey(GO_VERIFIER_KEY)];
    expect(noteCode(() => openNote(GO_TEXT, v))).toBe('malformed-note');
    expect(noteCode(() => openNote(GO_NOTE.slice(0, -1), v))).toBe('malformed-note');
    expect(noteCode(() => openNote(GO_NOTE.replace('— ', '- '), v))).toBe('malformed-note');
    expect(noteCode(() => openNote(GO_NOTE.replace('x08go/', 'x08go!'), v))).toBe('malformed-note');
    expect(noteCode(() => openNote(`a\u0001b\n${GO_NOTE.slice(GO_TEXT.length)}`, v))).toBe('malformed-note');
    expect(noteCode(() => openNote(`\n— PeterNeumann AAAAAAA=\n`, v))).toBe('malformed-note');
    const many = `${GO_TEXT}\n${'— x AAAAAAA=\n'.repeat(101)}`;
    expect(noteCode(() => openNote(many, v))).toBe('malformed-note');
    expect(() => openNote(GO_NOTE.replace('— ', '- '), v)).toThrow(/signature line 1 \(note line 4\)/);
  });
});

describe('checkpoint (C2SP tlog-checkpoint)', () => {
  const signer = generateSigner('reckon.example/ledger', new Uint8Array(32).fill(7));
  const cp = { origin: 'reckon.example/ledger', size: 42, root: hashLeaf(Buffer.from('root')), extensions: [] };

  it('formats the body as origin, size, base64 root and round-trips through sign and open', () => {
    const body = formatCheckpointBody(cp);
    expect(body.split('\n')).toEqual(['reckon.example/ledger', '42', Buffer.from(cp.root).toString('base64'), '']);
    const note = signCheckpoint(cp, [signer]);
    const opened = openCheckpoint(note, [parseVerifierKey(formatVerifierKey(signer))], 'reckon.example/ledger');
    expect(opened.size).toBe(42);
    expect(Buffer.from(opened.root).equals(Buffer.from(cp.root))).toBe(true);
  });

  it('detects a changed size or root as a bad signature', () => {
    const note = signCheckpoint(cp, [signer]);
    expect(noteCode(() => openCheckpoint(note.replace('\n42\n', '\n43\n'), [signer]))).toBe('bad-signature');
    const otherRoot = Buffer.from(hashLeaf(Buffer.from('other'))).toString('base64');
    expect(noteCode(() => openCheckpoint(note.replace(Buffer.from(cp.root).toString('base64'), otherRoot), [signer]))).toBe('bad-signature');
  });

  it('refuses a checkpoint of another origin', () => {
    const note = signCheckpoint({ ...cp, origin: 'other.example/log' }, [signer]);
    expect(() => openCheckpoint(note, [signer], 'reckon.example/ledger')).toThrow(/origin "other.example\/log"/);
  });

  it('refuses malformed bodies, naming the line', () => {
    const root = Buffer.from(cp.root).toString('base64');
    expect(() => parseCheckpointBody(`o\n042\n${root}\n`)).toThrow(/line 2/);
    expect(() => parseCheckpointBody(`o\n-1\n${root}\n`)).toThrow(/line 2/);
    expect(() => parseCheckpointBody(`o\n99999999999999999999\n${root}\n`)).toThrow(/too large/);
    expect(() => parseCheckpointBody(`o\n1\n${root.slice(4)}\n`)).toThrow(/line 3/);
    expect(() => parseCheckpointBody(`o\n1\n`)).toThrow(/at least 3 lines/);
    expect(() => parseCheckpointBody(`\n1\n${root}\n`)).toThrow(/line 1/);
    expect(() => parseCheckpointBody(`o\n1\n${root}\n\n`)).toThrow(/line 4: empty extension/);
    expect(() => parseCheckpointBody(`o\n1\n${root}`)).toThrow(/newline/);
    expect(parseCheckpointBody(`o\n1\n${root}\next one\n`).extensions).toEqual(['ext one']);
  });

  it('makes fresh keys that differ and verify', () => {
    const a = generateSigner('k');
    const b = generateSigner('k');
    expect(Buffer.from(a.publicKey).equals(Buffer.from(b.publicKey))).toBe(false);
    expect(openNote(signNote('x\n', [a]), [parseVerifierKey(formatVerifierKey(a))]).verified).toHaveLength(1);
    expect(noteCode(() => generateSigner('bad name'))).toBe('malformed-key');
  });
});
