import { normaliseName, phoneticToken } from '../../core/names/index.ts';

/**
 * Words of an item's text in the comparable form of the names machinery (src/core/names), so that one name or
 * place written in Azerbaijani Latin, Russian Cyrillic, Armenian or an English romanisation meets its other
 * spellings in the archive search as it does in the casualty name search: Əliyev, Алиев and Aliyev all give
 * `aliev`. Each word is romanised alone: a single Azerbaijani letter elsewhere in a long text must not change how
 * the other words are read (normaliseName reads a whole name by its Azerbaijani letters).
 */

/** Shortest and longest comparable form kept (the spelling dictionary's check constraint is 3–100). */
const MIN_FORM = 3;
const MAX_FORM = 100;
/** Distinct words taken from one document: a bound on the vector and on the dictionary insert of a huge text. */
export const MAX_SPELLINGS = 50_000;

/** The prefix of the comparable-form lexemes; "=" never survives the text parser, so no typed word reaches them. */
const PREFIX = 'r=';

/** A word: letters and marks, with the hyphens and apostrophes the romanisation joins (Ter-Petrosyan, O'Neil). */
const WORD = /[\p{L}\p{M}](?:[\p{L}\p{M}'’ʼ‐‑-]*[\p{L}\p{M}])?/gu;

export interface Spelling {
  /** The comparable form (lower-case ASCII letters). */
  form: string;
  /** Its consonant-class key (phoneticToken), for finding spellings that differ in vowels and h/gh. */
  sound: string;
  /** Whether some word was written differently from its form, so the form needs a lexeme of its own. */
  differs: boolean;
}

/** The comparable form of one word, or null when too short, too long or without letters left. */
export function comparableWord(word: string): string | null {
  const form = normaliseName(word);
  if (form.length < MIN_FORM || form.length > MAX_FORM || !/^[a-z]+$/.test(form)) return null;
  return form;
}

/** The distinct comparable forms of the words of a text, in order of first appearance, at most `limit`. */
export function spellingsOf(text: string, limit = MAX_SPELLINGS): Map<string, Spelling> {
  const found = new Map<string, Spelling>();
  const seen = new Set<string>();
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (seen.has(word)) continue;
    seen.add(word);
    const form = comparableWord(word);
    if (!form) continue;
    const known = found.get(form);
    const differs = word !== form;
    if (known) {
      known.differs ||= differs;
      continue;
    }
    if (found.size >= limit) break;
    found.set(form, { form, sound: phoneticToken(form), differs });
  }
  return found;
}

/**
 * The lexemes a search document carries for these spellings: `r=<form>` for every form some word was written
 * differently from; a form written as it is already has its plain lexeme from the `simple` configuration, and the
 * query asks for both.
 */
export function spellingLexemes(spellings: Iterable<Spelling>): string[] {
  const out: string[] = [];
  for (const s of spellings) if (s.differs) out.push(PREFIX + s.form);
  return out;
}

/** tsquery text matching a comparable form in a search document: its `r=` lexeme or the word as written. */
export function formQuery(form: string): string {
  // Forms are lower-case ASCII letters only (comparableWord), so nothing needs escaping; checked to be sure.
  if (!/^[a-z]+$/.test(form)) throw new Error('not a comparable form');
  return `('${PREFIX}${form}' | '${form}')`;
}
