/**
 * The personal name inside a historical person's name as biographical indexes and encyclopaedias write it, for the
 * name parser: titles, styles and territorial designations taken off, so that "Thomas Clifford, 1st Baron Clifford
 * of Chudleigh" reads as given name Thomas and family name Clifford instead of a family name "Thomas Clifford" and a
 * given name "1st Baron Clifford of". Conventions followed:
 *
 * - a peer or baronet is titled "Personal name, ordinal Title of Place" (Wikipedia's naming conventions for
 *   royalty and nobility, which Wikidata labels and the biographical collections derived from them follow): a
 *   comma followed by an ordinal (1st, 2nd, 3rd, 10th) or a title word begins the title, which is dropped;
 * - monarchs and popes are "Name Regnal-number of Realm" (Henry VIII of England, George II of Great Britain), and
 *   medieval persons are known by a territorial or locative designation ("Thomas of Woodstock", "John of Gaunt"):
 *   a regnal number (a Roman numeral of two letters or more) and an "of …" designation end the personal name;
 * - styles and honorifics before the name (Sir, Dame, Lord, Lady, the Reverend, Dr, Captain, Saint; граф, князь)
 *   and post-nominal suffixes after a comma (Jr., Sr., Esq., Bt) are not part of it.
 *
 * A name with none of these comes back unchanged, and so does one that would lose every word. Only whole words in
 * these forms are touched: "Sirius", "Ofelia", "Lord" as a surname after a given name, and particles of surnames
 * (de, van, von, ibn, oğlu) are kept.
 */

const TITLE_WORDS = [
  'baron', 'baroness', 'baronet', 'bt', 'bart', 'earl', 'countess', 'count', 'duke', 'duchess', 'marquess', 'marquis',
  'marchioness', 'viscount', 'viscountess', 'lord', 'lady', 'prince', 'princess', 'king', 'queen', 'emperor',
  'empress', 'bishop', 'archbishop', 'cardinal', 'pope', 'sir', 'dame', 'knight', 'saint', 'st', 'jr', 'jnr', 'sr',
  'snr', 'esq', 'esquire', 'mp', 'kg', 'kb', 'frs', 'граф', 'графиня', 'князь', 'княгиня', 'барон', 'баронесса',
];
const STYLE_WORDS = [
  'sir', 'dame', 'lord', 'lady', 'the', 'rev', 'revd', 'reverend', 'dr', 'doctor', 'mr', 'mrs', 'miss', 'ms', 'hon',
  'honourable', 'right', 'rt', 'capt', 'captain', 'col', 'colonel', 'gen', 'general', 'major', 'lt', 'lieutenant',
  'adm', 'admiral', 'saint', 'граф', 'графиня', 'князь', 'княгиня', 'барон', 'баронесса',
];
const TITLE = new Set(TITLE_WORDS);
const STYLE = new Set(STYLE_WORDS);
const ORDINAL = /^\d+(?:st|nd|rd|th|[-.]?[ыиоа]?[йя]?)?$/iu;
const ROMAN = /^(?=[ivxlc]{2,}$)c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/i;
const OF = new Set(['of', 'из']);

/** The word after a comma (sticky at the comma). */
const WORD_AFTER = /\s*(\S*)/y;
/** Longer text is no one's name: returned as it is, without the word-by-word reading below. */
const MAX_NAME_LENGTH = 500;

const bare = (word: string) => word.toLowerCase().replace(/[.,;:()]/g, '');

/** The personal name of a titled or styled whole name; the name itself when it carries no title. */
export function personalNameOf(whole: string): string {
  if (whole.length > MAX_NAME_LENGTH || !/\p{L}/u.test(whole)) return whole;
  let text = whole;
  // "Personal name, 1st Baron X of Y" / "Name, Jr." / "Name, Bt": the comma begins a title, not a given name
  for (let comma = text.indexOf(','); comma > 0; comma = text.indexOf(',', comma + 1)) {
    WORD_AFTER.lastIndex = comma + 1;
    const first = bare(WORD_AFTER.exec(text)?.[1] ?? '');
    if (ORDINAL.test(first) || TITLE.has(first) || ROMAN.test(first)) {
      text = text.slice(0, comma);
      break;
    }
  }
  const words = text.trim().split(/\s+/);
  // styles before the name, while a name is left after them ("Lord, John" is the family name Lord)
  let start = 0;
  while (start < words.length - 1 && !words[start].endsWith(',') && STYLE.has(bare(words[start]))) start++;
  // a regnal number, an ordinal title or an "of …" designation ends the personal name (never its first word)
  let end = words.length;
  for (let k = start + 1; k < words.length; k++) {
    const w = bare(words[k]);
    if (ROMAN.test(w) || ORDINAL.test(w) || OF.has(w) || (TITLE.has(w) && k + 1 < words.length && (OF.has(bare(words[k + 1])) || ORDINAL.test(bare(words[k - 1]))))) {
      end = k;
      break;
    }
  }
  if (start === 0 && end === words.length && text === whole) return whole;
  const kept = words.slice(start, end).join(' ').replace(/[,;:]+$/, '').trim();
  return /\p{L}/u.test(kept) ? kept : whole;
}
