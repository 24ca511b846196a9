import { seededRandom } from '../model.ts';
import { capitaliseWords, type Random } from './writers.ts';

/**
 * Azerbaijani names as Soviet Russian documents write them, from the conventions of the Soviet-era
 * Azerbaijani–Russian practical transcription (Russian Wikipedia, "Азербайджанско-русская практическая
 * транскрипция"): ə → а (sometimes е), word-initial ə → а and e → э, h → г at the start of a word (Həsən → Гасан,
 * Hüseyn → Гусейн) and г or х inside it (Rəhim → Рагим or Рахим), q → г or к (Qasım → Гасым / Касым, Natiq →
 * Натиг / Натик), c → дж, ç → ч, ş → ш, x → х, ğ → г, ı → ы (и before y and after дж: Hacıyev → Гаджиев), ü → ю
 * or у, ö → о or ё, y + vowel → я/ю/е, iyyə → ия (Şərqiyyə → Шаргия), double mm often single (Məmməd → Мамед),
 * and ль before a consonant (Elçin → Эльчин).
 *
 * Where a letter has two renderings, each word has its conventional form (chosen once per word from a hash of the
 * word, so that Həsən is usually always Гасан), and a clerk departs from it in `deviation` of the words written.
 * This is a noise model written for the benchmark; it is not the normaliser's table run backwards.
 */

function azLower(text: string): string {
  return text.replace(/İ/g, 'i').replace(/I/g, 'ı').toLowerCase();
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const SIMPLE: Record<string, string> = {
  a: 'а', b: 'б', c: 'дж', ç: 'ч', d: 'д', f: 'ф', g: 'г', ğ: 'г', x: 'х', i: 'и', j: 'ж', k: 'к', l: 'л', m: 'м',
  n: 'н', o: 'о', p: 'п', r: 'р', s: 'с', ş: 'ш', t: 'т', u: 'у', v: 'в', z: 'з',
};
const VOWELS = 'aıoueəiöü';

function renderWord(word: string, choose: Random): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    const next = word[i + 1] ?? '';
    const prev = word[i - 1] ?? '';
    const initial = i === 0;
    if (word.slice(i) === 'zadə') {
      out += 'заде';
      break;
    }
    if (word.startsWith('iyyə', i)) {
      // Ülviyyə → Ульвия, Şərqiyyə → Шаргия
      out += 'ия';
      i += 3;
      continue;
    }
    if (ch === 'y' && next === 'ı' && prev && VOWELS.includes(prev)) {
      // Cəbrayıl → Джабраил
      out += 'и';
      i++;
      continue;
    }
    if (ch === 'y' && next && 'aeəuo'.includes(next)) {
      out += next === 'a' ? 'я' : next === 'u' ? 'ю' : next === 'o' ? 'ё' : 'е';
      i++;
      continue;
    }
    if (ch === 'y') out += 'й';
    else if (ch === 'ə') out += initial ? 'а' : choose() < 0.8 ? 'а' : 'е';
    else if (ch === 'e') out += initial ? 'э' : 'е';
    else if (ch === 'h') out += initial ? (choose() < 0.9 ? 'г' : 'х') : choose() < 0.5 ? 'г' : 'х';
    else if (ch === 'q') out += choose() < 0.6 ? 'г' : 'к';
    else if (ch === 'ı') out += next === 'y' || (next === '' && 'cçşj'.includes(prev)) ? 'и' : 'ы';
    else if (ch === 'ü') out += 'gkxh'.includes(prev) || choose() < 0.3 ? 'у' : 'ю';
    else if (ch === 'ö') out += choose() < 0.3 ? 'ё' : 'о';
    else if (ch === 'm' && next === 'm') {
      out += choose() < 0.7 ? 'м' : 'мм';
      i++;
    } else if (ch === 'l' && next && !VOWELS.includes(next) && next !== 'l' && choose() < 0.7) out += 'ль';
    else out += SIMPLE[ch] ?? ch;
  }
  return out;
}

/**
 * Established Russian forms of frequent names, which do not follow the letters (Məmməd → Мамед, Ələkbər →
 * Алекпер); a family name formed from one keeps it (Məmmədov → Мамедов, Hacıyev → Гаджиев).
 */
const ESTABLISHED: Record<string, string> = {
  məmməd: 'мамед', həsən: 'гасан', hüseyn: 'гусейн', əli: 'али', ələkbər: 'алекпер', əhməd: 'ахмед', hacı: 'гаджи',
  xədicə: 'хадиджа', gülnarə: 'гюльнара', səbinə: 'сабина', zəhra: 'захра', məryəm: 'марьям', heydər: 'гейдар',
  rəhim: 'рагим', kərim: 'керим', səməd: 'самед', cəfər: 'джафар', qasım: 'гасым', ismayıl: 'исмаил', tofiq: 'тофик',
  rafiq: 'рафик', vaqif: 'вагиф', natiq: 'натиг', quli: 'кули', ibrahim: 'ибрагим', yusif: 'юсиф', mehdi: 'мехти',
  səkinə: 'сакина', zərifə: 'зарифа', kəmalə: 'кямаля', ələsgər: 'алескер', əsgər: 'аскер', nəcəf: 'наджаф',
};
const ESTABLISHED_KEYS = Object.keys(ESTABLISHED).sort((a, b) => b.length - a.length);

function conventionalWord(word: string): string {
  const key = ESTABLISHED_KEYS.find((k) => word.startsWith(k));
  if (!key) return renderWord(word, seededRandom(hash(word)));
  const rest = word.slice(key.length);
  // the rest is a suffix (-ov, -yev, -li, -zadə) or a second name (Məmmədəli)
  return ESTABLISHED[key] + (rest ? renderWord(rest, seededRandom(hash(rest))) : '');
}

/** One Azerbaijani name (one or more words) in Russian, with the word's conventional form or a clerk's variant. */
export function azerbaijaniToSovietRussian(text: string, random: Random, deviation = 0.15): string {
  const words = azLower(text).split(/([ -])/);
  const out = words.map((w) => {
    if (w === ' ' || w === '-' || w === '') return w;
    return random() < deviation ? renderWord(w, random) : conventionalWord(w);
  });
  return capitaliseWords(out.join(''));
}

/**
 * The Russian patronymic of an Azerbaijani: the older form "Гасан оглы" / "Гасан кызы" (also hyphenated), or the
 * Russian suffix form made from the Russian rendering of the father's name (Гасанович / Гасановна, Алиевич).
 */
export function sovietPatronymic(fatherRussian: string, sex: 'M' | 'F', random: Random): string {
  const r = random();
  if (r < 0.45) return `${fatherRussian} ${sex === 'M' ? 'оглы' : 'кызы'}`;
  if (r < 0.55) return `${fatherRussian}-${sex === 'M' ? 'оглы' : 'кызы'}`;
  const stem = /[аеиоуыэюя]$/.test(fatherRussian) ? fatherRussian + 'ев' : /й$/.test(fatherRussian) ? fatherRussian.slice(0, -1) + 'ев' : fatherRussian + 'ов';
  return stem + (sex === 'M' ? 'ич' : 'на');
}

/** District adjectives in Russian, in the order of AZ_DISTRICTS (Агдамский р-н ...). */
export const RUSSIAN_DISTRICTS = [
  'Агдамский', 'Ходжалинский', 'Физулинский', 'Шушинский', 'Лачинский', 'Кельбаджарский', 'Джебраильский',
  'Кубатлинский', 'Зангеланский', 'Тертерский', 'Мартунинский', 'Мардакертский',
];

/** District names in Russian as nouns (Агдам, Ходжалы ...), for places written without "район". */
export const RUSSIAN_DISTRICT_TOWNS = ['Агдам', 'Ходжалы', 'Физули', 'Шуша', 'Лачин', 'Кельбаджар', 'Джебраил', 'Кубатлы', 'Зангелан', 'Тертер', 'Мартуни', 'Мардакерт'];
