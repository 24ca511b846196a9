/**
 * Script-to-Latin transliteration tables after the BGN/PCGN romanisations, modelled on the Unicode CLDR transforms
 * Russian-Latin-BGN, Azerbaijani-Latin-BGN (Azerbaijani Cyrillic to the Azerbaijani Latin alphabet) and
 * Armenian-Latin-BGN. The tables are written for this project; where BGN/PCGN uses apostrophes, dieresis or
 * digraph dots (t', ë, t·s) we keep only what survives diacritic stripping, because the output feeds comparison,
 * not publication.
 */

export type Script = 'latin' | 'cyrillic' | 'armenian' | 'other';

/** Russian Cyrillic, BGN/PCGN 1947. `е` and `ё` are handled by position in {@link cyrillicToLatin}. */
const RUSSIAN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian/Belarusian letters occasionally met in Soviet-era lists
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'w',
};

/**
 * Azerbaijani Cyrillic (1958-1991 orthography) to the Azerbaijani Latin alphabet, as CLDR Azerbaijani-Latin-BGN.
 * Note г = q, ҝ = g, х = x, ж = j, ҹ = c, ј = y: the same Cyrillic letters mean other sounds than in Russian, which
 * is why an Azerbaijani Cyrillic text must be recognised before it is transliterated.
 */
const AZERBAIJANI_CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'q', ғ: 'ğ', д: 'd', е: 'e', ә: 'ə', ж: 'j', з: 'z', и: 'i', ы: 'ı', ј: 'y',
  й: 'y', к: 'k', ҝ: 'g', л: 'l', м: 'm', н: 'n', о: 'o', ө: 'ö', п: 'p', р: 'r', с: 's', т: 't', у: 'u',
  ү: 'ü', ф: 'f', х: 'x', һ: 'h', ч: 'ç', ҹ: 'c', ш: 'ş', ъ: '', ь: '', э: 'e', ю: 'yu', я: 'ya', ё: 'yo',
};

/** Letters that occur in Azerbaijani Cyrillic and never in Russian. */
const AZERBAIJANI_CYRILLIC_MARKERS = /[әғҹҝһөүј]/u;

/** Armenian, BGN/PCGN 1981 (CLDR Armenian-Latin-BGN) without the apostrophes of aspirates. */
const ARMENIAN: Record<string, string> = {
  ա: 'a', բ: 'b', գ: 'g', դ: 'd', ե: 'e', զ: 'z', է: 'e', ը: 'y', թ: 't', ժ: 'zh', ի: 'i', լ: 'l', խ: 'kh',
  ծ: 'ts', կ: 'k', հ: 'h', ձ: 'dz', ղ: 'gh', ճ: 'ch', մ: 'm', յ: 'y', ն: 'n', շ: 'sh', ո: 'o', չ: 'ch', պ: 'p',
  ջ: 'j', ռ: 'r', ս: 's', վ: 'v', տ: 't', ր: 'r', ց: 'ts', ւ: 'v', փ: 'p', ք: 'k', օ: 'o', ֆ: 'f', և: 'ev',
};

const VOWELS_LATIN = /[aeiouyəıöü]/u;

function isLatinCode(cp: number): boolean {
  return (
    (cp >= 0x41 && cp <= 0x5a) ||
    (cp >= 0x61 && cp <= 0x7a) ||
    (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) ||
    (cp >= 0x250 && cp <= 0x2af) ||
    (cp >= 0x1e00 && cp <= 0x1eff)
  );
}

export function detectScript(text: string): Script {
  let latin = 0;
  let cyrillic = 0;
  let armenian = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    if (cp >= 0x0400 && cp <= 0x052f) cyrillic++;
    else if ((cp >= 0x0531 && cp <= 0x058f) || (cp >= 0xfb13 && cp <= 0xfb17)) armenian++;
    else if (isLatinCode(cp)) latin++;
  }
  if (armenian === 0 && cyrillic === 0 && latin === 0) return 'other';
  if (armenian >= cyrillic && armenian >= latin) return 'armenian';
  if (cyrillic >= latin) return 'cyrillic';
  return 'latin';
}

/** Whether a word starts after `prev` (BGN/PCGN rules depend on word-initial position). */
function startsWord(prev: string | undefined): boolean {
  return prev === undefined || !/[\p{L}\p{M}]/u.test(prev);
}

export function isAzerbaijaniCyrillic(text: string): boolean {
  return AZERBAIJANI_CYRILLIC_MARKERS.test(text.toLowerCase());
}

const CYRILLIC_VOWELS_AND_SIGNS = new Set([...'аеёиоуыэюяйъьәөү']);

function isCyrillicVowelOrSign(ch: string | undefined): boolean {
  return ch !== undefined && CYRILLIC_VOWELS_AND_SIGNS.has(ch);
}

/**
 * Russian BGN/PCGN: `е` is `ye` at the start of a word and after a vowel, й, ъ or ь, otherwise `e`; `ё` likewise
 * `yë`/`ë`, written here `yo`/`o` (as most English-language lists do) once the dieresis is gone. Azerbaijani
 * Cyrillic goes to the Azerbaijani Latin alphabet first (CLDR az-Cyrl → az-Latn) and is folded with the rest.
 */
export function cyrillicToLatin(text: string): string {
  const lower = text.toLowerCase();
  if (isAzerbaijaniCyrillic(lower)) return azerbaijaniCyrillicToLatin(lower);
  let out = '';
  const chars = [...lower];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const prev = chars[i - 1];
    const wordStart = startsWord(prev);
    if (ch === 'е') out += wordStart || isCyrillicVowelOrSign(prev) ? 'ye' : 'e';
    else if (ch === 'ё') out += wordStart || isCyrillicVowelOrSign(prev) ? 'yo' : 'o';
    else out += RUSSIAN[ch] ?? AZERBAIJANI_CYRILLIC[ch] ?? ch;
  }
  return out;
}

/** Azerbaijani Cyrillic to the Azerbaijani Latin alphabet, letter by letter (CLDR az-Cyrl → az-Latn). */
export function azerbaijaniCyrillicToLatin(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) out += AZERBAIJANI_CYRILLIC[ch] ?? ch;
  return out;
}

/**
 * Armenian BGN/PCGN: `ե` is `ye` and `ո` is `vo` at the start of a word (except in `ու`), `ու` is `u`, `և` is
 * `yev` at the start of a word and `ev` elsewhere. Both cases are handled by lower-casing first (Armenian has
 * case); the presentation-form ligatures (U+FB13-FB17) are expanded by NFKC before we get here.
 */
export function armenianToLatin(text: string): string {
  const chars = [...text.toLowerCase()];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const next = chars[i + 1];
    const prev = chars[i - 1];
    const wordStart = startsWord(prev);
    if (ch === 'ո' && next === 'ւ') {
      out += 'u';
      i++;
    } else if (ch === 'ո') out += wordStart ? 'vo' : 'o';
    else if (ch === 'ե') out += wordStart ? 'ye' : 'e';
    else if (ch === 'և') out += wordStart ? 'yev' : 'ev';
    else out += ARMENIAN[ch] ?? ch;
  }
  return out;
}

/**
 * ISO 9985:1996, the letter-for-letter transliteration of Armenian (Wikipedia, "Romanization of Armenian", and
 * T. T. Pedersen, "Transliteration of Non-Roman Scripts", Armenian table): ē ë tʼ ž x ç j ġ č̣ š č ǰ ṙ cʼ w pʼ kʼ ō,
 * with ու written ow and և ew. A name written so meets the BGN/PCGN romanisation (Xačʼatryan = Khachatryan,
 * Ġowkasyan = Ghukasyan) only when it is read back letter by letter, because its x, j, ç and w are other sounds than
 * in English or Azerbaijani spelling. A word is read as ISO 9985 when it carries a letter or mark only that system
 * uses among the conventions met here: ǰ ṙ ġ ē ō, the aspirate mark after t, p, k or c (ʼ U+02BC, ʻ U+02BB or the
 * combining U+0315 the standard prescribes), or č̣ (č with a dot below).
 */
const ISO_9985_MARKERS = /[ǰṙġēō]|[tpkc](?:ʼ|ʻ|\u0315)|č\u0323|j\u030c/u;

export function isIso9985Armenian(word: string): boolean {
  return ISO_9985_MARKERS.test(word.toLowerCase().normalize('NFC'));
}

/** ISO 9985 letters (NFD where they carry a combining mark) to the BGN/PCGN values the comparison uses. */
const ISO_9985_TO_BGN: Array<[RegExp, string]> = [
  [/č\u0323/gu, 'ch'], // ճ
  [/c(?:ʼ|ʻ|\u0315|’|')/gu, 'ts'], // ց
  [/([tpk])(?:ʼ|ʻ|\u0315|’|')/gu, '$1'], // թ, փ, ք: the aspirate mark goes
  [/ow/gu, 'u'], // ու
  [/ew/gu, 'ev'], // և
  [/ç/gu, 'ts'], // ծ
  [/j/gu, 'dz'], // ձ (ջ, written ǰ, is held apart above)
  [/ġ/gu, 'gh'], // ղ
  [/ṙ/gu, 'r'], // ռ
  [/ž/gu, 'zh'], // ժ
  [/š/gu, 'sh'], // շ
  [/č/gu, 'ch'], // չ
  [/x/gu, 'kh'], // խ
  [/ë/gu, 'y'], // ը
  [/ē/gu, 'e'], // է
  [/ō/gu, 'o'], // օ
  [/w/gu, 'v'], // ւ alone
];

export function iso9985ToLatin(word: string): string {
  // ǰ (j with caron) is ջ, plain j is ձ: ǰ is held as a capital J (the word is lower-cased) while j becomes dz
  let t = word.toLowerCase().normalize('NFC').replace(/ǰ|j\u030c/gu, 'J');
  for (const [from, to] of ISO_9985_TO_BGN) t = t.replace(from, to);
  return t.replace(/J/g, 'j');
}

/**
 * Č, š and ž (ISO 9 for Russian, ISO 9985 for Armenian, and the Latin alphabets of Czech, Slovak, Slovene, Croatian,
 * Lithuanian and Latvian) are the sounds English romanisation writes ch, sh and zh: Čobanyan = Chobanyan = Чобанян.
 * Stripping the caron alone would make them c, s and z.
 */
export function spellCarons(text: string): string {
  return /[čšžČŠŽ]/u.test(text) ? text.replace(/[čČ]/gu, 'ch').replace(/[šŠ]/gu, 'sh').replace(/[žŽ]/gu, 'zh') : text;
}

/**
 * Azerbaijani Latin letters to the ASCII forms English-language and Russian-derived lists use for the same names:
 * ə→a (Məmmədov/Mammadov), x→kh (Xəlilov/Khalilov, Халилов), q→g (Quliyev/Guliyev), c→j (Cəfər/Jafar),
 * j→zh (Jalə/Zhala, Жала), ğ→gh, ş→sh, ç→ch, ı→i, ö→o, ü→u. With this fold the Azerbaijani Latin spelling meets
 * the Russian BGN/PCGN romanisation of its Cyrillic rendering.
 */
const AZERBAIJANI_LATIN_FOLD: Record<string, string> = {
  ə: 'a', x: 'kh', q: 'g', c: 'j', j: 'zh', ğ: 'gh', ş: 'sh', ç: 'ch', ı: 'i', ö: 'o', ü: 'u',
};

/** Letters that only Azerbaijani (or Turkish) Latin spelling uses; their presence switches on the Azerbaijani fold. */
const AZERBAIJANI_LATIN_MARKERS = /[əğışçöü]/u;

export function isAzerbaijaniLatin(text: string): boolean {
  return AZERBAIJANI_LATIN_MARKERS.test(text.toLowerCase());
}

export function foldAzerbaijaniLatin(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) out += AZERBAIJANI_LATIN_FOLD[ch] ?? ch;
  return out;
}

/**
 * Cyrillic and Latin letters that look alike (Unicode's confusables for the two scripts, UTS #39): a name typed on a
 * keyboard switched to the other layout, or pasted from a list in the other script, mixes them in one word
 * (ADILОV with a Cyrillic О). Such a word is one name in one script, so its look-alikes are written in the script
 * of most of its letters; a word in one script is left alone.
 */
const CYRILLIC_LOOKALIKES: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', а: 'a', е: 'e', о: 'o',
  р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's',
};
const LATIN_LOOKALIKES: Record<string, string> = Object.fromEntries(Object.entries(CYRILLIC_LOOKALIKES).map(([c, l]) => [l, c]));
const MIXED_LATIN_CYRILLIC = /(?=.*[A-Za-z])(?=.*[\u0400-\u04ff])/su;

export function foldLookalikes(word: string): string {
  if (!MIXED_LATIN_CYRILLIC.test(word)) return word;
  const cyrillicMajority = detectScript(word.replace(/[AaBEeKMHOoPpCcTXxyijs\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455]/g, '')) === 'cyrillic';
  const table = cyrillicMajority ? LATIN_LOOKALIKES : CYRILLIC_LOOKALIKES;
  let out = '';
  for (const ch of word) out += table[ch] ?? ch;
  return out;
}

/** Removes combining marks after NFD (é→e, ñ→n) and maps the few Latin letters NFD does not decompose. */
export function stripDiacritics(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ıİ]/g, 'i')
    .replace(/ə/g, 'a')
    .replace(/Ə/g, 'A')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/ß/g, 'ss')
    .replace(/[đĐ]/g, 'd')
    .replace(/[æÆ]/g, 'ae');
}

export function hasVowel(text: string): boolean {
  return VOWELS_LATIN.test(text);
}
