import { normaliseName, parseFullName, surnameStem } from '../names/normalise.ts';
import { phoneticKey } from '../names/phonetic.ts';
import { stripDiacritics } from '../names/transliterate.ts';
import { parsePartialDate } from './dates.ts';
import type { FieldSpec } from './settings.ts';

/**
 * Per-field data in typed arrays over SharedArrayBuffer, so worker threads read the same memory. Text and name
 * fields are dictionary-encoded: every record holds the id of its (normalised) value, and the distinct values are
 * packed as UTF-16 code units; comparisons and blocking then work on integers and the packed characters.
 */
export interface TextFeature {
  kind: 'text';
  /** Value id per record, -1 when missing. */
  ids: Int32Array;
  /** Packed distinct values: value v is chars[offsets[v], offsets[v + 1]). */
  offsets: Int32Array;
  chars: Uint16Array;
  /** Phonetic-key id and surname-stem id per distinct value. */
  phonetic: Int32Array;
  stem: Int32Array;
  /** Records holding each value: the term frequencies. */
  counts: Int32Array;
  /** Records with a value. */
  present: number;
}

export interface DateFeature {
  kind: 'date';
  /** year, month, day per record (3 entries a record), 0 when unknown. */
  ymd: Int32Array;
  present: number;
}

export type Feature = TextFeature | DateFeature;

export interface FeatureTable {
  size: number;
  fields: Record<string, Feature>;
}

/** The distinct values of text features, kept on the main thread for display and explanation. */
export type FeatureValues = Record<string, string[]>;

export interface FeatureIssue {
  row: number;
  field: string;
  column: string;
  message: string;
}

function shared<T extends Int32Array | Uint16Array>(Ctor: new (buffer: SharedArrayBuffer) => T, bytesPer: number, length: number): T {
  return new Ctor(new SharedArrayBuffer(Math.max(1, length) * bytesPer));
}

export function normaliseText(text: string): string {
  return stripDiacritics(text.normalize('NFKC').toLowerCase()).replace(/\s+/g, ' ').trim();
}

function nameValue(raw: string, spec: FieldSpec, parseCache: Map<string, ReturnType<typeof parseFullName>>): string {
  if (!spec.part || spec.part === 'full') return normaliseName(raw, { latin: spec.latin });
  let parsed = parseCache.get(raw);
  if (!parsed) {
    parsed = parseFullName(raw, { latin: spec.latin, order: spec.order });
    parseCache.set(raw, parsed);
  }
  if (spec.part === 'patronymic') return parsed.patronymicRoot;
  return parsed[spec.part];
}

function encodeText(values: string[], size: number, ids: Int32Array): TextFeature & { values: string[] } {
  const dict = new Map<string, number>();
  const distinct: string[] = [];
  let present = 0;
  for (let i = 0; i < size; i++) {
    const v = values[i];
    if (!v) {
      ids[i] = -1;
      continue;
    }
    present++;
    let id = dict.get(v);
    if (id === undefined) {
      id = distinct.length;
      dict.set(v, id);
      distinct.push(v);
    }
    ids[i] = id;
  }
  let totalChars = 0;
  for (const v of distinct) totalChars += v.length;
  const offsets = shared(Int32Array, 4, distinct.length + 1);
  const chars = shared(Uint16Array, 2, totalChars);
  let pos = 0;
  for (let v = 0; v < distinct.length; v++) {
    offsets[v] = pos;
    const s = distinct[v];
    for (let k = 0; k < s.length; k++) chars[pos + k] = s.charCodeAt(k);
    pos += s.length;
  }
  offsets[distinct.length] = pos;
  const counts = shared(Int32Array, 4, distinct.length);
  for (let i = 0; i < size; i++) if (ids[i] >= 0) counts[ids[i]]++;
  const phonetic = shared(Int32Array, 4, distinct.length);
  const stem = shared(Int32Array, 4, distinct.length);
  const phoneticIds = new Map<string, number>();
  const stemIds = new Map<string, number>();
  for (let v = 0; v < distinct.length; v++) {
    const p = phoneticKey(distinct[v]);
    let pid = phoneticIds.get(p);
    if (pid === undefined) phoneticIds.set(p, (pid = phoneticIds.size));
    phonetic[v] = pid;
    const s = distinct[v].split(' ').map(surnameStem).join(' ');
    let sid = stemIds.get(s);
    if (sid === undefined) stemIds.set(s, (sid = stemIds.size));
    stem[v] = sid;
  }
  return { kind: 'text', ids, offsets, chars, phonetic, stem, counts, present, values: distinct };
}

/**
 * Builds the features of every field from column arrays. Values that cannot be read (impossible dates) become
 * missing and are listed in `issues` with their row, so a caller can report them; `onRow` reports progress.
 */
export function buildFeatures(
  columns: Record<string, readonly string[]>,
  size: number,
  fields: readonly FieldSpec[],
  onProgress?: (fieldsDone: number) => void,
): { table: FeatureTable; values: FeatureValues; issues: FeatureIssue[] } {
  const table: FeatureTable = { size, fields: {} };
  const values: FeatureValues = {};
  const issues: FeatureIssue[] = [];
  const parseCaches = new Map<string, Map<string, ReturnType<typeof parseFullName>>>();
  fields.forEach((spec, index) => {
    const column = columns[spec.column];
    if (!column) throw new Error(`column "${spec.column}" is missing`);
    if (spec.type === 'date') {
      const ymd = shared(Int32Array, 4, size * 3);
      let present = 0;
      for (let i = 0; i < size; i++) {
        const parsed = parsePartialDate(column[i] ?? '');
        if (!parsed.ok) {
          issues.push({ row: i, field: spec.name, column: spec.column, message: parsed.reason });
          continue;
        }
        if (!parsed.date) continue;
        ymd[3 * i] = parsed.date.year;
        ymd[3 * i + 1] = parsed.date.month;
        ymd[3 * i + 2] = parsed.date.day;
        present++;
      }
      table.fields[spec.name] = { kind: 'date', ymd, present };
    } else {
      const normalised = new Array<string>(size);
      const memo = new Map<string, string>();
      let cache = parseCaches.get(spec.column);
      if (!cache) parseCaches.set(spec.column, (cache = new Map()));
      for (let i = 0; i < size; i++) {
        const raw = column[i] ?? '';
        let v = memo.get(raw);
        if (v === undefined) {
          v = spec.type === 'name' ? nameValue(raw, spec, cache) : normaliseText(raw);
          memo.set(raw, v);
        }
        normalised[i] = v;
      }
      const { values: distinct, ...feature } = encodeText(normalised, size, shared(Int32Array, 4, size));
      table.fields[spec.name] = feature;
      values[spec.name] = distinct;
    }
    onProgress?.(index + 1);
  });
  return { table, values, issues };
}
