import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensslHasTs, startLocalTsa, type LocalTsa } from '../../../test/tsa.ts';
import { DerError, encodeBoolean, encodeInteger, encodeNull, encodeOctetString, encodeOid, encodeSequence, parseDer, readTime } from './der.ts';
import {
  checkpointImprint,
  makeTimestampRequest,
  parseCertificates,
  parseTimestampResponse,
  readTimestampToken,
  TimestampError,
  verifyTimestampToken,
} from './timestamp.ts';

const sha256 = (b: Buffer | string) => new Uint8Array(createHash('sha256').update(b).digest());

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof TimestampError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('DER reader', () => {
  it('refuses indefinite and non-minimal lengths, trailing bytes and truncation', () => {
    expect(() => parseDer(Uint8Array.of(0x30, 0x80, 0, 0))).toThrow(/indefinite/);
    expect(() => parseDer(Uint8Array.of(0x04, 0x81, 0x01, 0xaa))).toThrow(/minimally/);
    expect(() => parseDer(Uint8Array.of(0x04, 0x01, 0xaa, 0x00))).toThrow(/after the element/);
    expect(() => parseDer(Uint8Array.of(0x04, 0x05, 0xaa))).toThrow(DerError);
    expect(() => parseDer(Uint8Array.of(0x04, 0x84, 0x7f, 0xff, 0xff, 0xff))).toThrow(/past the end/);
  });

  it('reads GeneralizedTime with fractions and refuses impossible dates', () => {
    const time = (s: string) => readTime(parseDer(Uint8Array.from([0x18, s.length, ...Buffer.from(s)])), 't');
    expect(time('20261122140501.25Z').toISOString()).toBe('2026-11-22T14:05:01.250Z');
    expect(() => time('20260230120000Z')).toThrow(/valid date/);
    expect(() => time('20261122140501.50Z')).toThrow(/DER time/);
  });
});

describe.skipIf(!opensslHasTs())('RFC 3161 tokens from a local openssl authority', () => {
  let tsa: LocalTsa;
  let rsa: LocalTsa;
  let ca: ReturnType<typeof parseCertificates>;
  beforeAll(async () => {
    [tsa, rsa] = await Promise.all([startLocalTsa(), startLocalTsa({ rsa: true })]);
    ca = parseCertificates(readFileSync(tsa.caFile, 'utf8'));
  }, 60_000);
  afterAll(async () => Promise.all([tsa?.close(), rsa?.close()]));

  async function ask(authority: LocalTsa, digest: Uint8Array, nonce: bigint): Promise<Buffer> {
    const response = await fetch(authority.url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: new Uint8Array(makeTimestampRequest(digest, nonce)) });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  it('our request is answered, and openssl itself verifies the reply against the CA (independent check)', async () => {
    const note = 'reckon.ledger/test\n5\nAAAA\n\n— reckon.ledger/test abcd\n';
    const digest = checkpointImprint(note);
    expect(Buffer.from(digest)).toEqual(Buffer.from(sha256(note)));
    const reply = await ask(tsa, digest, 0x1234567890abcdefn);
    const file = join(tsa.dir, 'ours.tsr');
    writeFileSync(file, reply);
    const dataFile = join(tsa.dir, 'note.txt');
    writeFileSync(dataFile, note);
    const out = execFileSync('openssl', ['ts', '-verify', '-data', dataFile, '-in', file, '-CAfile', tsa.caFile], { encoding: 'utf8' });
    expect(out).toMatch(/Verification: OK/);

    const parsed = parseTimestampResponse(reply);
    expect(parsed.status).toBe('granted');
    const result = verifyTimestampToken(parsed.token!, digest, { trusted: ca, nonce: 0x1234567890abcdefn });
    expect(result.chainChecked).toBe(true);
    expect(result.imprintAlgorithm).toBe('sha256');
    expect(result.policy).toBe('1.3.6.1.4.1.99999.1');
    expect(Math.abs(result.genTime.getTime() - Date.now())).toBeLessThan(120_000);
    expect(result.signer.subject).toMatch(/Reckon test TSA/);
    // What openssl prints as the time is what we read.
    const text = execFileSync('openssl', ['ts', '-reply', '-in', file, '-text'], { encoding: 'utf8' });
    const printed = /Time stamp: (.+)/.exec(text)![1].trim();
    expect(new Date(printed.replace(/ GMT$/, ' UTC')).getTime()).toBe(Math.floor(result.genTime.getTime() / 1000) * 1000);
  });

  it('verifies a token openssl made on its own (-query/-reply), with ECDSA and RSA signers', async () => {
    for (const authority of [tsa, rsa]) {
      const data = randomBytes(100);
      const token = await authority.stamp(data);
      const trusted = parseCertificates(readFileSync(authority.caFile, 'utf8'));
      const result = verifyTimestampToken(token, sha256(data), { trusted });
      expect(result.chainChecked).toBe(true);
      expect(readTimestampToken(token).genTime.getTime()).toBe(result.genTime.getTime());
    }
  });

  it('rejects a token for other data, a wrong nonce, an altered token, a wrong CA, and garbage', async () => {
    const data = randomBytes(64);
    const token = await tsa.stamp(data);
    const digest = sha256(data);
    expect(code(() => verifyTimestampToken(token, sha256(Buffer.from('other'))))).toBe('imprint-mismatch');
    expect(code(() => verifyTimestampToken(token, digest, { nonce: 1n }))).toBe('nonce-mismatch');
    expect(code(() => verifyTimestampToken(token, digest, { trusted: parseCertificates(readFileSync(tsa.otherCaFile, 'utf8')) }))).toBe('untrusted');
    expect(verifyTimestampToken(token, digest).chainChecked).toBe(false);

    // The genTime is inside the signed TSTInfo: change one digit and the message digest no longer matches.
    const genTime = readTimestampToken(token).genTime.toISOString();
    const stamp = Buffer.from(genTime.slice(0, 4) + genTime.slice(5, 7) + genTime.slice(8, 10));
    const at = token.indexOf(stamp);
    expect(at).toBeGreaterThan(0);
    const altered = Buffer.from(token);
    altered[at + 3] = altered[at + 3] === 0x39 ? 0x38 : altered[at + 3] + 1;
    expect(code(() => verifyTimestampToken(altered, digest, { trusted: ca }))).toBe('content-altered');

    // The last bytes of the token are the signature: flip one.
    const forged = Buffer.from(token);
    forged[forged.length - 3] ^= 0x01;
    expect(['bad-signature', 'malformed-token']).toContain(code(() => verifyTimestampToken(forged, digest, { trusted: ca })));

    expect(code(() => verifyTimestampToken(token.subarray(0, token.length - 10), digest))).toBe('malformed-token');
    expect(code(() => verifyTimestampToken(Buffer.from('not der at all'), digest))).toBe('malformed-token');
    expect(code(() => parseTimestampResponse(Buffer.from([0x30, 0x03, 0x02, 0x01])))).toBe('malformed-response');
  });

  it('reports a refusal by the authority with its status', async () => {
    // A request naming a policy the authority does not offer is refused (PKIStatus 2, unacceptedPolicy).
    const imprint = encodeSequence([encodeSequence([encodeOid('2.16.840.1.101.3.4.2.1'), encodeNull()]), encodeOctetString(sha256('x'))]);
    const body = encodeSequence([encodeInteger(1n), imprint, encodeOid('1.2.3.4.5'), encodeInteger(7n), encodeBoolean(true)]);
    const response = await fetch(tsa.url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: new Uint8Array(body) });
    const parsed = parseTimestampResponse(Buffer.from(await response.arrayBuffer()));
    expect(parsed.status).toBe('rejection');
    expect(parsed.token).toBeUndefined();
  });
});
