import { figureQualifiers, type Figure, type FigureQualifier } from './types.ts';

export interface FigureIssue {
  severity: 'error' | 'warning';
  code: string;
  /** Path inside the figures array, e.g. "[0].breakdown.parts[1].value". */
  path: string;
  message: string;
}

const MAX_DEPTH = 4;
const MAX_PARTS = 50;
const MAX_FIGURES = 20;
const FIGURE_KEYS = new Set(['label', 'value', 'qualifier', 'min', 'max', 'unit', 'breakdown']);

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1e12;

/**
 * Checks a figures array read from JSON (untrusted shape) and returns it typed, with every problem found. Shape
 * problems are errors; a breakdown that does not add up is a warning: the data says what the source says, and
 * Reckon reports the discrepancy rather than correcting it.
 */
export function checkFigures(input: unknown): { figures: Figure[]; issues: FigureIssue[] } {
  const issues: FigureIssue[] = [];
  if (!Array.isArray(input)) {
    issues.push({ severity: 'error', code: 'invalid_figures', path: '', message: 'figures must be a JSON array' });
    return { figures: [], issues };
  }
  if (input.length > MAX_FIGURES) {
    issues.push({ severity: 'error', code: 'too_many_figures', path: '', message: `at most ${MAX_FIGURES} figures per claim` });
    return { figures: [], issues };
  }
  const figures = input.map((item, i) => checkFigure(item, `[${i}]`, 0, issues));
  return { figures, issues };
}

function checkFigure(input: unknown, path: string, depth: number, issues: FigureIssue[]): Figure {
  const error = (code: string, at: string, message: string) => issues.push({ severity: 'error', code, path: at, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    error('invalid_figure', path, 'a figure must be an object');
    return {};
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!FIGURE_KEYS.has(key)) error('unknown_field', `${path}.${key}`, `unknown figure field "${key}"`);
  const figure: Figure = {};
  for (const key of ['label', 'unit'] as const) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] !== 'string' || raw[key].length > 200) error('invalid_figure', `${path}.${key}`, `${key} must be text of at most 200 characters`);
    else figure[key] = raw[key];
  }
  for (const key of ['value', 'min', 'max'] as const) {
    if (raw[key] === undefined) continue;
    if (!isCount(raw[key])) error('invalid_number', `${path}.${key}`, `${key} must be a non-negative number`);
    else figure[key] = raw[key];
  }
  if (raw.qualifier !== undefined) {
    if (!figureQualifiers.includes(raw.qualifier as FigureQualifier)) {
      error('invalid_qualifier', `${path}.qualifier`, `qualifier must be one of ${figureQualifiers.join(', ')}`);
    } else figure.qualifier = raw.qualifier as FigureQualifier;
  }
  const hasValue = figure.value !== undefined;
  const hasRange = figure.min !== undefined || figure.max !== undefined;
  if (hasValue && hasRange) error('value_and_range', path, 'a figure has either a value or a range (min, max), not both');
  if (!hasValue && !hasRange && raw.value === undefined && raw.min === undefined && raw.max === undefined) {
    error('no_number', path, 'a figure needs a value or a range');
  }
  if (figure.min !== undefined && figure.max !== undefined && figure.min > figure.max) {
    error('inverted_range', path, `the range runs backwards (${figure.min} > ${figure.max})`);
  }
  if (figure.qualifier && !hasValue) error('qualifier_without_value', `${path}.qualifier`, 'a qualifier applies to a value, not a range');

  if (raw.breakdown !== undefined) {
    const b = raw.breakdown as Record<string, unknown> | null;
    if (depth >= MAX_DEPTH) error('too_deep', `${path}.breakdown`, `breakdowns nest at most ${MAX_DEPTH} deep`);
    else if (typeof b !== 'object' || b === null || (b.mode !== 'complete' && b.mode !== 'partial') || !Array.isArray(b.parts)) {
      error('invalid_breakdown', `${path}.breakdown`, 'a breakdown is {"mode": "complete" | "partial", "parts": [figures]}');
    } else if (b.parts.length === 0 || b.parts.length > MAX_PARTS) {
      error('invalid_breakdown', `${path}.breakdown.parts`, `a breakdown has 1 to ${MAX_PARTS} parts`);
    } else {
      const parts = b.parts.map((part, i) => checkFigure(part, `${path}.breakdown.parts[${i}]`, depth + 1, issues));
      figure.breakdown = { mode: b.mode, parts };
      checkSum(figure, path, issues);
    }
  }
  return figure;
}

/** The number a figure stands for when adding up a breakdown: its value, or null when it is a range. */
const pointOf = (f: Figure): number | null => (f.value !== undefined ? f.value : null);

function checkSum(figure: Figure, path: string, issues: FigureIssue[]): void {
  const total = pointOf(figure);
  const parts = figure.breakdown!.parts.map(pointOf);
  if (total === null || parts.some((p) => p === null)) return;
  const sum = (parts as number[]).reduce((a, b) => a + b, 0);
  const { mode } = figure.breakdown!;
  // "At least N" with a complete breakdown summing above N is consistent; "more than", "about" likewise are bounds.
  const exact = figure.qualifier === undefined || figure.qualifier === 'exact';
  if (mode === 'complete' && exact && sum !== total) {
    issues.push({
      severity: 'warning',
      code: 'breakdown_mismatch',
      path: `${path}.breakdown`,
      message: `the breakdown adds up to ${sum}, not the stated ${total}; kept as the source gives it`,
    });
  }
  if (mode === 'partial' && (figure.qualifier === undefined || figure.qualifier === 'exact' || figure.qualifier === 'at-most') && sum > total) {
    issues.push({
      severity: 'warning',
      code: 'breakdown_exceeds_total',
      path: `${path}.breakdown`,
      message: `the parts add up to ${sum}, more than the stated ${total}; kept as the source gives it (the parts may overlap)`,
    });
  }
}

const QUALIFIER_WORDS: Record<FigureQualifier, string> = {
  exact: '',
  about: 'about ',
  'at-least': 'at least ',
  'more-than': 'more than ',
  'at-most': 'at most ',
  'up-to': 'up to ',
};

/** A plain English rendering, for the command line and attribution strings (the web app renders its own). */
export function formatFigure(f: Figure): string {
  const number =
    f.value !== undefined
      ? `${QUALIFIER_WORDS[f.qualifier ?? 'exact']}${f.value}`
      : f.min !== undefined && f.max !== undefined
        ? `${f.min}–${f.max}`
        : f.min !== undefined
          ? `${f.min} or more`
          : `up to ${f.max}`;
  const head = [number, f.unit, f.label].filter(Boolean).join(' ');
  if (!f.breakdown) return head;
  const parts = f.breakdown.parts.map(formatFigure).join('; ');
  return `${head} (${f.breakdown.mode === 'partial' ? 'incl. ' : ''}${parts})`;
}

/** The interval a figure allows, for charts: at least → [v, ∞) is drawn open-ended by the caller. */
export function figureInterval(f: Figure): { low: number; high: number | null; point: number | null } {
  if (f.value !== undefined) {
    switch (f.qualifier ?? 'exact') {
      case 'at-least':
      case 'more-than':
        return { low: f.value, high: null, point: null };
      case 'at-most':
      case 'up-to':
        return { low: 0, high: f.value, point: null };
      default:
        return { low: f.value, high: f.value, point: f.value };
    }
  }
  return { low: f.min ?? 0, high: f.max ?? null, point: null };
}
