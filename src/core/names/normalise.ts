import {
  armenianToLatin,
  azerbaijaniCyrillicToLatin,
  cyrillicToLatin,
  detectScript,
  foldAzerbaijaniLatin,
  foldLookalikes,
  isAzerbaijaniCyrillic,
  isIso9985Armenian,
  iso9985ToLatin,
  spellCarons,
  isAzerbaijaniLatin,
  stripDiacritics,
} from './transliterate.ts';
import { givenNameVariant } from './given-variants.ts';

/**
 * How to read Latin text that carries no Azerbaijani-only letter (ə ğ ı ş ç ö ü). `auto` folds only the letters
 * that are unambiguous in this domain (x→kh, q→g); `azerbaijani` reads every Latin string as Azerbaijani (c→j,
 * j→zh as well), for a source known to be written in Azerbaijani Latin; `generic` folds nothing beyond diacritics.
 */
export type LatinProfile = 'auto' | 'azerbaijani' | 'generic';

export interface NormaliseOptions {
  latin?: LatinProfile;
}

function romaniseWord(word: string, azerbaijani: boolean, profile: LatinProfile): string {
  const script = detectScript(word);
  if (script === 'cyrillic') return azerbaijani ? foldAzerbaijaniLatin(azerbaijaniCyrillicToLatin(word)) : cyrillicToLatin(word);
  if (script === 'armenian') return armenianToLatin(word);
  const lower = word.toLowerCase();
  if (azerbaijani || profile === 'azerbaijani') return foldAzerbaijaniLatin(lower);
  if (profile === 'auto') return lower.replace(/x/g, 'kh').replace(/q/g, 'g');
  return lower;
}

/**
 * The BGN/PCGN-style romanisation of a name in any of the supported scripts, in lower-case ASCII letters and
 * spaces. Hyphenated and apostrophed parts are joined (Ter-Petrosyan → terpetrosyan, O'Neil → oneil) because
 * lists disagree on whether to write the hyphen at all.
 */
export function romanise(text: string, options: NormaliseOptions = {}): string {
  return romanisedWords(text, options).join(' ');
}

const HYPHENATED_MARKER = /[-‐‑](?=(?:оглы|кызы|оглу|гызы|oğlu|qızı|oglu|ogly|ogli|kyzy|kizi|gizi|qizi)(?!\p{L}))/giu;

/** Ter, Der, Տեր, Тер as a word of its own before an Armenian family name. */
const ARMENIAN_PREFIX = /^(?:ter|der|տեր|тер)$/iu;
const ARMENIAN_FAMILY_END = /(?:yan|ian|yants|iants|յան|եան|յանց|ян|янц)$/iu;

/**
 * The Armenian prefix Տեր is written joined, with a hyphen or apart (Ter-Petrosyan, Terpetrosyan, Der Bedrosian:
 * Wikipedia, "Armenian name"); a hyphen is already dropped when a word is romanised, so a prefix written apart is
 * joined to the family name after it here. Only before a word with an Armenian family-name ending, so that "der"
 * elsewhere (von der Leyen) stays a word.
 */
function joinArmenianPrefix(words: string[]): string[] {
  for (let i = 0; i + 1 < words.length; i++) {
    if (ARMENIAN_PREFIX.test(words[i]) && ARMENIAN_FAMILY_END.test(words[i + 1])) {
      words.splice(i, 2, `${words[i]}${words[i + 1]}`);
    }
  }
  return words;
}

function romanisedWords(text: string, options: NormaliseOptions): string[] {
  const profile = options.latin ?? 'auto';
  const nfkc = text.normalize('NFKC');
  // one Azerbaijani-only letter anywhere in the name decides how its other words are read
  const azerbaijani = isAzerbaijaniLatin(nfkc) || isAzerbaijaniCyrillic(nfkc);
  // initials run together (Т.А., T.A.) are separate words: the Soviet official form "Фамилия И.О."; and the older
  // hyphenated patronymic ("Гасан-оглы", "Mübariz-oğlu") is two words, or the father's name would be lost in one
  const words = joinArmenianPrefix(nfkc.replace(HYPHENATED_MARKER, ' ').split(/[\s,;/]+|\.(?=\p{L})/u));
  const out: string[] = [];
  for (const word of words) {
    if (word.length === 0) continue;
    const key = `${azerbaijani ? 1 : 0}${profile}\u0000${word}`;
    let letters = wordCache.get(key);
    if (letters === undefined) {
      // M' is the clerks' contraction of Mac (M'Donald = McDonald = Macdonald): written out before the apostrophe goes
      const oneScript = foldLookalikes(word);
      const joined = oneScript.replace(/^M['’ʼ‘`](?=\p{L})/u, 'Mac').replace(/[-‐‑'’ʼ`´.]/gu, '');
      // an ISO 9985 Armenian word is read back letter by letter before anything else (its x, j, ç, w differ)
      const romanised = isIso9985Armenian(oneScript) ? iso9985ToLatin(oneScript.replace(/[-‐‑.]/gu, '')) : romaniseWord(joined, azerbaijani, profile);
      letters = stripDiacritics(spellCarons(romanised))
        .toLowerCase()
        .replace(/[^a-z]/g, '');
      remember(key, letters);
    }
    if (letters.length > 0) out.push(letters);
  }
  return out;
}

/**
 * Names are made of a small vocabulary of words (Məmmədov occurs thousands of times in a large list), so the
 * romanisation of each word is remembered; the cache is cleared when it grows past a bound.
 */
const wordCache = new Map<string, string>();
const comparableCache = new Map<string, string>();
const CACHE_LIMIT = 500_000;

function remember(key: string, value: string): void {
  if (wordCache.size >= CACHE_LIMIT) wordCache.clear();
  wordCache.set(key, value);
}

/**
 * Rewrites that make romanisations of one name by different conventions meet: Russian dzh for Azerbaijani c,
 * Aliyev/Aliev, -ian/-yan, Yelena/Elena, w/v, and doubled letters (Məmmədov/Mamedov). Applied to both sides of a
 * comparison, so a rewrite can only bring spellings together; it is never shown to a person.
 */
export function comparableToken(token: string): string {
  return givenNameVariant(rewriteToken(token), romanisedRewrite);
}

/** A table word (given-variants.ts) as a name word becomes: romanised as a Latin word of the `auto` profile, rewritten. */
function romanisedRewrite(word: string): string {
  return rewriteToken(stripDiacritics(romaniseWord(word, false, 'auto')).toLowerCase().replace(/[^a-z]/g, ''));
}

/**
 * Scandinavian patronymics: a daughter's -sdatter is written -sdr., -sd., -sdtr. (and -sdotter, -sdóttir in Swedish
 * and Icelandic), a son's -sen also -søn and -son (Olsen, Olsøn, Olson): FamilySearch Research Wiki, "Norway Naming
 * Customs" and "Norwegian Genealogical Word List". Each is written in one form so that the abbreviations meet.
 */
const DAUGHTER_SUFFIX = /(?<=[a-z]{2})s(?:datter|dater|dotter|doter|dottir|dotir|dattr|dtr|dr|d)$/;
const SON_SUFFIX = /(?<=[a-z]{2}s?)s[oe]n$/;

/**
 * Russian names as French and German documents spell them (French Wikipedia, "Transcription du russe en français";
 * the Duden transcription, German Wikipedia, "Deutsche Transkription russischer Namen"), written in the English
 * letter values the other rewrites expect: German дж, ч, ш as dsch, tsch, sch (Dschafarow, Eltschin, Schirin);
 * French дж as dj (Djafarov, Khodjaly), г as gu before e and i (Ibraguim, Gueïdar); German й as j after a vowel
 * (Gussejnowa, Bajramow) and the ending -jew (Alijew). Only sequences that the English romanisation does not
 * produce for these names are rewritten; the French ch (ш) and the German ch (х) and initial j (й: Jussif) are left
 * alone, as English writes ch and j for other letters (ч, дж). The French ou (у: Goulnara) is left alone too:
 * written u, it cost the English historical register .016 of F1 (Young, Gould, Louisa are English spellings).
 */
function westernLetterValues(token: string): string {
  if (!/sch|dj|gu[eiy]|[aeiou]j/.test(token)) return token;
  return token
    .replace(/dsch/g, 'j')
    .replace(/tsch/g, 'ch')
    .replace(/sch/g, 'sh')
    .replace(/dj/g, 'j')
    .replace(/gu(?=[eiy])/g, 'g')
    .replace(/(?<=[aeiou])je(?=[wv])/g, 'ye')
    .replace(/(?<=[aeiou])j(?![aeiouy])/g, 'i');
}

function rewriteToken(token: string): string {
  let t = token;
  // Scottish and Irish Mac is written Mac, Mc or M' for one family, often by one clerk (McDonald, Macdonald,
  // M'Donald; National Records of Scotland, ScotlandsPeople "Surnames" guide, which searches them as one): Mac here
  t = t.replace(/^mc(?=[a-z]{2})/, 'mac');
  // St and Ste are Saint and Sainte in names (St Clair, St John): the abbreviation as the whole word only
  if (t === 'st') return 'saint';
  if (t === 'ste') return 'sainte';
  t = t.replace(DAUGHTER_SUFFIX, 'sdater');
  t = t.replace(SON_SUFFIX, 'sen');
  t = westernLetterValues(t);
  t = t.replace(/dzh/g, 'j');
  // Armenian Hovhannes and the family names made from it: Russian writes the հ/վհ as nothing, г or в (Оганесян,
  // Ованесян), Western Armenian romanisation as h (Ohanian), Eastern BGN/PCGN as vh (Hovhannisyan): one stem ovan
  // (Russian Wikipedia, "Оганесян"; BGN/PCGN 1981 for Armenian)
  t = t.replace(/^h?o(?:vh|gh|v|g|h)an+(?=[eiy]|$)/, 'ovan');
  // Azerbaijani h at the start of a word is г in the Soviet practical transcription (Həsən = Гасан, Hüseyn = Гусейн,
  // Hacıyev = Гаджиев; Russian Wikipedia, "Азербайджанско-русская практическая транскрипция"), which English lists
  // romanise g (Gasanov, Guseynova): written g here on both sides. Inside a word the same h is г or х, so it stays.
  t = t.replace(/^h(?=[aeiouy])/, 'g');
  // inside a word the same h is х, romanised kh (Mehdi = Мехти = Mekhti, Zəhra = Захра = Zakhra), and Azerbaijani x
  // is х too (Bəxtiyar = Бахтияр): so kh inside a word is written h on every side
  t = t.replace(/(?<=.)kh/g, 'h');
  t = t.replace(/w/g, 'v');
  // Azerbaijani ğ (folded gh) and Armenian ղ (gh) are written г in Russian: Ağdam = Агдам = Aghdam
  t = t.replace(/gh/g, 'g');
  t = t.replace(/^ye/, 'e');
  t = t.replace(/^yo/, 'o');
  // ICAO Doc 9303 (7th ed., part 3), the transliteration of Russian passports since 2014, writes ю and я as iu and
  // ia (Юсиф = IUSIF, Яна = IANA) where BGN/PCGN writes yu and ya: at the start of a word they are written y here
  t = t.replace(/^i(?=[aou])/, 'y');
  // the Russian rendering of Azerbaijani ü, ö and of ə after k, g, l writes a soft vowel after the consonant (Şükür
  // = Шукюр, Füzuli = Физули/Фюзули, Kəmalə = Кямаля), which English romanises yu, yo, ya (Shukyurov, Fyuzuli,
  // Kyamalya) where the Azerbaijani spelling has a plain vowel (Shukurov, Fuzuli, Kamala); the Armenian family-name
  // suffix -yan, -yants is left alone (its y is a sound of its own, and the suffix tells a family name)
  t = t.replace(/(?<=[bcdfgklmnprstvz])y(?=[aou])(?!an(?:ts?)?$)/g, '');
  // a g before a voiceless consonant is devoiced in speech and written к in Russian (Oqtay = Октай = Oktay,
  // Baxtiyar stays): English lists romanising the Azerbaijani q as g (Ogtay) then meet the Russian-derived k
  t = t.replace(/g(?=[ptksfc])/g, 'k');
  t = t.replace(/iy(?=[aeiou])/g, 'i');
  t = t.replace(/iy$/g, 'i');
  t = t.replace(/yy$/g, 'i');
  t = t.replace(/ia(n|nts)$/g, 'ya$1');
  // the older Armenian family-name ending -յանց (Russian -янц, Vardanyants; Wikipedia, "Armenian name") is the
  // -յան name with a plural genitive -ց; families and clerks write one name both ways (Петросянц, Петросян)
  t = t.replace(/(?<=[a-z]{3})yants?$/, 'yan');
  // the prefix Տեր (Ter-, of a priest's descendants) is Der in Western Armenian spellings (Der Krikorian)
  t = t.replace(/^der(?=[a-z]{3,}yan$)/, 'ter');
  // Russian ы and Azerbaijani ı both end up as y or i; before a consonant or at the end (Гусейн/Husein/Hüseyn,
  // Айдын/Aydın) the Russian й of a diphthong is i in English-language lists too
  t = t.replace(/y(?![aeiouy])/g, 'i');
  // the Azerbaijani suffix -lı/-li/-lu/-lü follows vowel harmony and Armenian writes it -լու: Xocalı = Խոջալու
  if (t.length >= 5) t = t.replace(/l[iu]$/, 'li');
  // a final q is written к in Russian (Tofiq = Тофик), and final voicing is lost in speech anyway
  // (an initial alone, Г. in "Ширинова Г.Г.", stays g: it stands for the start of Гулшан, not for a final sound)
  t = t.replace(/(?<=.)g$/, 'k');
  // Western Armenian pronounces, and the diaspora spells, the stops the other way round from Eastern Armenian
  // (բ/պ p/b, գ/կ k/g, դ/տ t/d: Պետրոսյան is Petrosyan in Armenia and Russia, Bedrosian abroad; Գևորգյան is Gevorgyan
  // and Kevorkian; Wikipedia, "Western Armenian" and "Romanization of Armenian", ALA-LC's Western values). A family
  // name with the Armenian -yan (-ian) ending is written with voiceless stops on every side, so that both meet; and
  // the French spelling ou of its u (Manoukian, Ghoukasian) is u. A g between vowels stays: there it is mostly the
  // Russian г for the Armenian հ (Սահակյան = Сагакян, Վահանյան = Ваганян), which the phonetic key drops like h
  if (t.length >= 6 && t.endsWith('yan')) {
    t = `${t.slice(0, -3).replace(/b/g, 'p').replace(/d/g, 't').replace(/(?<![aeiou])g|g(?![aeiouy])/g, 'k').replace(/ou/g, 'u')}yan`;
  }
  t = t.replace(/([a-z])\1+/g, '$1');
  return t;
}

/** The comparable form of a name: romanised, diacritics stripped, case-folded, spellings brought together. */
export function normaliseName(text: string, options: NormaliseOptions = {}): string {
  const words = romanisedWords(text, options);
  for (let k = 0; k < words.length; k++) {
    let c = comparableCache.get(words[k]);
    if (c === undefined) {
      c = comparableToken(words[k]);
      if (comparableCache.size >= CACHE_LIMIT) comparableCache.clear();
      comparableCache.set(words[k], c);
    }
    words[k] = c;
  }
  return words.join(' ');
}

const SURNAME_SUFFIX = /(?:ova|eva|yeva|ov|ev|yev|yan|yants|ants|skaya|skiy|ski|shvili|dze|zade|zada)$/;
const SURNAME_SUFFIX_LONG = /(?:li|lu|ly|lou)$/;
/** An Armenian family name in comparable form: -yan (with -ian and -yants folded into it) or -nts. */
const ARMENIAN_FAMILY_NAME = /(?:yan|nts)$/;

/** True when a comparable token ends like an Azerbaijani, Armenian or Russian family name. */
export function looksLikeSurname(token: string): boolean {
  if (token.length >= 5 && SURNAME_SUFFIX.test(token)) return true;
  return token.length >= 6 && SURNAME_SUFFIX_LONG.test(token);
}

/**
 * The stem of a family name with gender and the common suffixes removed: Əliyeva, Алиев, Aliyev and Əlili all
 * give `ali`; Petrosyan, Петросянц and Petrossian give `petros`. Kept as an extra key beside the full name, never
 * instead of it, because Hasanov and Hasanli are different families that share a stem.
 */
export function surnameStem(token: string): string {
  let t = token;
  t = t.replace(/(ov|ev|in|sk)a$/, '$1').replace(/skaya$/, 'sk');
  const stripped = t
    .replace(/(?:yev|iev|ov|ev|yants|yan|ants|an|skiy|ski|shvili|dze|zade|zada)$/, '')
    .replace(/(?:li|lu|ly|lou)$/, '');
  return stripped.length >= 2 ? stripped : t;
}

const PATRONYMIC_MARKERS = new Set([
  'oglu', 'oghlu', 'ogly', 'ogli', 'ogul', 'oqlu', 'kyzy', 'kizi', 'gizi', 'gyzy', 'kyzi', 'gizy', 'ghizi', 'qizi', 'qyzy',
]);
const PATRONYMIC_SUFFIX = /(?:ovich|evich|yevich|ovych|ovna|evna|yevna|ichna|ich|ovitch|evitch)$/;

/**
 * Forms of address that relatives put beside a name when they report it, in comparable form: Azerbaijani xanım
 * (Mrs), bəy (Mr), müəllim (teacher, said to any educated man), and for elders xala (aunt), dayı (uncle), əmi
 * (paternal uncle), nənə (grandmother), baba (grandfather), kişi (man); Russian тётя, дядя, баба, дед; Armenian
 * տիկին (Mrs), պարոն (Mr), մորաքույր/հորաքույր (aunt), քեռի (uncle) (meanings as in "Azərbaycan dilinin izahlı
 * lüğəti", 2006, and Russian Wikipedia, "Обращение"). Xanım and Baba are also names (and Baba a family-name root), so a word is dropped
 * only while two other words remain: "Gülnarə xanım Əliyeva" loses it, "Xanım Əliyeva" keeps it.
 */
const FORMS_OF_ADDRESS = new Set([
  'khanim', 'khanum', 'bai', 'bei', 'bek', 'mualim', 'khala', 'dayi', 'dai', 'ami', 'nana', 'baba', 'kishi',
  'totya', 'tetya', 'dyadya', 'tota', 'teta', 'dada', 'ded', 'tikin', 'paron', 'morakuir', 'gorakuir', 'keri',
]);

/** The comparable words of a name without the forms of address around it (see {@link FORMS_OF_ADDRESS}). */
export function withoutFormsOfAddress(tokens: readonly string[]): string[] {
  const kept = tokens.filter((t) => !FORMS_OF_ADDRESS.has(t));
  if (kept.length >= 2) return kept;
  // too few words left: drop only as many address words as leaves two, from the front (тётя Сара Алиева)
  const out = [...tokens];
  for (let i = 0; i < out.length && out.length > 2; ) {
    if (FORMS_OF_ADDRESS.has(out[i])) out.splice(i, 1);
    else i++;
  }
  return out;
}

export interface ParsedName {
  given: string;
  family: string;
  patronymic: string;
  /** The father's given name underlying the patronymic (Hüseyn oğlu, Гусейнович, Գագիկի → huseyn/gusen/gagik). */
  patronymicRoot: string;
}

export interface ParseOptions extends NormaliseOptions {
  /** Order to assume when nothing in the name shows which part is the family name. */
  order?: 'given-first' | 'family-first';
}

/**
 * The father's given name in a Russian-style patronymic (Натигович → natig, Вагифовна → vagif, Алиевич → ali),
 * brought to the comparable form of a given name again, because a final letter of the root may now end the word
 * (Тофикович and Tofiq oğlu both give tofik).
 */
function patronymicRoot(token: string): string {
  const root = token.replace(PATRONYMIC_SUFFIX, '');
  return root.length >= 2 ? comparableToken(root) : token;
}

/**
 * The father's given name in a column that holds a patronymic alone, written in any of the conventions of the
 * region: Azerbaijani "Famil oğlu"/"Səbinə qızı", its Russian rendering "Фамиль оглы"/"кызы", romanised "ogly",
 * "oglu", "kyzy", "gizi", the Russian suffixes -ович/-евич/-овна/-евна, the Armenian genitive (Գագիկի), or the
 * father's name itself (an "ata adı" column). Markers and suffixes go, and the root is normalised like a given
 * name, so that Natig oglu, Натигович and Natigovich all give `natik`.
 */
export function patronymicRootOf(text: string, options: NormaliseOptions = {}): string {
  const tokens = normaliseName(text, options)
    .split(' ')
    .filter((t) => t.length > 0 && !PATRONYMIC_MARKERS.has(t));
  if (tokens.length === 0) return '';
  const last = tokens[tokens.length - 1];
  if (last.length > 5 && PATRONYMIC_SUFFIX.test(last)) tokens[tokens.length - 1] = patronymicRoot(last);
  else if (tokens.length === 1 && detectScript(text) === 'armenian' && last.length > 3 && last.endsWith('i')) {
    tokens[0] = comparableToken(last.slice(0, -1));
  }
  return tokens.join(' ');
}

/**
 * Splits a full name into given, family and patronymic parts. Patronymics are recognised by the Azerbaijani
 * oğlu/qızı words (any script), Russian -ovich/-ovna endings, and in Armenian script by the genitive -ի of a
 * third word; the family name by its ending; otherwise by position.
 */
export function parseFullName(text: string, options: ParseOptions = {}): ParsedName {
  const armenian = detectScript(text) === 'armenian';
  const tokens = withoutFormsOfAddress(normaliseName(text, options).split(' ').filter((t) => t.length > 0));
  let patronymic = '';
  let root = '';
  const rest: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    if (next !== undefined && PATRONYMIC_MARKERS.has(next) && !patronymic) {
      patronymic = `${tokens[i]} ${next}`;
      root = tokens[i];
      i++;
      continue;
    }
    if (!patronymic && tokens.length >= 3 && PATRONYMIC_SUFFIX.test(tokens[i]) && tokens[i].length > 5) {
      patronymic = tokens[i];
      root = patronymicRoot(tokens[i]);
      continue;
    }
    rest.push(tokens[i]);
  }
  if (!patronymic && armenian && rest.length === 3 && rest[2].endsWith('i') && !looksLikeSurname(rest[2])) {
    patronymic = rest[2];
    root = rest[2].slice(0, -1);
    rest.pop();
  }
  // the Armenian civil order, given name, father's name in the genitive, family name ("Արամ Վարդանի Պետրոսյան";
  // Wikipedia, "Armenian name": the patronymic stands between the given and the family name in documents), also
  // romanised ("Aram Vardani Petrosyan") when the family name has the Armenian ending
  if (
    !patronymic &&
    rest.length === 3 &&
    rest[1].length > 3 &&
    rest[1].endsWith('i') &&
    !looksLikeSurname(rest[0]) &&
    !looksLikeSurname(rest[1]) &&
    (armenian ? looksLikeSurname(rest[2]) : ARMENIAN_FAMILY_NAME.test(rest[2]))
  ) {
    patronymic = rest[1];
    root = comparableToken(rest[1].slice(0, -1));
    rest.splice(1, 1);
  }
  let familyIndex = -1;
  const candidates = rest.map((t, i) => (looksLikeSurname(t) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length > 0) {
    familyIndex = options.order === 'given-first' ? candidates[candidates.length - 1] : candidates[0];
  } else if (rest.length >= 2) {
    // a patronymic after the other names is the Azerbaijani/Russian family-given-patronymic order
    const patronymicLast = patronymic !== '' && tokens[tokens.length - 1] !== rest[rest.length - 1];
    familyIndex = options.order === 'family-first' || (patronymicLast && options.order !== 'given-first') ? 0 : rest.length - 1;
  }
  const family = familyIndex >= 0 ? rest[familyIndex] : '';
  const others = rest.filter((_, i) => i !== familyIndex);
  // "Гасанов Т. А.", "Гасанов Тофик А.": after a family name written first, a last initial is the patronymic's;
  // and "Məmmədov Əli Həsən", "Мехтиева Фируза Мюбариз": a family name first and two more words is the order of
  // Azerbaijani and Soviet lists (Soyadı, Adı, Ata adı / Фамилия, Имя, Отчество) with the father's name unmarked
  const unmarkedFather = others.length === 2 && familyIndex === 0 && candidates.length > 0;
  if (!patronymic && familyIndex === 0 && others.length >= 2 && (others[others.length - 1].length === 1 || unmarkedFather)) {
    patronymic = others.pop()!;
    root = patronymic;
  }
  const given = others.join(' ');
  return { given, family, patronymic, patronymicRoot: root };
}
