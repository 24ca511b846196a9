import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { recordAudit } from '../../src/server/audit/service.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { verifyInclusionDocument } from '../../src/web/ledger/verify.ts';

/** Changes one base64 character in the middle of the last signature, leaving it well-formed. */
function flipSignatureChar(note: string): string {
  const at = note.length - 30;
  return note.slice(0, at) + (note[at] === 'A' ? 'B' : 'A') + note.slice(at + 1);
}

/** The browser verifier (Web Crypto) against proofs the server's own code produces. */
describe('browser-side inclusion proof verification', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let publicKey: string;
  beforeAll(async () => {
    t = await createTestApp();
    headers = (await t.login(t.admin.username, t.admin.password)).headers;
    for (let i = 0; i < 13; i++) {
      await recordAudit(t.ctx.db, systemActor('test'), { action: 'test.event', subjectType: 'thing', subjectId: `t${i}`, details: { i, note: 'ünïcødé <script>' } });
    }
    await t.app.inject({ method: 'POST', url: '/api/ledger/checkpoints', headers });
    publicKey = (await t.app.inject({ url: '/api/ledger/public-key' })).json().verifierKey;
  }, 240_000);
  afterAll(async () => t.close());

  const proof = async (seq: number) => (await t.app.inject({ url: `/api/ledger/entries/${seq}/proof`, headers })).json();

  it('accepts every entry of the tree, checking the Ed25519 signature where Web Crypto has it', { timeout: 60_000 }, async () => {
    const size = await t.ctx.ledger.size();
    for (let seq = 0; seq < size; seq++) {
      const result = await verifyInclusionDocument(await proof(seq), publicKey);
      expect(result.problem).toBeUndefined();
      expect(result.ok).toBe(true);
      expect(result.leafIndex).toBe(seq);
      expect(result.root).toBe(await t.ctx.ledger.root(size).then((r) => Buffer.from(r).toString('hex')));
    }
    // Node 20 has Ed25519 in SubtleCrypto, so here the signature is really checked.
    expect((await verifyInclusionDocument(await proof(0), publicKey)).signatureChecked).toBe(true);
  });

  it('refuses an altered entry, path, index, checkpoint, signature or key, saying why', { timeout: 60_000 }, async () => {
    const good = await proof(5);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases mutate arbitrary parts of the JSON on purpose
    const cases: Array<[string, (d: Record<string, any>) => void, RegExp]> = [
      ['entry', (d) => (d.entry.action = 'test.forged'), /altered/],
      ['path', (d) => (d.proof[0] = d.proof[0].replace(/^./, (c: string) => (c === '0' ? '1' : '0'))), /not in that tree/],
      ['index', (d) => ((d.leafIndex = 6), (d.entry.seq = 6), delete d.leafHash), /not in that tree|altered/],
      ['size', (d) => (d.treeSize = 1000), /tree size|shorter/],
      ['signer', (d) => (d.checkpoint = d.checkpoint.replace('\u2014 reckon', '\u2014 forger')), /not signed by/],
      ['signature', (d) => (d.checkpoint = flipSignatureChar(d.checkpoint)), /signature does not verify/],
      ['hostile path', (d) => (d.proof = ['<script>', "' or 1=1 --"]), /not a hash/],
      ['oversized path', (d) => (d.proof = Array(500).fill('00'.repeat(32))), /not a list/],
    ];
    for (const [, change, message] of cases) {
      const doc = structuredClone(good);
      change(doc);
      const result = await verifyInclusionDocument(doc, publicKey);
      expect(result.ok).toBe(false);
      expect(result.problem).toMatch(message);
    }
    expect((await verifyInclusionDocument(good, 'other+00000000+AQ' + 'A'.repeat(42) + '=')).ok).toBe(false);
    expect((await verifyInclusionDocument(null)).ok).toBe(false);
    expect((await verifyInclusionDocument({ format: 'x' })).problem).toMatch(/not a reckon-ledger-proof/);
  });
});
