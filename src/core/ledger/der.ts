/**
 * A small strict DER reader and writer (ITU-T X.690), enough for RFC 3161 time-stamp requests and tokens
 * (CMS SignedData, RFC 5652). Definite lengths only, minimal length encodings only, single-byte tags only: a
 * hostile token fails here with a byte offset instead of being half-read.
 */

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** One TLV. `der` is the whole encoding (tag, length, content); `content` the value bytes. */
export interface DerNode {
  tag: number;
  constructed: boolean;
  /** Context-specific tag number when the class is context-specific (0xA0 → 0), otherwise -1. */
  context: number;
  offset: number;
  der: Uint8Array;
  content: Uint8Array;
}

function readOne(bytes: Uint8Array, offset: number, base: number): DerNode {
  if (offset >= bytes.length) throw new DerError(`byte ${base + offset}: expected a DER element, found the end`);
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError(`byte ${base + offset}: multi-byte tags are not supported`);
  let pos = offset + 1;
  if (pos >= bytes.length) throw new DerError(`byte ${base + pos}: length missing`);
  const first = bytes[pos++];
  let length: number;
  if (first < 0x80) length = first;
  else {
    const count = first & 0x7f;
    if (count === 0) throw new DerError(`byte ${base + pos - 1}: indefinite length is not DER`);
    if (count > 4) throw new DerError(`byte ${base + pos - 1}: length of ${count} bytes is too large`);
    if (pos + count > bytes.length) throw new DerError(`byte ${base + pos}: length runs past the end`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos + i];
    if (bytes[pos] === 0 || length < 0x80) throw new DerError(`byte ${base + pos - 1}: length not minimally encoded`);
    pos += count;
  }
  if (pos + length > bytes.length) throw new DerError(`byte ${base + offset}: element of ${length} bytes runs past the end`);
  return {
    tag,
    constructed: (tag & 0x20) !== 0,
    context: (tag & 0xc0) === 0x80 ? tag & 0x1f : -1,
    offset: base + offset,
    der: bytes.subarray(offset, pos + length),
    content: bytes.subarray(pos, pos + length),
  };
}

/** Parses exactly one element filling `bytes`. */
export function parseDer(bytes: Uint8Array): DerNode {
  const node = readOne(bytes, 0, 0);
  if (node.der.length !== bytes.length) throw new DerError(`byte ${node.der.length}: ${bytes.length - node.der.length} bytes after the element`);
  return node;
}

/** The elements inside a constructed element. */
export function childrenOf(node: DerNode): DerNode[] {
  if (!node.constructed) throw new DerError(`byte ${node.offset}: expected a constructed element`);
  const out: DerNode[] = [];
  const base = node.offset + (node.der.length - node.content.length);
  for (let pos = 0; pos < node.content.length; ) {
    const child = readOne(node.content, pos, base);
    out.push(child);
    pos += child.der.length;
  }
  return out;
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node) throw new DerError(`${what}: missing`);
  if (node.tag !== tag) throw new DerError(`${what} (byte ${node.offset}): expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`);
  return node;
}

/** The children of a SEQUENCE (or SET) checked to have that tag. */
export function sequence(node: DerNode | undefined, what: string, tag: number = TAG.sequence): DerNode[] {
  return childrenOf(expectTag(node, tag, what));
}

export function readOid(node: DerNode | undefined, what: string): string {
  const c = expectTag(node, TAG.oid, what).content;
  if (c.length === 0) throw new DerError(`${what}: empty object identifier`);
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < c.length; i++) {
    if (value === 0 && c[i] === 0x80) throw new DerError(`${what}: object identifier arc not minimally encoded`);
    value = value * 128 + (c[i] & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER) throw new DerError(`${what}: object identifier arc too large`);
    if ((c[i] & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    } else if (i === c.length - 1) throw new DerError(`${what}: object identifier truncated`);
  }
  const first = arcs[0] < 40 ? 0 : arcs[0] < 80 ? 1 : 2;
  return [first, arcs[0] - first * 40, ...arcs.slice(1)].join('.');
}

export function readInteger(node: DerNode | undefined, what: string): bigint {
  const c = expectTag(node, TAG.integer, what).content;
  if (c.length === 0) throw new DerError(`${what}: empty integer`);
  if (c.length > 1 && ((c[0] === 0 && c[1] < 0x80) || (c[0] === 0xff && c[1] >= 0x80))) throw new DerError(`${what}: integer not minimally encoded`);
  let value = 0n;
  for (const b of c) value = (value << 8n) | BigInt(b);
  if (c[0] & 0x80) value -= 1n << BigInt(8 * c.length);
  return value;
}

export function readBoolean(node: DerNode | undefined, what: string): boolean {
  const c = expectTag(node, TAG.boolean, what).content;
  if (c.length !== 1 || (c[0] !== 0 && c[0] !== 0xff)) throw new DerError(`${what}: not a DER boolean`);
  return c[0] === 0xff;
}

/** GeneralizedTime as DER requires it (UTC, "Z", no trailing zeros in fractions) or UTCTime. */
export function readTime(node: DerNode | undefined, what: string): Date {
  if (!node || (node.tag !== TAG.generalizedTime && node.tag !== TAG.utcTime)) throw new DerError(`${what}: expected a time`);
  const text = new TextDecoder().decode(node.content);
  const m =
    node.tag === TAG.generalizedTime
      ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d*[1-9]))?Z$/.exec(text)
      : /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})()Z$/.exec(text);
  if (!m) throw new DerError(`${what}: ${JSON.stringify(text)} is not a DER time`);
  let year = Number(m[1]);
  if (node.tag === TAG.utcTime) year += year < 50 ? 2000 : 1900;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const date = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) {
    throw new DerError(`${what}: ${JSON.stringify(text)} is not a valid date`);
  }
  return date;
}

// ---- writing (only what a time-stamp request needs) ----

function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) out.unshift(n % 256);
  return [0x80 | out.length, ...out];
}

export function encode(tag: number, content: Uint8Array): Uint8Array {
  const header = [tag, ...encodeLength(content.length)];
  const out = new Uint8Array(header.length + content.length);
  out.set(header, 0);
  out.set(content, header.length);
  return out;
}

export function encodeSequence(parts: readonly Uint8Array[], tag: number = TAG.sequence): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const content = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    content.set(p, pos);
    pos += p.length;
  }
  return encode(tag, content);
}

export function encodeOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const values = [arcs[0] * 40 + arcs[1], ...arcs.slice(2)];
  const bytes: number[] = [];
  for (const v of values) {
    const group: number[] = [v % 128];
    for (let n = Math.floor(v / 128); n > 0; n = Math.floor(n / 128)) group.unshift((n % 128) | 0x80);
    bytes.push(...group);
  }
  return encode(TAG.oid, Uint8Array.from(bytes));
}

/** A non-negative integer. */
export function encodeInteger(value: bigint): Uint8Array {
  if (value < 0n) throw new DerError('only non-negative integers are encoded');
  const bytes: number[] = [];
  for (let n = value; n > 0n; n >>= 8n) bytes.unshift(Number(n & 0xffn));
  if (bytes.length === 0 || bytes[0] & 0x80) bytes.unshift(0);
  return encode(TAG.integer, Uint8Array.from(bytes));
}

export const encodeBoolean = (value: boolean): Uint8Array => encode(TAG.boolean, Uint8Array.of(value ? 0xff : 0));
export const encodeNull = (): Uint8Array => encode(TAG.null, new Uint8Array(0));
export const encodeOctetString = (bytes: Uint8Array): Uint8Array => encode(TAG.octetString, bytes);
