import { personalNameOf } from '../linkage/historical-names.ts';
import { normaliseName, parseFullName } from '../names/normalise.ts';

/**
 * A person's whole name read into the parts linkage and import compare: given, family and patronymic (normalised,
 * as the names module writes them). Shared by `reckon link`, which fills empty split-name cells of a row from its
 * whole-name column, and by the casualty importer of the server, which can do the same for its rows.
 */
export interface NameParts {
  given: string;
  family: string;
  patronymic: string;
}

/** "Family, Given [Patronymic]": exactly one comma with letters on both sides, the order of indexes and registers. */
const FAMILY_COMMA = /^([^,]*\p{L}[^,]*),([^,]*\p{L}[^,]*)$/u;
const LETTER = /\p{L}/u;

export const hasLetter = (text: string | undefined | null): text is string => typeof text === 'string' && LETTER.test(text);

/**
 * "Family, Given" rewritten "Given Family", the order the name parser assumes when no surname ending shows which
 * word is the family name; null when the text is not of that form (no comma, several commas, a side without letters).
 */
export function givenFirst(whole: string): string | null {
  if (whole.indexOf(',') < 0) return null;
  const comma = FAMILY_COMMA.exec(whole);
  return comma ? `${comma[2].trim()} ${comma[1].trim()}` : null;
}

/**
 * The parts of a whole name. With one comma the part before it is the family name ("Marshall, Thomas",
 * "Алиев, Рашид Фамиль оглы"); otherwise the name parser decides by surname endings and patronymic markers.
 * Titles and styles are taken off first.
 */
export function wholeNameParts(written: string): NameParts {
  // titles, styles and territorial designations are not part of the name ("Thomas Clifford, 1st Baron Clifford of
  // Chudleigh" is Thomas Clifford; see linkage/historical-names.ts)
  const whole = personalNameOf(written);
  const comma = whole.indexOf(',') >= 0 ? FAMILY_COMMA.exec(whole) : null;
  if (comma) {
    const rest = parseFullName(comma[2], { order: 'given-first' });
    return { given: [rest.given, rest.family].filter(Boolean).join(' '), family: normaliseName(comma[1]), patronymic: rest.patronymic };
  }
  const parsed = parseFullName(whole);
  return { given: parsed.given, family: parsed.family, patronymic: parsed.patronymic };
}

/**
 * Split-name cells of one row with the empty ones filled from the first whole name that has a letter. Cells that
 * hold a letter are kept as they are; `filled` tells whether any cell was taken from the whole name.
 */
export function fillNameParts(parts: Partial<NameParts>, wholeNames: ReadonlyArray<string | undefined | null>): NameParts & { filled: boolean } {
  const out = { given: parts.given ?? '', family: parts.family ?? '', patronymic: parts.patronymic ?? '', filled: false };
  if (hasLetter(out.given) && hasLetter(out.family) && hasLetter(out.patronymic)) return out;
  const whole = wholeNames.find(hasLetter);
  if (whole === undefined) return out;
  const parsed = wholeNameParts(whole);
  for (const part of ['given', 'family', 'patronymic'] as const) {
    if (hasLetter(out[part]) || !parsed[part]) continue;
    out[part] = parsed[part];
    out.filled = true;
  }
  return out;
}
