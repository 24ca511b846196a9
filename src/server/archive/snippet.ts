import { comparableWord } from './search-spellings.ts';

/** A piece of a snippet: text as it stands in the source, `match` when the search matched it. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** Words shown before the first match and in all. */
const BEFORE = 8;
const WORDS = 30;
/** How far into a text the comparable (romanised) forms are compared when no word matches as written. */
const COMPARABLE_SCAN = 20_000;
/** Query words looked for at most (a pasted paragraph is not a query). */
const QUERY_WORDS = 12;

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
// websearch_to_tsquery's own words: "or" between alternatives, a leading minus for a word left out.
const OPERATORS = new Set(['or']);

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Characters kept before the first and after the last word of a text shown whole. */
const EDGE = 40;
/** Longest run without a space shown (a 300,000-character "word" from a broken extraction would fill the list). */
const MAX_RUN = 60;
const LONG_RUN = new RegExp(`\\S{${MAX_RUN + 1},}`, 'gu');

const fold = (word: string) => word.normalize('NFKC').toLocaleLowerCase();

/**
 * What a query word matches as written: the word itself, or, for a long word, its first letters (the stemmers the
 * index uses cut endings: "harbours" is found in "harbour", "свидетелей" in "свидетель"). A word preceded by a minus
 * is excluded by the search, so it is never highlighted.
 */
function queryWords(q: string): Array<{ word: string; prefix: string; form: string | null }> {
  const words: Array<{ word: string; prefix: string; form: string | null }> = [];
  for (const match of q.matchAll(/(-?)("?)([^\s"]+)/gu)) {
    if (match[1] === '-') continue;
    for (const raw of match[3].match(WORD) ?? []) {
      const word = fold(raw);
      if (OPERATORS.has(word) || word.length < 2) continue;
      const prefix = word.length > 5 ? word.slice(0, word.length - 2) : word;
      words.push({ word, prefix, form: comparableWord(word) });
    }
  }
  return words.slice(0, QUERY_WORDS);
}

interface Token {
  start: number;
  end: number;
  match: boolean;
}

function tokens(text: string, words: ReturnType<typeof queryWords>, comparable: boolean, stemmed: ReadonlySet<string>): Token[] {
  const out: Token[] = [];
  const forms = new Set(words.map((w) => w.form).filter((f): f is string => f !== null));
  for (const m of text.matchAll(WORD)) {
    const word = fold(m[0]);
    let match = words.some((w) => word.startsWith(w.prefix)) || stemmed.has(word);
    if (!match && comparable && m.index < COMPARABLE_SCAN) {
      const form = comparableWord(word);
      match = form !== null && forms.has(form);
    }
    out.push({ start: m.index, end: m.index + m[0].length, match });
  }
  return out;
}

/** Distinct words the stemmer is asked about at most, for one page of results. */
export const STEM_CANDIDATES = 5_000;

/**
 * The query's words the search looks for (not those it leaves out), as text for the stemmer: the database says which
 * words of the texts share a stem with them (searching "killed" finds "killing"), see stemCandidates.
 */
export function searchedWords(q: string): string {
  return queryWords(q)
    .map((w) => w.word)
    .join(' ');
}

/**
 * The distinct words of the given texts (within the part a snippet is cut from) that none of the query's words or
 * prefixes matches as written: the ones to ask the stemmer about, at most `max`, first in text order.
 */
export function stemCandidates(q: string, texts: readonly string[], into: Set<string>, max = STEM_CANDIDATES): void {
  const words = queryWords(q);
  if (!words.length) return;
  for (const text of texts) {
    if (!text) continue;
    for (const m of text.slice(0, COMPARABLE_SCAN).matchAll(WORD)) {
      if (into.size >= max) return;
      const word = fold(m[0]);
      if (word.length > 1 && !words.some((w) => word.startsWith(w.prefix))) into.add(word);
    }
  }
}

/**
 * A few words around the first place the search matched in the given texts, in the order given, with every match
 * inside the window marked; null when none of the texts holds one (the match was in the title, or reached only
 * through a spelling the dictionary supplied). A match is a searched word or its first letters as written, a word the
 * caller found to share a stem with one (`stemmed`, folded), or else a word of the same comparable (romanised) form.
 * The caller passes only texts the reader may read: this function decides where to cut, never what may be shown.
 */
export function snippetOf(q: string, texts: readonly string[], stemmed: ReadonlySet<string> = new Set()): SnippetPart[] | null {
  const words = queryWords(q);
  if (!words.length) return null;
  for (const comparable of [false, true]) {
    for (const text of texts) {
      if (!text) continue;
      const list = tokens(text, words, comparable, stemmed);
      const first = list.findIndex((tok) => tok.match);
      if (first < 0) continue;
      const from = Math.max(0, first - BEFORE);
      const to = Math.min(list.length, from + WORDS);
      return partsOf(text, list.slice(from, to), from > 0, to < list.length);
    }
  }
  return null;
}

function partsOf(text: string, window: Token[], cutBefore: boolean, cutAfter: boolean): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (value: string, match: boolean) => {
    // Line breaks and runs of spaces from extracted text read as one space in a list; control characters and
    // halves of surrogate pairs (from a damaged file) are dropped or replaced, and an endless "word" is cut.
    const clean = value
      .replace(CONTROL, '')
      .replace(LONE_SURROGATE, '\ufffd')
      .replace(/\s+/gu, ' ')
      .replace(LONG_RUN, (run) => `${run.slice(0, MAX_RUN)}…`);
    if (!clean) return;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += clean;
    else parts.push({ text: clean, match });
  };
  // Uncut ends keep their punctuation ("<" before a tag, the full stop after the last word), a little of it at most.
  if (cutBefore) push('… ', false);
  else push(text.slice(Math.max(0, window[0].start - EDGE), window[0].start).trimStart(), false);
  let at = window[0].start;
  for (const tok of window) {
    push(text.slice(at, tok.start), false);
    push(text.slice(tok.start, tok.end), tok.match);
    at = tok.end;
  }
  if (cutAfter) push(' …', false);
  else push(text.slice(at, at + EDGE).trimEnd(), false);
  return parts;
}
