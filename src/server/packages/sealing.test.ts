import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cleanRecipientName, keyFingerprint, parseRecipientKey, seal, unseal } from './sealing.ts';

const pair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
};

describe('sealing for a named recipient (reckon-sealed/1)', () => {
  it('opens with the recipient\'s private key only, and every byte of the envelope is authenticated', () => {
    const recipient = pair();
    const plaintext = new TextEncoder().encode(JSON.stringify({ name: 'Synthetic Name', location: 'Synthetic place' }));
    const envelope = seal({ name: 'Registry (synthetic)', publicKey: recipient.publicPem }, plaintext, 'testimony:x:identity');
    expect(envelope.recipient.keyFingerprint).toBe(keyFingerprint(recipient.publicKey));
    expect(JSON.stringify(envelope)).not.toContain('Synthetic Name');
    expect(unseal(envelope, recipient.privatePem).plaintext.toString('utf8')).toBe(new TextDecoder().decode(plaintext));
    // Two seals of the same bytes differ (fresh ephemeral key and nonce).
    expect(seal({ name: 'Registry (synthetic)', publicKey: recipient.publicPem }, plaintext, 'testimony:x:identity').ciphertext).not.toBe(envelope.ciphertext);
    expect(() => unseal(envelope, pair().privatePem)).toThrow(/another key/);
    for (const change of [{ context: 'testimony:y:identity' }, { recipient: { ...envelope.recipient, name: 'Someone else' } }, { nonce: Buffer.alloc(12).toString('base64') }, { tag: Buffer.alloc(16).toString('base64') }]) {
      expect(() => unseal({ ...envelope, ...change }, recipient.privatePem), JSON.stringify(change)).toThrow(/does not open/);
    }
    const flipped = Buffer.from(envelope.ciphertext, 'base64');
    flipped[0] ^= 1;
    expect(() => unseal({ ...envelope, ciphertext: flipped.toString('base64') }, recipient.privatePem)).toThrow(/does not open/);
    expect(() => unseal({ ...envelope, format: 'other' }, recipient.privatePem)).toThrow(/not a reckon-sealed/);
    expect(() => unseal(null, recipient.privatePem)).toThrow(/not a sealed envelope/);
    expect(() => unseal(envelope, 'not a key')).toThrow(/not a readable PEM key/);
  });

  it('takes a raw 32-byte base64 key as well as PEM, and refuses other keys and hostile names, never echoing them', () => {
    const recipient = pair();
    const raw = Buffer.from(String(recipient.publicKey.export({ format: 'jwk' }).x), 'base64url').toString('base64');
    expect(keyFingerprint(parseRecipientKey(raw))).toBe(keyFingerprint(recipient.publicKey));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const bad of [rsa, ed, '', 'A'.repeat(5000), 'abc\u0000def', Buffer.alloc(31).toString('base64'), '<script>alert(1)</script>', recipient.privatePem]) {
      let message = '';
      try {
        parseRecipientKey(bad);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, bad.slice(0, 30)).toMatch(/recipient\.publicKey/);
      if (bad.length > 8) expect(message).not.toContain(bad);
    }
    expect(cleanRecipientName('  Trial Chamber <II>  ')).toBe('Trial Chamber <II>');
    for (const bad of ['', '   ', 'a\u0000b', '\ud800', 'x'.repeat(201), 'line\nbreak', 'bidi\u202Eevil']) {
      expect(() => cleanRecipientName(bad), JSON.stringify(bad)).toThrow(/recipient\.name/);
    }
  });
});
