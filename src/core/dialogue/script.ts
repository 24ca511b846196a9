/**
 * Does a text look written in the script its language is written in? Used to refuse a translation into Armenian
 * typed in Cyrillic, or a machine translation that came back in the source language. Only the letters count
 * (digits, punctuation and spaces are shared by every script), and only for languages whose script is known here;
 * any other tag passes. A text is in the expected script when at least half its letters are.
 */
const SCRIPTS: Record<string, RegExp> = {
  Latn: /\p{Script=Latin}/u,
  Cyrl: /\p{Script=Cyrillic}/u,
  Armn: /\p{Script=Armenian}/u,
  Geor: /\p{Script=Georgian}/u,
  Arab: /\p{Script=Arabic}/u,
};

/** The script each language is written in; Azerbaijani in Reckon is written in the Latin alphabet. */
const SCRIPT_OF: Record<string, keyof typeof SCRIPTS> = {
  en: 'Latn',
  az: 'Latn',
  tr: 'Latn',
  fr: 'Latn',
  de: 'Latn',
  es: 'Latn',
  ru: 'Cyrl',
  uk: 'Cyrl',
  hy: 'Armn',
  ka: 'Geor',
  fa: 'Arab',
  ar: 'Arab',
};

/** The script a language tag asks for: an explicit script subtag (`az-Cyrl`) wins over the language's usual one. */
export function expectedScript(tag: string): string | null {
  const parts = tag.split('-');
  const explicit = parts.slice(1).find((p) => /^[A-Za-z]{4}$/.test(p));
  if (explicit) {
    const name = explicit[0].toUpperCase() + explicit.slice(1).toLowerCase();
    return name in SCRIPTS ? name : null;
  }
  return SCRIPT_OF[parts[0].toLowerCase()] ?? null;
}

export function fitsScript(text: string, tag: string): boolean {
  const script = expectedScript(tag);
  if (!script) return true;
  const pattern = SCRIPTS[script];
  let letters = 0;
  let inScript = 0;
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    letters += 1;
    if (pattern.test(ch)) inScript += 1;
  }
  // a text without letters (a number, an emoji) says nothing about its script
  return letters === 0 || inScript * 2 >= letters;
}
