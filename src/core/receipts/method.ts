import type { JsonValue } from '../ledger/entry.ts';
import type { Scalar } from './format.ts';

/** The inputs a method recomputes from, in the receipt's order, decoded. */
export interface MethodInput {
  name: string;
  text: string;
}

/**
 * How to recompute one kind of figure from its inputs and recorded parameters. The CLI and the server register
 * the methods they have (estimation is pure and lives in estimate-method.ts; linkage runs through the CLI).
 */
export interface FigureMethod {
  kind: string;
  /** What the inputs are, in order, for a message that says what to supply. */
  inputRoles: string[];
  /** Outputs that come from seeded randomness are compared bit for bit like the others; this says which are seeded. */
  seeded: boolean;
  recompute(inputs: MethodInput[], parameters: Record<string, JsonValue>): Promise<Record<string, Scalar>>;
}

/**
 * Flattens a JSON-like value into dotted names and scalar leaves. Items of a list are named by their `method` or
 * `label` when they have one (so 'total.lcmcr.estimate' stays the same name when a method is added), else by index.
 * Numbers that JSON cannot carry (±Infinity, NaN) become null, as they do when a report is stored as JSON, so a
 * figure read back from storage and one just computed flatten alike.
 */
export function flattenFigures(value: unknown, prefix = '', out: Record<string, Scalar> = {}): Record<string, Scalar> {
  if (value === undefined) return out;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    out[prefix] = value;
  } else if (typeof value === 'number') {
    out[prefix] = Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const named = item && typeof item === 'object' && !Array.isArray(item) ? ((item as Record<string, unknown>).method ?? (item as Record<string, unknown>).label) : undefined;
      flattenFigures(item, `${prefix}${prefix ? '.' : ''}${typeof named === 'string' ? named : `[${i}]`}`, out);
    });
    if (value.length === 0) out[prefix] = '[]';
  } else if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) flattenFigures(v, `${prefix}${prefix ? '.' : ''}${key}`, out);
  }
  return out;
}
