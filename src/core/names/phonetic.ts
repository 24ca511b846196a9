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
 * A leading vowel (or h followed by a vowel) is kept as `A` so that Ali and Li stay apart.
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

export function phoneticToken(token: string): string {
  if (token.length === 0) return '';
  let key = '';
  let i = 0;
  const startsWithVowel = /^h?[aeiouy]/.test(token);
  if (startsWithVowel) key = 'A';
  let last = '';
  while (i < token.length && key.length < MAX_KEY_LENGTH) {
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
