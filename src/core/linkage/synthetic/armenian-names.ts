import type { Random } from './writers.ts';

/**
 * Armenian names for the Armenian register generator (armenian-register.ts): a vocabulary of its own (not the
 * families' reports' names) and the ways lists write it. Each name is given in Armenian script (reformed
 * orthography) with its established Russian form, which is not a letter-by-letter transliteration (Հրանտ = Грант,
 * Գոհար = Гоар, Հովսեփ = Овсеп, Գևորգ = Геворк: Russian writes the Armenian հ as г or drops it); every Latin form
 * is written from the Armenian by the romanisers below, so that each convention's rules, not a list of spellings,
 * make the variants.
 *
 * Sources of the conventions:
 * - Wikipedia, "Armenian name": family names in -յան (-yan, -ian; classical -եան), less often -նց (Bakunts, Adontz)
 *   or -yan with -ts (Vardanyants); the prefix Տեր (Ter-, Der) of a priest's descendants, with a hyphen, a space or
 *   none; in Armenia patronymics are used in official documents between the given name and the family name;
 * - Armenian grammar (Wikipedia, "Armenian language", noun declension): the father's name stands in the genitive,
 *   -ի after a consonant (Վարդան → Վարդանի), -յի after a vowel, and names whose last syllable loses its vowel
 *   before an ending do so in the genitive as in the family name made from them (Սարգիս → Սարգսի, Սարգսյան;
 *   Մկրտիչ → Մկրտչի, Մկրտչյան; Խաչատուր → Խաչատրի, Խաչատրյան); a woman's family name has no feminine form;
 * - BGN/PCGN 1981 romanisation of Armenian (Eastern values; ye-, vo- at the start of a word, the aspirates with an
 *   apostrophe: t', ch', ts', p', k') and ISO 9985:1996 (ē, ë, tʼ, ž, x, ç, ġ, č̣, š, č, ǰ, ṙ, cʼ, w, ow, pʼ, kʼ, ō),
 *   as tabulated in Wikipedia, "Romanization of Armenian", and in T. T. Pedersen's "Transliteration of Non-Roman
 *   Scripts" table for Armenian;
 * - Western Armenian pronunciation and the diaspora's spellings (Wikipedia, "Western Armenian", "Romanization of
 *   Armenian": ALA-LC's Western values): the consonant shift բ/պ p/b, գ/կ k/g, դ/տ t/d, ճ/ջ j/ch, ծ/ձ dz/ts, -ian for
 *   -յան, ou for ու in French-influenced spellings, a double s between vowels (Petrossian) — Պետրոսյան is
 *   Petrosyan in Armenia, Bedrosian or Petrossian in the diaspora.
 * Every person the generator makes is fictional; the names are common names, and the places real towns used as
 * places only.
 */

/** Armenian script, the established Russian form. */
export type ArmenianForms = readonly [armenian: string, russian: string];

export const MALE: ArmenianForms[] = [
  ['Տիգրան', 'Тигран'],
  ['Գևորգ', 'Геворк'],
  ['Հայկ', 'Айк'],
  ['Դավիթ', 'Давид'],
  ['Սարգիս', 'Саркис'],
  ['Մկրտիչ', 'Мкртич'],
  ['Հրանտ', 'Грант'],
  ['Համլետ', 'Гамлет'],
  ['Արտաշես', 'Арташес'],
  ['Գուրգեն', 'Гурген'],
  ['Վազգեն', 'Вазген'],
  ['Խաչատուր', 'Хачатур'],
  ['Պետրոս', 'Петрос'],
  ['Պողոս', 'Погос'],
  ['Հովսեփ', 'Овсеп'],
  ['Ղազար', 'Казар'],
  ['Մանվել', 'Манвел'],
  ['Ռաֆիկ', 'Рафик'],
  ['Նորայր', 'Норайр'],
  ['Սեյրան', 'Сейран'],
  ['Վաչագան', 'Вачаган'],
  ['Կարապետ', 'Карапет'],
  ['Էդուարդ', 'Эдуард'],
  ['Բագրատ', 'Баграт'],
  ['Ժիրայր', 'Жирайр'],
  ['Աբգար', 'Абгар'],
];

export const FEMALE: ArmenianForms[] = [
  ['Աստղիկ', 'Астхик'],
  ['Հռիփսիմե', 'Рипсиме'],
  ['Շուշան', 'Шушан'],
  ['Սաթենիկ', 'Сатеник'],
  ['Գոհար', 'Гоар'],
  ['Արփինե', 'Арпине'],
  ['Լիլիթ', 'Лилит'],
  ['Մարգարիտ', 'Маргарит'],
  ['Զարուհի', 'Заруи'],
  ['Ալվարդ', 'Алвард'],
  ['Հերմինե', 'Эрмине'],
  ['Նաիրա', 'Наира'],
  ['Սոնա', 'Сона'],
  ['Վարսենիկ', 'Варсеник'],
  ['Ռիմա', 'Рима'],
  ['Թագուհի', 'Тагуи'],
  ['Գայանե', 'Гаянэ'],
  ['Եվա', 'Ева'],
  ['Օֆելյա', 'Офелия'],
  ['Հայկանուշ', 'Айкануш'],
];

/** Family names, drawn evenly (family names are far more varied than given names; see family-reports.ts). */
export const FAMILY: ArmenianForms[] = [
  ['Պետրոսյան', 'Петросян'],
  ['Գևորգյան', 'Геворкян'],
  ['Հովսեփյան', 'Овсепян'],
  ['Բարսեղյան', 'Барсегян'],
  ['Ղուկասյան', 'Гукасян'],
  ['Թորոսյան', 'Торосян'],
  ['Կիրակոսյան', 'Киракосян'],
  ['Զոհրաբյան', 'Зограбян'],
  ['Սեդրակյան', 'Седракян'],
  ['Շահինյան', 'Шагинян'],
  ['Ավագյան', 'Авакян'],
  ['Թովմասյան', 'Товмасян'],
  ['Բադալյան', 'Бадалян'],
  ['Գաբրիելյան', 'Габриелян'],
  ['Դարբինյան', 'Дарбинян'],
  ['Քոչարյան', 'Кочарян'],
  ['Մելիքյան', 'Меликян'],
  ['Աղաջանյան', 'Агаджанян'],
  ['Ադամյան', 'Адамян'],
  ['Սաֆարյան', 'Сафарян'],
  ['Մարգարյան', 'Маргарян'],
  ['Դանիելյան', 'Даниелян'],
  ['Մեսրոպյան', 'Месропян'],
  ['Տոնոյան', 'Тоноян'],
  ['Ղարիբյան', 'Гарибян'],
  ['Ալեքսանյան', 'Алексанян'],
  ['Պապյան', 'Папян'],
  ['Հայրիյան', 'Айриян'],
  ['Մկրտչյան', 'Мкртчян'],
  ['Սարգսյան', 'Саркисян'],
  ['Խաչատրյան', 'Хачатрян'],
  ['Գասպարյան', 'Гаспарян'],
  ['Եսայան', 'Есаян'],
  ['Օհանյան', 'Оганян'],
  ['Չոբանյան', 'Чобанян'],
  ['Ջհանգիրյան', 'Джангирян'],
  // the prefix of a priest's descendants, written with a hyphen in Armenia and Russia, apart or joined abroad
  ['Տեր-Գրիգորյան', 'Тер-Григорян'],
  ['Տեր-Մինասյան', 'Тер-Минасян'],
  // the older -նց family names of Syunik and Artsakh (Bakunts, Adontz)
  ['Բակունց', 'Бакунц'],
  ['Մամունց', 'Мамунц'],
  ['Ադոնց', 'Адонц'],
  ['Քալվարենց', 'Калваренц'],
];

/** Towns of Armenia and Karabakh, as places: Armenian, Russian (Soviet-era where it differed), BGN/PCGN. */
export const PLACES: ReadonlyArray<readonly [string, string, string]> = [
  ['Գորիս', 'Горис', 'Goris'],
  ['Կապան', 'Кафан', 'Kapan'],
  ['Սիսիան', 'Сисиан', 'Sisian'],
  ['Մեղրի', 'Мегри', 'Meghri'],
  ['Վարդենիս', 'Варденис', 'Vardenis'],
  ['Իջևան', 'Иджеван', 'Ijevan'],
  ['Բերդ', 'Берд', 'Berd'],
  ['Շուշի', 'Шуша', 'Shushi'],
  ['Նոյեմբերյան', 'Ноемберян', 'Noyemberyan'],
  ['Ստեփանավան', 'Степанаван', 'Stepanavan'],
];

/**
 * The father's name in the genitive, as Armenian documents write a patronymic: -ի after a consonant, -յի after a
 * vowel, and the names that lose the vowel of their last syllable (as in the family names made from them).
 */
const GENITIVE_IRREGULAR: Record<string, string> = { Սարգիս: 'Սարգսի', Մկրտիչ: 'Մկրտչի', Խաչատուր: 'Խաչատրի' };

export function armenianGenitive(name: string): string {
  const irregular = GENITIVE_IRREGULAR[name];
  if (irregular) return irregular;
  return /[աեէըիոօ]$/u.test(name) ? `${name}յի` : `${name}ի`;
}

/** A Russian patronymic from the Russian form of the father's name: Вардан → Варданович / Вардановна, Сергей → Сергеевич. */
export function russianPatronymic(fatherRussian: string, sex: 'M' | 'F'): string {
  if (fatherRussian.endsWith('й')) return `${fatherRussian.slice(0, -1)}${sex === 'M' ? 'евич' : 'евна'}`;
  return `${fatherRussian}${sex === 'M' ? 'ович' : 'овна'}`;
}

type Table = Record<string, string>;

/** BGN/PCGN 1981 (Eastern values), with the apostrophes of the aspirates as the system writes them. */
const BGN: Table = {
  ա: 'a',
  բ: 'b',
  գ: 'g',
  դ: 'd',
  ե: 'e',
  զ: 'z',
  է: 'e',
  ը: 'y',
  թ: "t'",
  ժ: 'zh',
  ի: 'i',
  լ: 'l',
  խ: 'kh',
  ծ: 'ts',
  կ: 'k',
  հ: 'h',
  ձ: 'dz',
  ղ: 'gh',
  ճ: 'ch',
  մ: 'm',
  յ: 'y',
  ն: 'n',
  շ: 'sh',
  ո: 'o',
  չ: "ch'",
  պ: 'p',
  ջ: 'j',
  ռ: 'rr',
  ս: 's',
  վ: 'v',
  տ: 't',
  ր: 'r',
  ց: "ts'",
  ւ: 'v',
  փ: "p'",
  ք: "k'",
  օ: 'o',
  ֆ: 'f',
  և: 'ev',
  '-': '-',
  ' ': ' ',
};

/** ISO 9985:1996, letter for letter, with its diacritics (ʼ is U+02BC). */
const ISO: Table = {
  ա: 'a',
  բ: 'b',
  գ: 'g',
  դ: 'd',
  ե: 'e',
  զ: 'z',
  է: 'ē',
  ը: 'ë',
  թ: 'tʼ',
  ժ: 'ž',
  ի: 'i',
  լ: 'l',
  խ: 'x',
  ծ: 'ç',
  կ: 'k',
  հ: 'h',
  ձ: 'j',
  ղ: 'ġ',
  ճ: 'č̣',
  մ: 'm',
  յ: 'y',
  ն: 'n',
  շ: 'š',
  ո: 'o',
  չ: 'č',
  պ: 'p',
  ջ: 'ǰ',
  ռ: 'ṙ',
  ս: 's',
  վ: 'v',
  տ: 't',
  ր: 'r',
  ց: 'cʼ',
  ւ: 'w',
  փ: 'pʼ',
  ք: 'kʼ',
  օ: 'ō',
  ֆ: 'f',
  և: 'ew',
  '-': '-',
  ' ': ' ',
};

/** Western Armenian values as diaspora spellings write them: the stops and affricates shifted. */
const WESTERN: Table = {
  ա: 'a',
  բ: 'p',
  գ: 'k',
  դ: 't',
  ե: 'e',
  զ: 'z',
  է: 'e',
  ը: 'u',
  թ: 't',
  ժ: 'j',
  ի: 'i',
  լ: 'l',
  խ: 'kh',
  ծ: 'dz',
  կ: 'g',
  հ: 'h',
  ձ: 'ts',
  ղ: 'gh',
  ճ: 'j',
  մ: 'm',
  յ: 'y',
  ն: 'n',
  շ: 'sh',
  ո: 'o',
  չ: 'ch',
  պ: 'b',
  ջ: 'ch',
  ռ: 'r',
  ս: 's',
  վ: 'v',
  տ: 'd',
  ր: 'r',
  ց: 'ts',
  ւ: 'v',
  փ: 'p',
  ք: 'k',
  օ: 'o',
  ֆ: 'f',
  և: 'ev',
  '-': '-',
  ' ': ' ',
};

const VOWEL = /[աեէըիոօ]/u;

function capitalise(text: string): string {
  return text.replace(/(^|[\s-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());
}

function wordStart(chars: string[], i: number): boolean {
  return i === 0 || chars[i - 1] === ' ' || chars[i - 1] === '-';
}

/** BGN/PCGN 1981: ye- and vo- at the start of a word, ու = u, և = yev at the start. */
export function bgnRomanise(armenian: string): string {
  const chars = [...armenian.toLowerCase()];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const start = wordStart(chars, i);
    if (c === 'ո' && chars[i + 1] === 'ւ') {
      out += 'u';
      i++;
    } else if (c === 'ե') out += start || VOWEL.test(chars[i - 1] ?? '') ? 'ye' : 'e';
    else if (c === 'ո') out += start ? 'vo' : 'o';
    else if (c === 'և') out += start ? 'yev' : 'ev';
    else out += BGN[c] ?? c;
  }
  return capitalise(out);
}

/** ISO 9985: strictly letter for letter (ու is ow, ե is e everywhere). */
export function isoRomanise(armenian: string): string {
  let out = '';
  for (const c of armenian.toLowerCase()) out += ISO[c] ?? c;
  return capitalise(out.normalize('NFC'));
}

/**
 * A diaspora spelling from Western Armenian pronunciation: the consonant shift, -ian for -յան (the classical -եան),
 * ou or u for ու, and (French usage) a double s between vowels so that it is not read z. The prefix Տեր is written
 * Der, apart or joined.
 */
export function westernRomanise(armenian: string, random: Random): string {
  const french = random() < 0.4;
  let text = armenian.toLowerCase().replace(/յան$/u, 'եան').replace(/յանց$/u, 'եանց');
  let prefix = '';
  if (text.startsWith('տեր-')) {
    prefix = random() < 0.5 ? 'Der ' : 'Der';
    text = text.slice(4);
  }
  const chars = [...text];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === 'ո' && chars[i + 1] === 'ւ') {
      out += french ? 'ou' : 'u';
      i++;
    } else if (c === 'ե' && chars[i + 1] === 'ա') {
      out += 'i';
    } else if (c === 'ո') out += wordStart(chars, i) ? 'vo' : 'o';
    else if (c === 'ս' && french && VOWEL.test(chars[i - 1] ?? '') && VOWEL.test(chars[i + 1] ?? '')) out += 'ss';
    else out += WESTERN[c] ?? c;
  }
  const word = capitalise(out);
  return prefix ? (prefix.endsWith(' ') ? prefix + word : prefix + word.toLowerCase()) : word;
}
