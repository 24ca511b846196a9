import { createHash } from 'node:crypto';

/** Size in bytes of every hash in the ledger (SHA-256). */
export const HASH_SIZE = 32;

/** MTH({}) = SHA-256 of the empty string (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Uint8Array = new Uint8Array(createHash('sha256').digest());

const LEAF_PREFIX = Buffer.of(0x00);
// One scratch buffer for 0x01 || left || right, so hashing a node is a single update() call.
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeScratch[0] = 0x01;

/** RFC 9162 §2.1.1: MTH({d(0)}) = SHA-256(0x00 || d(0)). */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(LEAF_PREFIX).update(entry).digest());
}

/** RFC 9162 §2.1.1: SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return new Uint8Array(createHash('sha256').update(nodeScratch).digest());
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Decodes lower- or upper-case hex of an exact length; returns undefined for anything else. */
export function fromHex(text: string, expectedBytes?: number): Uint8Array | undefined {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) return undefined;
  if (expectedBytes !== undefined && text.length !== expectedBytes * 2) return undefined;
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** Strict standard base64 (with padding); returns undefined when the text is not canonical base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Reject non-canonical encodings (stray bits in the padding) so one value has one spelling.
  if (bytes.toString('base64') !== text) return undefined;
  return new Uint8Array(bytes);
}
