import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyIdOf, loadOrCreateSigningKey } from './keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'reckon-signing-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the ledger signing key file', () => {
  it('is made once and read back as the same key', () => {
    const file = join(dir, 'keys', 'ledger-signing.key');
    const made = loadOrCreateSigningKey(file);
    expect(made.created).toBe(true);
    const read = loadOrCreateSigningKey(file);
    expect(read.created).toBe(false);
    expect(keyIdOf(read.signer)).toBe(keyIdOf(made.signer));
  });

  it.each([
    ['empty', ''],
    ['text that is no key', 'not a key at all\n'],
    ['NUL bytes', 'PRIVATE+KEY+reckon.ledger/x+00000000+\u0000\u0000\n'],
    ['a lone surrogate', 'PRIVATE+KEY+reckon.ledger/\ud800+00000000+AAAA\n'],
    ['a key with a wrong hash', 'PRIVATE+KEY+reckon.ledger/x+00000000+AUmJn6hVAYIWrTxbcd1zFZsnDhl0FuwY1rBCYEBlqWXO\n'],
  ])('refuses a file holding %s, naming the file and the setting', (_label, content) => {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.key`);
    writeFileSync(file, content, { mode: 0o600 });
    expect(() => loadOrCreateSigningKey(file)).toThrow(
      expect.objectContaining({
        code: 'signing_key_invalid',
        message: expect.stringMatching(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*RECKON_SIGNING_KEY_FILE`)),
      }),
    );
  });
});
