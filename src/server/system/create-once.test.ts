import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileOnce } from './create-once.ts';

const dir = mkdtempSync(join(tmpdir(), 'reckon-create-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `code` in a separate Node process with the TypeScript loader and returns what it printed. */
function runNode(code: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

describe('createFileOnce', () => {
  it('creates a new file 0600 and never replaces one that is there, leaving no temporary file', () => {
    const path = join(dir, 'keys', 'one.key');
    expect(createFileOnce(path, 'first\n')).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(createFileOnce(path, 'second\n')).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('first\n');
    expect(readdirSync(join(dir, 'keys'))).toEqual(['one.key']);
  });

  it('keeps an existing file made by someone else', () => {
    const path = join(dir, 'existing.key');
    writeFileSync(path, 'theirs\n', { mode: 0o600 });
    expect(createFileOnce(path, 'mine\n')).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('theirs\n');
  });

  it('gives processes started together on one data directory the same master key and signing key', async () => {
    // Four processes race to make both keys of an empty data directory; each prints what it ended up using.
    const keys = join(dir, 'shared-keys');
    const code = `
      const { MasterKey } = await import(${JSON.stringify(new URL('../crypto/keys.ts', import.meta.url).href)});
      const { fingerprint } = await import(${JSON.stringify(new URL('../archive/key-rotation.ts', import.meta.url).href)});
      const { loadOrCreateSigningKey, keyIdOf } = await import(${JSON.stringify(new URL('../ledger/keys.ts', import.meta.url).href)});
      const master = MasterKey.loadOrCreate(${JSON.stringify(join(keys, 'master.key'))});
      const { signer } = loadOrCreateSigningKey(${JSON.stringify(join(keys, 'ledger-signing.key'))});
      console.log(fingerprint(master) + ' ' + keyIdOf(signer));`;
    const seen = await Promise.all(Array.from({ length: 4 }, () => runNode(code)));
    expect(new Set(seen).size).toBe(1);
    expect(readdirSync(keys).sort()).toEqual(['ledger-signing.key', 'master.key']);
  }, 120_000);
});
