import { unstorableText } from '../text/storable.ts';

/** Text checks shared by every field: what is refused outright, and what is stored as text but reported. */

// C0 controls other than tab, newline and carriage return, DEL, C1 controls, and the Unicode bidirectional overrides
// that can make a stored text read differently from what it contains.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const MARKUP = /<\s*\/?\s*[a-z!][^>]*>|javascript:|\bon[a-z]+\s*=/i;

export function forbiddenCharacter(text: string): string | null {
  // A surrogate half without its partner is not Unicode text at all and cannot be stored (see core/text/storable.ts).
  const unstorable = unstorableText(text);
  if (unstorable?.problem === 'lone_surrogate') {
    const half = [...text].find((c) => c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff)!;
    return `U+${half.charCodeAt(0).toString(16).toUpperCase()} (a lone surrogate)`;
  }
  const match = FORBIDDEN.exec(text);
  return match ? `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** Markup or script is never interpreted (the web app renders text), but an importer should know it is there. */
export function looksLikeMarkup(text: string): boolean {
  return MARKUP.test(text);
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const WIKIDATA_PATTERN = /^Q[1-9][0-9]{0,11}$/;

export const MAX_TEXT = 10_000;
export const MAX_SHORT_TEXT = 1_000;
