/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * Object members are sorted by the UTF-16 code units of their names (RFC 8785 §3.2.3), numbers are written the
 * way ECMAScript's Number.prototype.toString writes them (§3.2.2.3, which is what `String(n)` does), and strings
 * use the minimal JSON escaping of §3.2.2.2 (the escaping `JSON.stringify` produces for well-formed strings).
 * Anything that is not I-JSON (RFC 7493) is refused with the path of the offending value: non-finite numbers,
 * undefined, functions, symbols, bigints, lone surrogates, cycles and objects that are not plain data.
 */

export class CanonicalJsonError extends Error {
  constructor(
    message: string,
    /** JSON Pointer (RFC 6901) to the value at fault, '' for the root. */
    readonly pointer: string,
  ) {
    super(pointer === '' ? message : `${message} at ${pointer}`);
    this.name = 'CanonicalJsonError';
  }
}

/** Sorts by UTF-16 code units, which is what the default string comparison in JavaScript does. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

// Matches a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serializeString(value: string, pointer: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new CanonicalJsonError('string contains a lone UTF-16 surrogate, which I-JSON forbids', pointer);
  }
  return JSON.stringify(value);
}

function serializeNumber(value: number, pointer: string): string {
  if (!Number.isFinite(value)) {
    throw new CanonicalJsonError(`number ${String(value)} cannot be represented in JSON`, pointer);
  }
  // -0 serialises as 0 (RFC 8785 §3.2.2.3); String(-0) already gives "0".
  return String(value);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deeper nesting is refused rather than left to overflow the call stack on hostile input. */
export const MAX_DEPTH = 1000;

function serialize(value: unknown, pointer: string, ancestors: Set<object>, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(serializeString(value, pointer));
      return;
    case 'number':
      out.push(serializeNumber(value, pointer));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'undefined':
      throw new CanonicalJsonError('undefined has no JSON representation', pointer);
    case 'function':
      throw new CanonicalJsonError('a function has no JSON representation', pointer);
    case 'symbol':
      throw new CanonicalJsonError('a symbol has no JSON representation', pointer);
    case 'bigint':
      throw new CanonicalJsonError('a bigint has no exact I-JSON representation; encode it as a string', pointer);
    case 'object':
      break;
  }
  if (value === null) {
    out.push('null');
    return;
  }
  const object = value as object;
  if (ancestors.has(object)) throw new CanonicalJsonError('cyclic structure', pointer);
  if (ancestors.size >= MAX_DEPTH) throw new CanonicalJsonError(`nested deeper than ${MAX_DEPTH} levels`, pointer.length > 80 ? `${pointer.slice(0, 80)}…` : pointer);
  ancestors.add(object);
  if (Array.isArray(object)) {
    out.push('[');
    for (let i = 0; i < object.length; i++) {
      if (i > 0) out.push(',');
      if (!(i in object)) throw new CanonicalJsonError('sparse array hole', `${pointer}/${i}`);
      serialize(object[i], `${pointer}/${i}`, ancestors, out);
    }
    out.push(']');
  } else {
    if (!isPlainObject(object)) {
      const name = (object as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new CanonicalJsonError(`${name} is not plain JSON data; convert it first (e.g. a Date to an ISO string)`, pointer);
    }
    const keys = Object.keys(object).sort(compareCodeUnits);
    out.push('{');
    let first = true;
    for (const key of keys) {
      const childPointer = `${pointer}/${pointerSegment(key)}`;
      if (!first) out.push(',');
      first = false;
      out.push(serializeString(key, childPointer), ':');
      serialize((object as Record<string, unknown>)[key], childPointer, ancestors, out);
    }
    out.push('}');
  }
  ancestors.delete(object);
}

/** The canonical JSON text of `value` (RFC 8785). Throws CanonicalJsonError naming the path of any non-JSON value. */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  serialize(value, '', new Set(), out);
  return out.join('');
}

const encoder = new TextEncoder();

/** The canonical JSON of `value` as UTF-8 bytes, which is what gets hashed and signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalize(value));
}
