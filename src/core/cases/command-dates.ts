import { dateBounds, isPartialDate } from '../registry/dates.ts';
import type { Certainty } from './command-types.ts';

/**
 * Dates of command relations. A partial date stands for every day it may mean ("1992-02" = 1 to 29 February), so a
 * relation starting "1992-02" certainly holds from 29 February and possibly from 1 February. An open side (null)
 * is unknown: the relation possibly holds there, never certainly.
 */
export interface Span {
  /** Earliest and latest day the relation may hold ('' and '9999-12-31' stand for an open side). */
  first: string;
  last: string;
  /** The days it certainly holds, or null when no day is certain. */
  certainFirst: string | null;
  certainLast: string | null;
}

const OPEN_START = '0000-01-01';
const OPEN_END = '9999-12-31';

export function relationSpan(start: string | null, end: string | null): Span {
  const s = start ? dateBounds(start) : null;
  const e = end ? dateBounds(end) : null;
  const certainFirst = s ? s.last : null;
  const certainLast = e ? e.first : null;
  const certain = certainFirst !== null && certainLast !== null && certainFirst <= certainLast;
  return {
    first: s ? s.first : OPEN_START,
    last: e ? e.last : OPEN_END,
    certainFirst: certain ? certainFirst : null,
    certainLast: certain ? certainLast : null,
  };
}

/** A relation that ends before it can have started: its latest end day lies before its earliest start day. */
export function endsBeforeStart(start: string | null, end: string | null): boolean {
  if (!start || !end) return false;
  return dateBounds(end).last < dateBounds(start).first;
}

/** A window asked about: one partial date, or a range of them (an incident's "25–26 February 1992"). */
export interface DateWindow {
  first: string;
  last: string;
}

export function windowOf(from: string, to?: string | null): DateWindow {
  return { first: dateBounds(from).first, last: dateBounds(to ?? from).last };
}

export function isWindowDate(text: string): boolean {
  return isPartialDate(text);
}

/**
 * Whether a relation held during a window: `certain` when the days it certainly held cover the whole window,
 * `possible` when it may have held on some day of it, null when it cannot have.
 */
export function heldDuring(span: Span, window: DateWindow): Certainty | null {
  if (span.last < window.first || span.first > window.last) return null;
  if (span.certainFirst !== null && span.certainLast !== null && span.certainFirst <= window.first && window.last <= span.certainLast) return 'certain';
  return 'possible';
}
