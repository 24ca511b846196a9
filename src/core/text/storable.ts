/**
 * Text that PostgreSQL cannot store. A `text` value may not hold U+0000 (the server refuses it outright), and a
 * UTF-16 surrogate half without its partner has no UTF-8 form at all (the driver would silently replace it with
 * U+FFFD, so what is stored would differ from what was sent). Both are refused at every entry point, never repaired.
 */

export type TextProblem = 'nul' | 'lone_surrogate';

export interface TextProblemAt {
  problem: TextProblem;
  /** 1-based line and column (in characters) of the first offending character within the text. */
  line: number;
  column: number;
}

// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first character PostgreSQL cannot store, with its position, or null when the text is storable. */
export function unstorableText(text: string): TextProblemAt | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  const before = text.slice(0, match.index);
  const lastBreak = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line += 1;
  return { problem: match[0] === '\u0000' ? 'nul' : 'lone_surrogate', line, column: match.index - lastBreak };
}

export function describeTextProblem(problem: TextProblem): string {
  return problem === 'nul'
    ? 'contains a NUL character (U+0000), which cannot be stored'
    : 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored';
}

export interface UnstorableValue extends TextProblemAt {
  /** Where in the value: object keys and array indexes joined by dots ("(root)" for the value itself). */
  path: string;
  /** True when the offending string is an object key rather than a value. */
  inKey: boolean;
}

/**
 * Walks a parsed JSON-like value (objects, arrays, strings; anything else is ignored) without recursion, so a
 * deeply nested hostile body cannot overflow the stack, and returns the first unstorable string or key.
 */
export function findUnstorable(value: unknown): UnstorableValue | null {
  // Each entry points at its parent instead of copying the path, so a body nested 100,000 deep stays linear.
  const stack: PathNode[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const current = node.value;
    if (typeof current === 'string') {
      const found = unstorableText(current);
      if (found) return { ...found, path: pathOf(node), inKey: false };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], key: String(i), parent: node });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const found = unstorableText(key);
        if (found) return { ...found, path: pathOf({ value: null, key: printableText(key), parent: node }), inKey: true };
        stack.push({ value: child, key, parent: node });
      }
    }
  }
  return null;
}

interface PathNode {
  value: unknown;
  key: string | null;
  parent: PathNode | null;
}

/** The dotted path of a node; a very deep one is shortened in the middle so an error message stays readable. */
function pathOf(node: PathNode): string {
  const keys: string[] = [];
  for (let n: PathNode | null = node; n && n.key !== null; n = n.parent) keys.push(n.key);
  keys.reverse();
  if (keys.length === 0) return '(root)';
  return keys.length > 20 ? [...keys.slice(0, 10), `…(${keys.length - 20} more)…`, ...keys.slice(-10)].join('.') : keys.join('.');
}

/** The text with every unstorable character replaced by U+FFFD, safe to echo back in a message. */
export function printableText(text: string): string {
  // eslint-disable-next-line no-control-regex -- replacing U+0000 is the point
  return unstorableText(text) ? text.replace(/\u0000/g, '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') : text;
}

/**
 * Checks the cells of an imported table (a CSV file's records after parsing) and returns the first unstorable cell
 * by file line and column name, so an importer can say exactly where to look. `records` carry the line each record
 * starts on; a cell spanning lines is reported at its record's first line plus the line inside the cell.
 */
export function findUnstorableCell(
  records: Iterable<{ line: number; cells: Record<string, string | undefined> | readonly (string | undefined)[] }>,
  header?: readonly string[],
): { line: number; column: string; problem: TextProblem; message: string } | null {
  for (const { line, cells } of records) {
    const entries: Array<[string, string | undefined]> = Array.isArray(cells)
      ? (cells as readonly (string | undefined)[]).map((cell, i) => [header?.[i] ?? String(i + 1), cell])
      : Object.entries(cells as Record<string, string | undefined>);
    for (const [column, cell] of entries) {
      if (typeof cell !== 'string') continue;
      const found = unstorableText(cell);
      if (!found) continue;
      const at = line + found.line - 1;
      const safeColumn = printableText(column);
      return { line: at, column: safeColumn, problem: found.problem, message: `line ${at}, column ${safeColumn}: the cell ${describeTextProblem(found.problem)}` };
    }
  }
  return null;
}
