/**
 * A consonant-skeleton key for comparable (romanised, folded) name tokens.
 *
 * Why not Soundex or Double Metaphone: both are tuned to English spelling (silent letters, gh/ph, c before e/i)
 * and treat the digraphs that BGN/PCGN romanisation produces (kh, zh, ts, dz, gh, shch) as two sounds. The names
 * here differ across sources mostly in vowels (Məmmədov/Mamedov, Hovhannisyan/Ovanesyan), in h (dropped or
 * rendered g in Russian), in voicing at the ends of words, and in doubled letters. So the key keeps the first
 * sound class, then consonant classes in order with vowels, h and y dropped, repeats collapsed, in the spirit
 * of Daitch–Mokotoff's sound classes (Mokotoff 1985) but with classes chosen for these romanisations:
 *
 *   P: b p     F: v f w     K: g k q c x kh gh     T: d t     S: s z ts dz     X: sh shch     C: ch     J: j zh
 *   L: l       M: m         N: n                   R: r
 *
 * A leading vowel is kept as its class, `A` (a, e), `I` (i, y) or `U` (o, u), so that Ali and Li stay apart, and
 * so that Həsən (Гасан) and Hüseyn (Гусейн) do, once their h or г has been dropped (see below).
 *
 * h and the soft gutturals g, gh, kh stand for one another across the conventions of the region, and so does
 * nothing at all: the Soviet-era Russian rendering of Azerbaijani names writes h as г or х (Həsən → Гасан, Hüseyn →
 * Гусейн, Hacıyev → Гаджиев, Əhməd → Ахмед, İbrahim → Ибрагим), English press lists romanise that Russian (Gasanov,
 * Khasanov, Gadzhiev), and Russian drops the Armenian հ (Հակոբյան → Акопян, Hovhannes → Ованес). So the key keeps
 * a guttural only where every rendering keeps a consonant: before another consonant (Ahmad = Akhmed = AKMT).
 * Before a vowel it is dropped (Həsənov = Гасанов = Khasanov = ASNF, Ibrahim = Ибрагим = APRM, Fərhad = Фархад =
 * FRT, Hakobyan = Akopyan = AKPN), except a g after a consonant, which is a stop in every rendering (Əsgəran =
 * Аскеран = ASKRN). k and q are kept where every convention writes a stop, except at the start of a word before a
 * vowel, where Azerbaijani q is г or к in Russian (Quliyev = Гулиев = Кулиев = ULF).
 */
const DIGRAPHS: Array<[string, string]> = [
  ['shch', 'X'],
  ['sh', 'X'],
  ['ch', 'C'],
  ['zh', 'J'],
  ['kh', 'K'],
  ['gh', 'K'],
  ['ts', 'S'],
  ['dz', 'S'],
  ['ph', 'F'],
  ['th', 'T'],
];

const SINGLE: Record<string, string> = {
  b: 'P', p: 'P', v: 'F', f: 'F', w: 'F', g: 'K', k: 'K', q: 'K', c: 'K', x: 'K', d: 'T', t: 'T', s: 'S', z: 'S',
  j: 'J', l: 'L', m: 'M', n: 'N', r: 'R',
};

const MAX_KEY_LENGTH = 6;

const VOWEL = /[aeiouy]/;

/** Length of a soft guttural (h, g, gh, kh, x) at position i, 0 when there is none. */
function softGuttural(token: string, i: number): number {
  const c = token[i];
  if ((c === 'k' || c === 'g') && token[i + 1] === 'h') return 2;
  return c === 'h' || c === 'g' || c === 'x' ? 1 : 0;
}

/**
 * The class of a leading vowel: open a/e (Azerbaijani ə is а or е in Russian), close front i/y, rounded o/u
 * (ü is ю or у, ö is ё or о). A y before a vowel is the Russian я/ю/ё and takes that vowel's class.
 */
function vowelClass(token: string, at: number): string {
  const v = token[at] === 'y' && VOWEL.test(token[at + 1] ?? '') ? token[at + 1] : token[at];
  return v === 'a' || v === 'e' ? 'A' : v === 'o' || v === 'u' ? 'U' : 'I';
}

export function phoneticToken(token: string): string {
  if (token.length === 0) return '';
  let key = '';
  let i = 0;
  // Azerbaijani q at the start of a name is г or к in Russian (Quliyev = Гулиев = Кулиев, Qasımov = Гасымов =
  // Касумов; Russian Wikipedia, "Азербайджанско-русская практическая транскрипция"), and г there is dropped like h:
  // so a leading k or q before a vowel is dropped too, or Кулиев and Гулиев would never share a key
  const lead = softGuttural(token, 0) || ((token[0] === 'k' || token[0] === 'q') && VOWEL.test(token[1] ?? '') ? 1 : 0);
  if (VOWEL.test(token[lead] ?? '')) {
    key = vowelClass(token, lead);
    i = lead;
  }
  let last = '';
  while (i < token.length && key.length < MAX_KEY_LENGTH) {
    const guttural = softGuttural(token, i);
    if (guttural > 0) {
      const after = token[i + guttural];
      const before = token[i - 1];
      // a g after a consonant is a stop every convention writes (Əsgəran = Аскеран); h and kh there are not
      const weak = after === undefined ? token[i] === 'h' : VOWEL.test(after) && (before === undefined || VOWEL.test(before) || token[i] !== 'g');
      if (weak) {
        i += guttural;
        continue;
      }
      if (last !== 'K') key += 'K';
      last = 'K';
      i += guttural;
      continue;
    }
    // a p between m and s or t is a glide English spelling writes or leaves out in one surname (Thompson and
    // Thomson, Sampson and Samson, Simpson and Simson: one name in surname dictionaries and in the indexes of
    // registers before spelling settled)
    if (token[i] === 'p' && token[i - 1] === 'm' && (token[i + 1] === 's' || token[i + 1] === 't')) {
      i++;
      continue;
    }
    let cls = '';
    let step = 1;
    for (const [digraph, c] of DIGRAPHS) {
      if (token.startsWith(digraph, i)) {
        cls = c;
        step = digraph.length;
        break;
      }
    }
    if (!cls) cls = SINGLE[token[i]] ?? '';
    if (cls && cls !== last) key += cls;
    // a vowel between two identical consonants keeps them apart (Mamed has M-M), h and y do not
    last = cls || (/[aeiou]/.test(token[i]) ? '' : last);
    i += step;
  }
  return key;
}

/** The phonetic key of a comparable name: the keys of its tokens, in order, space-separated. */
export function phoneticKey(comparable: string): string {
  return comparable
    .split(' ')
    .filter((t) => t.length > 0)
    .map(phoneticToken)
    .join(' ');
}
