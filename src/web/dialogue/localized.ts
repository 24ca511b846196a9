import type { Localized } from './api.ts';

/** The interface languages, in the order a facilitator fills them in; other tags are kept as they come. */
export const CONTENT_LANGUAGES = ['en', 'az', 'hy', 'ru'] as const;

/** The BCP 47 tag for a `lang` attribute: Azerbaijani in Reckon's interface is written in the Latin alphabet. */
export function langAttribute(tag: string): string {
  return tag === 'az' ? 'az-Latn' : tag;
}

/**
 * Picks the text to show a reader of `locale` from text kept in several languages: their language, else one with
 * the same primary subtag (`az-Latn` for `az`), else English, else whatever there is. Returns the tag too, so the
 * element can carry the right `lang` (screen readers and fonts depend on it).
 */
export function pick(text: Localized | undefined, locale: string): { text: string; lang: string } {
  const entries = Object.entries(text ?? {}).filter(([, value]) => value.trim() !== '');
  if (entries.length === 0) return { text: '', lang: locale };
  const primary = (tag: string) => tag.toLowerCase().split('-')[0];
  const found =
    entries.find(([tag]) => tag === locale) ??
    entries.find(([tag]) => primary(tag) === primary(locale)) ??
    entries.find(([tag]) => primary(tag) === 'en') ??
    entries[0];
  return { text: found[1], lang: langAttribute(found[0]) };
}

/**
 * A statement in the reader's language: a person's translation first, else a machine translation (which the page
 * must label as such), else as written. `translated` and `machine` say which, so the page can offer the original.
 */
export function statementText(
  statement: { text: string; language: string; translations?: Localized; machineTranslations?: Localized },
  locale: string,
): { text: string; lang: string; translated: boolean; machine: boolean } {
  const primary = (tag: string) => tag.toLowerCase().split('-')[0];
  if (primary(statement.language) === primary(locale)) return { text: statement.text, lang: langAttribute(statement.language), translated: false, machine: false };
  const find = (texts: Localized | undefined) => Object.entries(texts ?? {}).find(([tag, value]) => primary(tag) === primary(locale) && value.trim() !== '');
  const human = find(statement.translations);
  if (human) return { text: human[1], lang: langAttribute(human[0]), translated: true, machine: false };
  const machine = find(statement.machineTranslations);
  if (machine) return { text: machine[1], lang: langAttribute(machine[0]), translated: true, machine: true };
  return { text: statement.text, lang: langAttribute(statement.language), translated: false, machine: false };
}

/** Drops languages left empty in a form, so the server gets only what was written. */
export function compact(text: Localized): Localized {
  const out: Localized = {};
  for (const [tag, value] of Object.entries(text)) if (value.trim() !== '') out[tag] = value.trim();
  return out;
}
